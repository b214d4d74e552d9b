"""The History view, fed from a real history store: a friendly first step when empty; with
practice, the streak, a calendar, minutes per week, tension lines and the relief table, each
painted; Export and Delete ask through their dialogs; the charts load only with the view."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.core.history import CheckIn, DeletionSummary, HistoryStore, SessionRecord
from app.core.history.practices import PracticeRecord
from app.core.history.summary import EMPTY_HISTORY_TEXT, MINUS
from app.qt.journal_history import data_actions
from app.qt.journal_history.history_view import HistoryView
from app.qt.shell.notice_dialog import NoticeDialog
from tests.conftest import REPO
from tests.core.history.conftest import FakeWallClock

TODAY = date(2024, 5, 6)


@pytest.fixture
def view(qtbot: QtBot) -> HistoryView:
    history = HistoryView()
    qtbot.addWidget(history)
    history.resize(900, 1000)
    history.show()
    qtbot.waitExposed(history)
    return history


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(tmp_path / "history.sqlite3", FakeWallClock(datetime.now(UTC)))
    assert opened.store is not None, opened.notice
    yield opened.store
    opened.store.close()


def seeded_sessions(tmp_path: Path) -> list[SessionRecord]:
    """Four days of practice up to Monday 6 May 2024 (a four-day streak), written through the
    store: Box Breathing once (−1 everywhere), Body Scan twice (more relief), and a short
    breathing session without check-ins today."""
    wall = FakeWallClock(datetime(2024, 5, 3, 18, 0, tzinfo=UTC))
    opened = HistoryStore.open(tmp_path / "seeded.sqlite3", wall)
    assert opened.store is not None
    with opened.store as store:
        plan = [
            ("box-breathing", "Box Breathing", 5, CheckIn(5, 5, 5), CheckIn(4, 4, 4)),
            ("body-scan", "Body Scan", 12, CheckIn(8, 6, 8), CheckIn(4, 4, 5)),
            ("body-scan", "Body Scan", 12, CheckIn(6, 6, 6), CheckIn(4, 5, 4)),
            ("diaphragmatic-3min", "3-Minute Breathing", 3, None, None),
        ]
        for day, (routine, name, minutes, before, after) in enumerate(plan):
            wall.now = datetime(2024, 5, 3 + day, 18, 0, tzinfo=UTC)
            session = store.begin_session(routine, name, "h", before)
            wall.advance(minutes=minutes)
            store.finish_session(
                session, completed=True, practised_s=minutes * 60, step=2, after=after
            )
        return store.sessions()


def painted(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def colours_and_ink(image: QImage) -> tuple[int, int]:
    """Distinct colours, and pixels that differ from the most common (background) colour."""
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    background = max(counts.values())
    return len(counts), sum(counts.values()) - background


# ------------------------------------------------------------------------------ empty


def test_an_empty_history_offers_a_first_step(qtbot: QtBot, view: HistoryView) -> None:
    """No sessions: a sentence and a button that asks to start the 3-minute breathing, not
    empty axes."""
    view.set_sessions([], TODAY, UTC)
    assert view.showing_empty
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == EMPTY_HISTORY_TEXT
    assert not view.minutes_chart.isVisible()
    with qtbot.waitSignal(view.start_requested) as blocker:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["diaphragmatic-3min"]


def test_an_empty_store_is_an_empty_history(view: HistoryView, store: HistoryStore) -> None:
    """Straight from a new store, the view shows the first step."""
    view.set_sessions(store.sessions(), TODAY, UTC)
    assert view.showing_empty


# ------------------------------------------------------------------------------ figures


def test_seeded_history_shows_the_streak_and_days(view: HistoryView, tmp_path: Path) -> None:
    """Practice on the 3rd, 4th, 5th and 6th of May: a streak of 4, four days this month."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY, UTC)
    assert not view.showing_empty
    assert view.streak_label.text() == "Current streak: 4 days"
    assert view.days_label.text() == "Days practised: 4 in all, 4 this month"


