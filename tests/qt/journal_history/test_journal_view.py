"""The Journal view: entries from a real history store, newest first with their routine and
check-ins; typing in the search field asks the caller to search once the user pauses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
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
    return [label.text() for label in card.findChildren(QLabel) if label.isVisibleTo(card)]


def test_entries_show_newest_first_with_routine_prompt_and_check_ins(
    view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """Two sessions, three entries: the latest entry is on top; each card shows the date and
    routine, the prompt, the text, and "Lower back 6 → 3" from its session's check-ins."""
    write(
        store,
        wall,
        "Body Scan",
        [("What do you feel?", "A knot below the shoulder blade."), ("And now?", "Softer.")],
        before=CheckIn(7, 5, 6, ("anxiety",)),
        after=CheckIn(4, 3, 3, ("calm",)),
    )
    write(store, wall, "Somatic Journaling", [("What is here today?", "Tired but calm.")])
    view.set_entries(store.journal(), UTC)
    cards = view.shown_cards()
    assert [c.text for c in cards] == [
        "Tired but calm.",
        "Softer.",
        "A knot below the shoulder blade.",
    ]
    assert view.status_label.text() == "3 entries"
    oldest = view.findChildren(JournalEntryCard)[-1]
    texts = card_texts(oldest)
    assert texts[0] == "Mon 6 May 2024, 18:02 · Body Scan"
    assert "What do you feel?" in texts
    assert "Upper back 7 → 4 · Mid back 5 → 3 · Lower back 6 → 3" in texts
    assert "Before: anxiety. After: calm" in texts
    newest = view.findChildren(JournalEntryCard)[0]
    assert len(card_texts(newest)) == 3  # no check-ins: no check-in lines


def test_entries_given_out_of_order_still_show_newest_first(
    view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """The view does not rely on the caller's order."""
    write(store, wall, "A", [("p", "first")])
    write(store, wall, "B", [("p", "second")])
    view.set_entries(list(reversed(store.journal())), UTC)
    assert [c.text for c in view.shown_cards()] == ["second", "first"]


def test_typing_asks_for_a_search_once_the_user_pauses(qtbot: QtBot, view: JournalView) -> None:
    """No timer runs before typing; keystrokes within the pause give one ``search_changed``
    with the whole text, not one per key."""
    asked: list[str] = []
    view.search_changed.connect(asked.append)
    assert not view.search_pending
    qtbot.keyClicks(view.search_edit, "knot")
    assert asked == []
    assert view.search_pending
    with qtbot.waitSignal(view.search_changed, timeout=2000) as blocker:
        pass
    assert blocker.args == ["knot"]
    assert asked == ["knot"]
    assert not view.search_pending


def test_enter_searches_at_once(qtbot: QtBot, view: JournalView) -> None:
    """Return does not wait for the pause (and the pending search is not sent twice)."""
    asked: list[str] = []
    view.search_changed.connect(asked.append)
    qtbot.keyClicks(view.search_edit, "calm")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert asked == ["calm"]
    qtbot.wait(300)
    assert asked == ["calm"]


def test_the_caller_answers_a_search_with_the_matching_entries(
    qtbot: QtBot, view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """Wired as the app wires it (search → store.journal → set_entries): typing "knot" leaves
    the one matching entry; a word found nowhere says so."""
    write(store, wall, "Body Scan", [("What do you feel?", "A knot."), ("And now?", "Softer.")])
    view.search_changed.connect(lambda text: view.set_entries(store.journal(text), UTC))
    view.set_entries(store.journal(), UTC)
    with qtbot.waitSignal(view.search_changed, timeout=2000):
        qtbot.keyClicks(view.search_edit, "knot")
    assert [c.text for c in view.shown_cards()] == ["A knot."]
    view.search_edit.clear()
    with qtbot.waitSignal(view.search_changed, timeout=2000):
        qtbot.keyClicks(view.search_edit, "elbow")
    assert view.shown_cards() == []
    assert view.status_label.text() == "No entry matches “elbow”."


def test_an_empty_journal_explains_itself(view: JournalView) -> None:
    """Nothing written yet: a sentence about journal steps instead of an empty list."""
    view.set_entries([], UTC)
    assert view.status_label.text().startswith("Your journal will show here.")
    assert view.shown_cards() == []


def test_long_journals_show_a_page_at_a_time(
    qtbot: QtBot, view: JournalView, store: HistoryStore, wall: FakeWallClock
) -> None:
    """More entries than a page: the first page shows with "Show more", which adds the rest."""
    write(store, wall, "Daily", [("p", f"entry {i}") for i in range(PAGE_SIZE + 5)])
    view.set_entries(store.journal(), UTC)
    assert len(view.shown_cards()) == PAGE_SIZE
    assert view.more_button.isVisible()
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    assert len(view.shown_cards()) == PAGE_SIZE + 5
    assert view.shown_cards()[-1].text == "entry 0"
    assert not view.more_button.isVisible()
