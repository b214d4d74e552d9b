"""The store: sessions, check-ins and journal entries go in and come back out as they were."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.history import (
    CheckIn,
    DeletionSummary,
    HistoryStore,
    HistoryUnavailable,
    SessionRecord,
)
from tests.core.history.conftest import FakeWallClock, reopen

BEFORE = CheckIn(7, 5, 8, ("anxiety", "Tiredness"), "long day at the desk")
AFTER = CheckIn(4, 3, 5, ("relief",), "")


def run_session(
    store: HistoryStore,
    wall: FakeWallClock,
    routine: str = "body-scan",
    *,
    minutes: float = 10,
    before: CheckIn | None = BEFORE,
    after: CheckIn | None = AFTER,
) -> int:
    session_id = store.begin_session(routine, routine.title(), "hash-" + routine, before)
    wall.advance(minutes=minutes)
    store.finish_session(session_id, completed=True, practised_s=minutes * 60, step=4, after=after)
    return session_id


def only(store: HistoryStore) -> SessionRecord:
    (record,) = store.sessions()
    return record


def test_a_finished_session_comes_back_with_its_check_ins_and_journal(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    """Every field written is read back: times in UTC, status, step, seconds, check-ins, journal."""
    started = wall.now
    session_id = store.begin_session("body-scan", "Body Scan", "abc123", BEFORE)
    wall.advance(minutes=2)
    entry = store.add_journal(session_id, "What do you feel?", "A knot below the shoulder blade.")
    wall.advance(minutes=3)
    store.finish_session(session_id, completed=True, practised_s=290.5, step=6, after=AFTER)

    record = only(store)
    assert record.id == session_id
    assert (record.routine_id, record.routine_name, record.routine_hash) == (
        "body-scan",
        "Body Scan",
        "abc123",
    )
    assert record.started_at == started and record.started_at.utcoffset() == timedelta(0)
    assert record.ended_at == started + timedelta(minutes=5)
    assert (record.status, record.ended_step, record.practised_s) == ("completed", 6, 290.5)
    assert record.before == CheckIn(7, 5, 8, ("anxiety", "tiredness"), "long day at the desk")
    assert record.after == AFTER
    assert record.journal == (entry,)
    assert entry.written_at == started + timedelta(minutes=2)
    assert store.session(session_id) == record
    assert store.session(session_id + 1) is None


def test_a_stopped_session_records_where_it_stopped(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    session_id = store.begin_session("box", "Box", "h", None)
    store.record_progress(session_id, 30.0, 1)
    store.finish_session(session_id, completed=False, practised_s=42.0, step=2)
    record = only(store)
    assert (record.status, record.ended_step, record.practised_s) == ("stopped", 2, 42.0)
    assert record.before is None and record.after is None and record.journal == ()


def test_progress_is_saved_as_the_session_goes(store: HistoryStore, wall: FakeWallClock) -> None:
    """While running, a session is ``in_progress`` with the latest seconds and step."""
    session_id = store.begin_session("box", "Box", "h", None)
    for second in range(1, 4):
        wall.advance(seconds=5)
        store.record_progress(session_id, second * 5.0, second)
    record = only(store)
    assert (record.status, record.practised_s, record.ended_step) == ("in_progress", 15.0, 3)
    assert record.ended_at is None


def test_late_progress_does_not_undo_a_finished_session(store: HistoryStore) -> None:
    session_id = store.begin_session("box", "Box", "h", None)
    store.finish_session(session_id, completed=True, practised_s=60, step=3)
    store.record_progress(session_id, 55, 2)
    assert (only(store).status, only(store).practised_s) == ("completed", 60)


def test_an_unfinished_session_becomes_partial_when_the_file_is_opened_again(
    store: HistoryStore, db_path: Path, wall: FakeWallClock
) -> None:
    """A session left in progress (the app was killed) is kept as ``partial``, ended at its
    last saved progress, with the seconds practised until then."""
    session_id = store.begin_session("box", "Box", "h", BEFORE)
    wall.advance(seconds=40)
    store.record_progress(session_id, 37.5, 2)
    last_progress = wall.now
    wall.advance(hours=3)
    store.close()  # what a kill leaves behind: the rows as last committed

    again = reopen(db_path, wall)
    record = only(again)
    assert (record.status, record.practised_s, record.ended_step) == ("partial", 37.5, 2)
    assert record.ended_at == last_progress
    assert record.before == BEFORE
    again.close()


def test_the_after_check_in_can_be_saved_once_the_session_is_over(store: HistoryStore) -> None:
    """``record_check_in`` adds or replaces a check-in; the last one given is kept."""
    session_id = store.begin_session("box", "Box", "h", None)
    store.finish_session(session_id, completed=True, practised_s=60, step=3)
    store.record_check_in(session_id, "after", CheckIn(1, 1, 1, ("calm",)))
    store.record_check_in(session_id, "after", AFTER)
    store.record_check_in(session_id, "before", BEFORE)
    assert (only(store).before, only(store).after) == (BEFORE, AFTER)


def test_sessions_are_listed_newest_first_in_pages(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    ids = []
    for _ in range(5):
        ids.append(run_session(store, wall))
        wall.advance(days=1)
    assert [s.id for s in store.sessions()] == ids[::-1]
    assert [s.id for s in store.sessions(limit=2, offset=1)] == [ids[3], ids[2]]


def test_the_journal_holds_every_session_with_something_written(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    """A journal answer, a check-in note or a feeling puts a session in the journal, newest
    first; ratings alone, or nothing, do not."""
    rated = run_session(store, wall, before=CheckIn(5, 5, 5), after=CheckIn(3, 3, 3))
    wall.advance(days=1)
    noted = run_session(store, wall, before=CheckIn(5, 5, 5, note="stiff"), after=None)
    wall.advance(days=1)
    felt = run_session(store, wall, before=None, after=CheckIn(2, 2, 2, ("calm",)))
    wall.advance(days=1)
    written = store.begin_session("journaling", "Somatic Journaling", "h", None)
    store.add_journal(written, "What is here?", "Warmth")
    wall.advance(days=1)
    store.begin_session("box", "Box", "h", None)
    ids = [s.id for s in store.journal_sessions()]
    assert ids == [written, felt, noted]
    assert rated not in ids


def test_custom_emotions_are_the_users_own_tags_most_recent_first(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    run_session(store, wall, before=CheckIn(5, 5, 5, ("grief", "numbness")), after=None)
    wall.advance(days=1)
    run_session(store, wall, before=None, after=CheckIn(5, 5, 5, ("Overwhelm", "calm")))
    assert store.custom_emotions() == ["overwhelm", "numbness"]


def test_the_database_and_its_wal_are_private_files(store: HistoryStore, db_path: Path) -> None:
    """history.sqlite3 is created 0600 and in WAL mode; the -wal and -shm files are 0600 too."""
    store.begin_session("box", "Box", "h", None)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        assert side.exists()
        assert stat.S_IMODE(side.stat().st_mode) == 0o600


def test_an_existing_database_readable_by_others_is_made_private(
    db_path: Path, wall: FakeWallClock
) -> None:
    reopen(db_path, wall).close()
    db_path.chmod(0o644)
    reopen(db_path, wall).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_delete_all_removes_everything_after_naming_it(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    """The summary counts what will go; afterwards nothing is left and new sessions still save."""
    first = run_session(store, wall)
    store.add_journal(first, "p", "text one")
    run_session(store, wall, after=None)
    assert store.summary_for_deletion() == DeletionSummary(2, 3, 1)

    store.delete_all()
    assert store.sessions() == [] and store.journal_sessions() == []
    assert store.custom_emotions() == []
    assert store.summary_for_deletion().is_empty
    run_session(store, wall)
    assert len(store.sessions()) == 1


def test_writing_to_a_deleted_session_says_so(store: HistoryStore, wall: FakeWallClock) -> None:
    """After "Delete all" during a session, its later writes raise HistoryUnavailable."""
    session_id = store.begin_session("box", "Box", "h", None)
    store.delete_all()
    with pytest.raises(HistoryUnavailable, match="no longer in your history"):
        store.record_progress(session_id, 10, 1)
    with pytest.raises(HistoryUnavailable):
        store.add_journal(session_id, "p", "t")
    with pytest.raises(HistoryUnavailable):
        store.finish_session(session_id, completed=True, practised_s=10, step=1)


def test_arguments_that_break_the_rules_are_refused(store: HistoryStore) -> None:
    session_id = store.begin_session("box", "Box", "h", None)
    with pytest.raises(ValueError, match="finite"):
        store.record_progress(session_id, float("nan"), 1)
    with pytest.raises(ValueError, match="step"):
        store.record_progress(session_id, 1.0, -1)


def test_a_closed_store_raises_history_unavailable(store: HistoryStore) -> None:
    store.close()
    with pytest.raises(HistoryUnavailable):
        store.sessions()