def test_the_mini_pacer_has_a_line_of_its_own(view: HistoryView, tmp_path: Path) -> None:
    sessions = seeded_sessions(tmp_path)
    view.set_sessions(sessions, TODAY, UTC)
    assert view.pacer_label.isHidden()  # never used: nothing said
    start = datetime(2024, 5, 6, 10, tzinfo=UTC)
    breathed = PracticeRecord(
        "mini_pacer",
        "resonance",
        "Resonance breathing",
        "in 5.5 s · out 5.5 s",
        start,
        start + timedelta(minutes=15),
        15 * 60,
    )
    view.set_sessions(sessions, TODAY, UTC, practices=[breathed])
    assert view.pacer_label.isVisible()
    assert view.pacer_label.text() == "Breathing while working: 15 min this week, 15 min in all"
    assert view.days_label.text() == "Days practised: 4 in all, 4 this month"  # not a session


def test_every_chart_is_painted(view: HistoryView, tmp_path: Path) -> None:
    """The calendar, the bars and the lines each paint something: several colours and a fair
    share of pixels that are not background (the offscreen grab is not blank)."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY, UTC)
    for chart in (view.calendar, view.minutes_chart, view.tension_chart):
        assert chart.isVisible()
        colours, ink = colours_and_ink(painted(chart))
        assert colours >= 6, chart.objectName()
        assert ink >= 150, chart.objectName()


def test_the_calendar_marks_the_days_practised_and_moves_by_month(
    qtbot: QtBot, view: HistoryView, tmp_path: Path
) -> None:
    """May 2024 with four days filled; the next month is not offered, the previous one is, and
    there the days are empty."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY, UTC)
    month = view.calendar.month
    assert month is not None and month.title == "May 2024"
    assert view.month_label.text() == "May 2024"
    assert month.practised_days == 4
    assert "3, 4, 5, 6" in view.calendar.accessibleDescription()
    assert not view.next_month_button.isEnabled()
    may = painted(view.calendar)
    qtbot.mouseClick(view.previous_month_button, Qt.MouseButton.LeftButton)
    assert view.month_label.text() == "April 2024"
    assert view.next_month_button.isEnabled()
    assert painted(view.calendar) != may
    qtbot.mouseClick(view.next_month_button, Qt.MouseButton.LeftButton)
    assert view.month_label.text() == "May 2024"


def test_minutes_per_week_hold_the_last_twelve_weeks(view: HistoryView, tmp_path: Path) -> None:
    """This week (from Monday 6 May) has 3 minutes; the week before 29."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY, UTC)
    series = view.minutes_chart.series
    assert series is not None
    assert len(series.values) == 12
    assert series.labels[-1] == "6 May"
    assert series.values[-2:] == pytest.approx((29, 3))


def test_the_region_selector_switches_the_tension_lines(
    qtbot: QtBot, view: HistoryView, tmp_path: Path
) -> None:
    """Upper back first: before 5, 8, 6 and after 4, 4, 4; choosing the lower back shows its
    values and repaints."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY, UTC)
    chart = view.tension_chart.chart
    assert chart is not None and chart.region == "upper"
    assert (chart.before, chart.after) == ((5, 8, 6), (4, 4, 4))
    upper = painted(view.tension_chart)
    qtbot.mouseClick(view.region_buttons["lower"], Qt.MouseButton.LeftButton)
    chart = view.tension_chart.chart
    assert chart is not None and chart.region == "lower"
    assert chart.after == (4, 5, 4)
    assert view.region == "lower"
    assert painted(view.tension_chart) != upper


def test_sessions_without_check_ins_get_a_sentence_not_empty_lines(
    view: HistoryView, tmp_path: Path
) -> None:
    """Practice but no check-ins: the line chart says how to fill it; the relief table gives
    way to a sentence too."""
    sessions = [s for s in seeded_sessions(tmp_path) if s.before is None]
    view.set_sessions(sessions, TODAY, UTC)
    assert not view.showing_empty
    chart = view.tension_chart.chart
    assert chart is not None and chart.is_empty
    assert colours_and_ink(painted(view.tension_chart))[1] > 50  # the sentence
    assert not view.relief_table.isVisible()
    assert view.relief_empty.isVisible()


