"""The Journal view: one card per session from a real history store, newest first, with what was
written in it and how the back felt; the search filters the cards once the user pauses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.history import CheckIn, HistoryStore
from app.qt.journal_history.journal_view import PAGE_SIZE, JournalEntryCard, JournalView
from tests.core.history.conftest import FakeWallClock


@pytest.fixture
def wall() -> FakeWallClock:
    return FakeWallClock()


@pytest.fixture
def store(tmp_path: Path, wall: FakeWallClock) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(tmp_path / "history.sqlite3", wall)
    assert opened.store is not None, opened.notice
    yield opened.store
    opened.store.close()


@pytest.fixture
def view(qtbot: QtBot) -> JournalView:
    journal = JournalView()
    qtbot.addWidget(journal)
    journal.resize(600, 700)
    journal.show()
    qtbot.waitExposed(journal)
    return journal


def write(
    store: HistoryStore,
    wall: FakeWallClock,
    routine: str,
    entries: list[tuple[str, str]],
    before: CheckIn | None = None,
    after: CheckIn | None = None,
) -> None:
    session = store.begin_session(routine.lower().replace(" ", "-"), routine, "h", before)
    for prompt, text in entries:
        wall.advance(minutes=2)
        store.add_journal(session, prompt, text)
    wall.advance(minutes=2)
    store.finish_session(session, completed=True, practised_s=360, step=3, after=after)
    wall.advance(days=1)


def card_texts(card: JournalEntryCard) -> list[str]:
    return card.texts()


def test_cards_hold_each_session_with_what_was_written_in_it(
    view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """One card per session, newest first: its date and routine, the back before → after per
    region, the feelings, the check-in's note and every journal answer under its prompt; a
    session with a note or feelings but no journal step has a card too."""
    write(
        store,
        wall,
        "Body Scan",
        [("What do you feel?", "A knot below the shoulder blade."), ("And now?", "Softer.")],
        before=CheckIn(7, 5, 6, ("anxiety",), "Long day at the desk."),
        after=CheckIn(4, 3, 3, ("calm",)),
    )
    write(store, wall, "Box Breathing", [], before=CheckIn(5, 5, 5, ("grief",)))
    write(store, wall, "Desk Release", [], before=CheckIn(5, 5, 5))  # ratings only: no card
    view.set_sessions(store.journal_sessions(), UTC)
    assert [c.routine for c in view.shown_cards()] == ["Box Breathing", "Body Scan"]
    assert view.status_label.text() == "2 sessions"
    oldest = view.card_widgets()[-1]
    assert card_texts(oldest) == [
        "Mon 6 May 2024, 18:00",
        "Body Scan",
        "Upper back 7 → 4 · Mid back 5 → 3 · Lower back 6 → 3",
        "Before: anxiety · After: calm",
        "Note before",
        "Long day at the desk.",
        "What do you feel?",
        "A knot below the shoulder blade.",
        "And now?",
        "Softer.",
    ]
    assert oldest.accessibleDescription().startswith("Mon 6 May 2024, 18:00. Body Scan.")
    newest = view.card_widgets()[0]
    assert card_texts(newest) == [
        "Tue 7 May 2024, 18:06",
        "Box Breathing",
        "Before: Upper back 5 · Mid back 5 · Lower back 5",
        "Before: grief",
    ]


def test_sessions_given_out_of_order_still_show_newest_first(
    view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """The view does not rely on the caller's order."""
    write(store, wall, "A", [("p", "first")])
    write(store, wall, "B", [("p", "second")])
    view.set_sessions(list(reversed(store.journal_sessions())), UTC)
    assert [c.routine for c in view.shown_cards()] == ["B", "A"]


def test_typing_filters_the_cards_once_the_user_pauses(
    qtbot: QtBot, view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """No timer runs before typing; keystrokes within the pause filter once, by any text the
    card shows — an answer, a note, a feeling; a word found nowhere says so; clearing shows
    every card again."""
    write(store, wall, "Body Scan", [("What do you feel?", "A knot.")])
    write(store, wall, "Box", [], before=CheckIn(5, 5, 5, ("grief",), "Stiff neck"))
    view.set_sessions(store.journal_sessions(), UTC)
    asked: list[str] = []
    view.search_changed.connect(asked.append)
    assert not view.search_pending
    qtbot.keyClicks(view.search_edit, "knot")
    assert asked == []
    assert view.search_pending
    assert len(view.shown_cards()) == 2  # not yet: the user may still be typing
    with qtbot.waitSignal(view.search_changed, timeout=2000) as blocker:
        pass
    assert blocker.args == ["knot"]
    assert [c.routine for c in view.shown_cards()] == ["Body Scan"]
    for query, routines in (("NECK", ["Box"]), ("grief stiff", ["Box"]), ("feel", ["Body Scan"])):
        view.search_edit.setText(query)
        qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
        assert [c.routine for c in view.shown_cards()] == routines, query
    view.search_edit.setText("elbow")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.shown_cards() == []
    assert view.status_label.text() == "Nothing written matches “elbow”."
    view.search_edit.clear()
    assert len(view.shown_cards()) == 2


def test_enter_searches_at_once(qtbot: QtBot, view: JournalView) -> None:
    """Return does not wait for the pause (and the pending search is not sent twice)."""
    asked: list[str] = []
    view.search_changed.connect(asked.append)
    qtbot.keyClicks(view.search_edit, "calm")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert asked == ["calm"]
    qtbot.wait(300)
    assert asked == ["calm"]


def test_new_sessions_keep_the_search(
    view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """A refresh (after a session) filters the new cards by the search still in the field."""
    write(store, wall, "Body Scan", [("p", "A knot.")])
    view.search_edit.setText("knot")
    view.set_sessions(store.journal_sessions(), UTC)
    write(store, wall, "Box", [("p", "Calm.")])
    view.set_sessions(store.journal_sessions(), UTC)
    assert [c.routine for c in view.shown_cards()] == ["Body Scan"]


def test_an_empty_journal_explains_itself(view: JournalView) -> None:
    """Nothing written yet: a sentence about what shows here instead of an empty list."""
    view.set_sessions([], UTC)
    assert view.status_label.text().startswith("Your journal will show here")
    assert view.shown_cards() == []


def test_long_journals_show_a_page_at_a_time(
    qtbot: QtBot, view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """More cards than a page: the first page shows with "Show more", which adds the rest."""
    for i in range(PAGE_SIZE + 5):
        write(store, wall, f"Daily {i}", [("p", f"entry {i}")])
    view.set_sessions(store.journal_sessions(), UTC)
    assert len(view.shown_cards()) == PAGE_SIZE
    assert view.more_button.isVisible()
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    assert len(view.shown_cards()) == PAGE_SIZE + 5
    assert view.shown_cards()[-1].answers[0].text == "entry 0"
    assert not view.more_button.isVisible()


def test_a_card_of_a_session_ended_early_says_so(
    view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    session = store.begin_session("box", "Box Breathing", "h", CheckIn(6, None, None, (), "Tight"))
    store.finish_session(session, completed=False, practised_s=40, step=1)
    view.set_sessions(store.journal_sessions(), UTC)
    (card,) = view.card_widgets()
    assert card_texts(card)[:3] == ["Mon 6 May 2024, 18:00", "Box Breathing", "Ended early"]
