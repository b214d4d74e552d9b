"""The session as a place to breathe: controls that fade, keys that keep working, nothing that
jumps, a paused state that keeps the phase, steps that pulse, open steps that end with Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from pytestqt.qtbot import QtBot

from app.core.session.pacer_model import ORB_MIN, PULSE_TOP
from app.core.session.player import PlayerState
from app.core.settings.settings import Settings
from app.qt.design.tokens import SESSION, TYPE
from tests.qt.session.test_session_view import Session
from tests.qt.shell.test_app_window import AppUnderTest

ROUTINE = """
    name: Look
    summary: Every kind of step the page shows.
    steps:
      - breathe: {label: Slow breaths, pattern: {inhale: 4, exhale: 6}, cycles: 2}
      - guide: {label: Upper back, duration: 20s, region: upper_back,
                prompt: "Notice the shoulder blades. Let them slide down and apart as you
                  breathe out, softening the whole space between them, and rest there."}
      - move: {label: Cat-cow, reps: 2, sides: [left, right], region: mid_back,
               rep: [{label: Arch, duration: 3}, {label: Round, duration: 3}]}
      - hold: {label: Stillness, max: 1m}
      - journal: {label: Notice, prompt: What do you notice now?}
      - rest: {label: Rest, duration: 30s}
"""
GUIDE_AT = 20  # two 10 s breaths
MOVE_AT = GUIDE_AT + 20
HOLD_AT = MOVE_AT + 24


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path) -> Session:
    settings = Settings(medical_notice_seen=True, count_in=False, check_ins=False)
    session = Session(qtbot, tmp_path, settings)
    session.view.resize(1000, 680)
    session.view.activateWindow()
    qtbot.waitActive(session.view)
    return session


def _hidden_after_linger(session: Session, seconds: float) -> None:
    """Move to *seconds* with nobody touching anything, past the controls' 3 s."""
    session.at(seconds)
    session.view.fader.wake()


def test_controls_fade_after_three_quiet_seconds_and_return_on_a_move(
    session: Session, qtbot: QtBot
) -> None:
    """Playing, the buttons stay 3 s after the last movement, then fade (and take no clicks);
    a mouse movement brings them back, and they stay while paused."""
    session.start(ROUTINE)
    controls = session.view.controls
    session.at(2.9)
    session.view.fader.wake()
    assert controls.isVisible()
    _hidden_after_linger(session, 3.0)
    assert not controls.isVisible()
    assert not session.view.fader.shown

    qtbot.mouseMove(session.view.running_page, QPoint(40, 40))
    qtbot.mouseMove(session.view.running_page, QPoint(60, 50))
    assert controls.isVisible()
    session.at(5.9)
    session.view.fader.wake()
    assert controls.isVisible()  # 3 s from the movement, not from the start
    _hidden_after_linger(session, 6.1)
    assert not controls.isVisible()

    session.view.toggle_requested.emit()  # paused: the controls come back and stay
    session.at(100)
    session.view.fader.wake()
    assert controls.isVisible()


def test_keys_work_while_the_controls_are_hidden_and_bring_them_back(
    session: Session, qtbot: QtBot
) -> None:
    """With the controls faded, Right still goes to the next step and Space still pauses; a key
    is activity, so the controls return."""
    session.start(ROUTINE)
    _hidden_after_linger(session, 4)
    page = session.view.running_page
    assert not session.view.controls.isVisible()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Right)
    assert session.view.step_label.text() == "Upper back"
    assert session.view.controls.isVisible()
    _hidden_after_linger(session, 8)
    assert not session.view.controls.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert session.driver.player is not None
    assert session.driver.player.state is PlayerState.PAUSED


def _places(session: Session) -> tuple[QRect, QRectF]:
    pacer = session.view.pacer
    return pacer.geometry(), pacer.orb_box()