def test_the_relief_table_puts_the_most_relief_first(view: HistoryView, tmp_path: Path) -> None:
    """Body Scan (2 sessions, −2.3 overall) above Box Breathing (1 session, −1.0); routines
    without both check-ins are left out; negative numbers carry a true minus sign."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY, UTC)
    table = view.relief_table
    assert table.isVisible()
    header = table.horizontalHeaderItem
    assert [header(c).text() for c in range(table.columnCount())] == [  # type: ignore[union-attr]
        "Routine",
        "Sessions",
        "Upper",
        "Mid",
        "Lower",
        "Overall",
    ]
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]
    assert rows == [
        ["Body Scan", "2", f"{MINUS}3.0", f"{MINUS}1.5", f"{MINUS}2.5", f"{MINUS}2.3"],
        ["Box Breathing", "1", f"{MINUS}1.0", f"{MINUS}1.0", f"{MINUS}1.0", f"{MINUS}1.0"],
    ]
    item = table.item(0, 5)
    assert item is not None
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "2.3 less"


# ------------------------------------------------------------------------------ your data


def test_export_and_delete_buttons_ask(qtbot: QtBot, view: HistoryView) -> None:
    """The two buttons only emit their requests, whether the history is empty or not."""
    view.set_sessions([], TODAY, UTC)
    with qtbot.waitSignal(view.export_requested):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.delete_requested):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)


def test_the_delete_question_names_what_will_go_and_defaults_to_cancel(qtbot: QtBot) -> None:
    """The notice lists the counts, says it cannot be undone, and Cancel is the default button
    and the one Escape presses."""
    box = data_actions.deletion_box(None, DeletionSummary(12, 30, 5, 1))
    qtbot.addWidget(box)
    assert box.text() == (
        "Delete 12 sessions, 30 check-ins, 5 journal entries and 1 damaged file set aside? "
        "This cannot be undone."
    )
    assert box.detail() == "Export first if you want to keep a copy."
    assert [b.text() for b in box.buttons()] == ["Delete all", "Cancel"]
    default = box.default_button()
    assert default is not None and default.text() == "Cancel"
    assert box.escape_button() is default


@pytest.mark.parametrize(
    ("choice", "confirmed"), [("cancel", False), ("escape", False), ("delete", True)]
)
def test_confirm_delete_is_true_only_for_delete_all(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, choice: str, confirmed: bool
) -> None:
    """Without a modal loop: Cancel or Escape answers False, "Delete all" True."""

    def answer(box: NoticeDialog) -> int:
        qtbot.addWidget(box)
        if choice == "escape":
            box.reject()
        else:
            name = "confirm-delete-all" if choice == "delete" else "confirm-delete-cancel"
            next(b for b in box.buttons() if b.objectName() == name).click()
        return 0

    monkeypatch.setattr(NoticeDialog, "exec", answer)
    assert data_actions.confirm_delete(None, DeletionSummary(1, 2, 0)) is confirmed


def test_nothing_to_delete_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty history says so and answers False."""
    said: list[str] = []

    def inform(parent: QWidget | None, title: str, text: str) -> None:
        said.append(text)

    monkeypatch.setattr(data_actions, "inform", inform)
    assert data_actions.confirm_delete(None, DeletionSummary(0, 0, 0)) is False
    assert said == [data_actions.NOTHING_TO_DELETE]


def test_the_export_folder_is_a_path_or_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The chosen folder comes back as a Path; a cancelled dialog (empty string) as None."""
    answers = iter([str(tmp_path), ""])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: next(answers))
    assert data_actions.choose_export_folder(None) == tmp_path
    assert data_actions.choose_export_folder(None) is None
    assert data_actions.export_done_text([tmp_path / "a.json", tmp_path / "b.csv"]) == (
        f"Exported to {tmp_path}: a.json, b.csv."
    )


# ------------------------------------------------------------------------------ start-up


def test_the_charts_load_only_with_the_history_view() -> None:
    """Importing the application, the main window and the other history widgets leaves the
    chart module (and the history view) unloaded; importing the history view brings them."""
    script = textwrap.dedent(
        """
        import sys
        import app.qt.shell.application, app.qt.shell.main_window
        import app.qt.journal_history.check_in, app.qt.journal_history.journal_view
        import app.qt.journal_history.data_actions
        late = ("app.qt.journal_history.charts", "app.qt.journal_history.history_view")
        before = [m for m in late if m in sys.modules]
        import app.qt.journal_history.history_view
        print(before, "app.qt.journal_history.charts" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[] True"


def test_practice_earlier_than_today_keeps_the_calendar_on_this_month(
    view: HistoryView, tmp_path: Path
) -> None:
    """A week later without practice: the streak is gone, the calendar still opens on today's
    month, and the week's bar is empty."""
    view.set_sessions(seeded_sessions(tmp_path), TODAY + timedelta(days=8), UTC)
    assert view.streak_label.text().startswith("No current streak")
    assert view.month == (2024, 5)
    series = view.minutes_chart.series
    assert series is not None and series.values[-1] == 0