def test_the_orb_stays_put_whatever_the_step_shows(session: Session) -> None:
    """The orb's square, centre and largest size are the same on a breath, on a guide step with
    the body figure and a long prompt, on a move step with its side, paused, on an open hold
    with its Continue, and on a journal step with its text box; no text overlaps it."""
    session.start(ROUTINE)
    session.at(2)
    breath = _places(session)
    view = session.view
    seen = {"breath": breath}

    session.at(GUIDE_AT + 3)
    assert view.silhouette.isVisible() and view.prompt_label.text().startswith("Notice")
    assert view.prompt_label.heightForWidth(view.prompt_label.width()) > view.fontMetrics().height()
    seen["guide"] = _places(session)
    session.at(MOVE_AT + 1)
    assert view.side_label.isVisible()
    seen["move"] = _places(session)
    view.toggle_requested.emit()
    assert view.paused_label.isVisible()
    seen["paused"] = _places(session)
    view.toggle_requested.emit()
    session.at(HOLD_AT + 1)
    assert view.step_label.text() == "Stillness" and view.continue_button.isVisible()
    seen["hold"] = _places(session)
    view.continue_requested.emit()
    assert view.journal_edit.isVisible()
    seen["journal"] = _places(session)

    assert all(places == breath for places in seen.values()), seen
    orb = view.pacer.geometry()
    for label in (
        view.step_label,
        view.word_label,
        view.countdown_label,
        view.prompt_label,
        view.side_label,
        view.paused_label,
        view.journal_edit,
        view.silhouette,
        view.notice_label,
    ):
        assert not label.geometry().intersects(orb), label.objectName()


def test_the_body_figure_is_a_third_of_the_page_and_the_side_is_large(session: Session) -> None:
    """In a move step the figure is at least a third of the page's height, with its region lit,
    and the side reads "Left side" in display type, not small print."""
    session.start(ROUTINE)
    session.at(MOVE_AT + 1)
    view = session.view
    figure = view.silhouette.figure_rect()
    assert figure.height() >= view.running_page.height() / 3
    assert view.silhouette.region == "mid_back"
    assert view.side_label.text() == "Left side"
    body = view.prompt_label.font().pointSizeF()
    assert view.side_label.font().pointSizeF() == pytest.approx(body * TYPE.display)
    assert view.counter_label.font().pointSizeF() < view.side_label.font().pointSizeF() / 2


def test_paused_keeps_the_phase_visible_dimmed_with_paused_apart(session: Session) -> None:
    """Paused, the phase word stays (dimmed) and the orb stays where it stopped; "Paused" is a
    line of its own, away from the word; resuming lifts the dimming."""
    session.start(ROUTINE)
    session.at(2)
    view = session.view
    scale = view.pacer.frame.scale if view.pacer.frame else 0.0
    view.toggle_requested.emit()
    session.at(30)
    assert session.word == "In"
    assert view.word_label.property("dimmed")
    assert view.paused_label.isVisible() and "Paused" in view.paused_label.text()
    paused_at = view.paused_label.mapTo(view, QPoint(0, 0))
    word_at = view.word_label.mapTo(view, QPoint(0, 0))
    assert abs(paused_at.y() - word_at.y()) > view.word_label.height()
    assert view.pacer.frame is not None and view.pacer.frame.paused
    assert view.pacer.frame.scale == pytest.approx(scale)
    view.toggle_requested.emit()
    assert not view.word_label.property("dimmed")
    assert not view.paused_label.isVisible()


@pytest.mark.parametrize(("start", "name"), [(GUIDE_AT, "guide"), (MOVE_AT, "move")])
def test_guide_and_move_steps_pulse_with_the_clock(session: Session, start: int, name: str) -> None:
    """Guide and move steps are never a frozen picture: the orb swells and settles at the
    routine's pace (4 s in, 6 s out here), within the pulse's range."""
    session.start(ROUTINE)
    session.at(start)
    first = session.scale
    session.at(start + 2)
    second = session.scale
    assert first != pytest.approx(second), name
    assert min(first, second) >= ORB_MIN and max(first, second) <= PULSE_TOP + 1e-9
    session.at(start + 4)
    assert session.scale == pytest.approx(PULSE_TOP)


def test_a_rest_pulses_too(session: Session) -> None:
    session.start(ROUTINE)
    session.view.skip_requested.emit()  # guide
    session.view.skip_requested.emit()  # move
    session.view.skip_requested.emit()  # hold
    session.view.skip_requested.emit()  # journal
    session.view.skip_requested.emit()  # rest
    assert session.view.step_label.text() == "Rest"
    session.at(1)
    first = session.scale
    session.at(3)
    assert session.scale != pytest.approx(first)


def test_an_open_hold_says_how_to_end_it_and_ends_with_enter(
    session: Session, qtbot: QtBot
) -> None:
    """An open step says "Press Enter or click Continue"; Enter ends it, on the page and with
    the controls faded; Enter does nothing on a timed step."""
    session.start(ROUTINE)
    page = session.view.running_page
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert session.view.step_label.text() == "Slow breaths"  # not an open step: nothing
    session.at(HOLD_AT + 1)
    session.view.fader.wake()
    assert session.view.step_label.text() == "Stillness"
    assert not session.view.controls.isVisible()
    hint = session.view.open_hint
    assert hint.isVisible() and "Press Enter or click Continue" in hint.text()
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert session.view.step_label.text() == "Notice"


def test_a_journal_step_ends_with_enter_and_shift_enter_starts_a_line(
    session: Session, qtbot: QtBot
) -> None:
    """Writing in a journal step, Shift+Enter starts a new line and Enter ends the step (what
    was written is kept: the next step begins)."""
    session.start(ROUTINE)
    session.at(HOLD_AT + 1)
    session.view.continue_requested.emit()
    edit = session.view.journal_edit
    assert edit.isVisible()
    edit.setFocus()
    qtbot.keyClicks(edit, "Warm")
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(edit, "soft")
    assert edit.toPlainText() == "Warm\nsoft"
    assert session.view.step_label.text() == "Notice"
    qtbot.keyClick(edit, Qt.Key.Key_Enter)
    assert session.view.step_label.text() == "Rest"


def test_reduced_motion_fills_a_bar_through_a_guide_step(qtbot: QtBot, tmp_path: Path) -> None:
    """With reduced motion a guide step shows the bar, filling as the step goes on, instead of
    the pulsing orb: nothing swells, and the screen still moves."""
    settings = Settings(
        medical_notice_seen=True, count_in=False, check_ins=False, reduced_motion=True
    )
    session = Session(qtbot, tmp_path, settings)
    session.start(ROUTINE)
    pacer = session.view.pacer
    assert pacer.reduced_motion

    def painted() -> tuple[int, bool]:
        """How much of the bar is filled (pixels of its filled colour across its middle), and
        whether nothing is drawn near the top."""
        image = pacer.grab().toImage()
        background = image.pixelColor(0, 2)
        y = image.height() // 2
        middle = [image.pixelColor(x, y) for x in range(image.width())]
        filled = image.pixelColor(round(image.width() * 0.1) + 16, y)  # its rounded left end
        top = [image.pixelColor(x, 2) for x in range(image.width())]
        return sum(c == filled for c in middle), all(c == background for c in top)

    session.at(GUIDE_AT + 4)
    early, clear_above = painted()
    assert clear_above  # a bar, not an orb
    session.at(GUIDE_AT + 16)
    late, clear_above = painted()
    assert clear_above and late > early


def test_the_menu_bar_joins_the_dark_room_only_while_a_session_shows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Whatever the app's look, the menu bar takes the session's colours over the running
    page, and keeps the app's look over a check-in, the close page and the library."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    window = unbrace.app.window
    view = window.session_view
    assert SESSION.background not in window.menuBar().styleSheet()
    unbrace.app.start_by_id("box-breathing")
    assert view.asking_check_in
    assert window.menuBar().styleSheet() == ""
    view.check_in.skip_button.click()
    assert view.showing_running
    assert SESSION.background in window.menuBar().styleSheet()
    unbrace.run_for(24 * 60)  # to the end: the after check-in, then the close page
    assert view.asking_check_in
    assert window.menuBar().styleSheet() == ""
    view.check_in.skip_button.click()
    assert view.showing_finished
    assert window.menuBar().styleSheet() == ""
    unbrace.app.leave_session()
    assert window.menuBar().styleSheet() == ""
