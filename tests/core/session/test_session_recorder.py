"""The session recorder: history written as a session goes, and never in a session's way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.history import HistoryStore, HistoryUnavailable
from app.core.session.clock import FakeClock
from app.core.session.player import Finished, Player, SegmentStarted
from app.core.session.recorder import SessionRecorder
from app.core.session.timeline import compile_routine
from tests.support.routines import routine_from_yaml

ROUTINE = """
    name: Write
    summary: Breathe, then write.
    steps:
      - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 3}
      - journal: {prompt: What do you notice in your back?}
"""


def _store(tmp_path: Path) -> HistoryStore:
    opened = HistoryStore.open(tmp_path / "h.sqlite3", lambda: datetime(2026, 3, 2, tzinfo=UTC))
    assert opened.store is not None
    return opened.store


def _play(recorder: SessionRecorder, journal_text: str) -> None:
    routine = routine_from_yaml(ROUTINE)
    clock = FakeClock()
    player = Player(compile_routine(routine), clock, count_in_ms=0)
    recorder.begin(routine, before=None)
    player.start()
    for _ in range(7):
        clock.advance(5)
        for event in player.advance():
            if isinstance(event, SegmentStarted):
                recorder.segment_changed(event.segment, "")
        recorder.progress(player.snapshot())
    (finished,) = [e for e in player.stop() if isinstance(e, Finished)]
    recorder.finish(finished, journal_text)


def test_a_session_and_its_journal_are_saved(tmp_path: Path) -> None:
    """Progress is saved as the session runs; the journal text typed at a journal step is saved
    with its prompt when the session ends."""
    store = _store(tmp_path)
    recorder = SessionRecorder(store)
    _play(recorder, "  Warm between the shoulders.  ")
    (session,) = store.sessions()
    assert session.status == "stopped"
    assert session.practised_s == 35.0
    assert [(j.prompt, j.text) for j in session.journal] == [
        ("What do you notice in your back?", "Warm between the shoulders.")
    ]
    assert recorder.problem is None


def test_an_empty_journal_is_not_saved(tmp_path: Path) -> None:
    """Nothing typed, nothing saved."""
    store = _store(tmp_path)
    _play(SessionRecorder(store), "   ")
    assert store.sessions()[0].journal == ()


class _FullDisk:
    def __getattr__(self, name: str) -> object:
        def fail(*args: object, **kwargs: object) -> object:
            raise HistoryUnavailable("History could not be saved: the disk is full.")

        return fail


def test_a_full_disk_is_told_once_and_the_session_goes_on() -> None:
    """Every write fails, yet the session plays to its end; the problem is one sentence."""
    recorder = SessionRecorder(_FullDisk())  # type: ignore[arg-type]
    _play(recorder, "text")
    assert recorder.problem == "History could not be saved: the disk is full."


def test_without_a_store_the_reason_is_the_problem() -> None:
    """When history could not be opened at all, the recorder says why and does nothing."""
    recorder = SessionRecorder(None, "History is off: the data folder is read-only.")
    _play(recorder, "text")
    assert recorder.problem == "History is off: the data folder is read-only."
    assert recorder.session_id is None


@pytest.mark.parametrize("elapsed_s", [4.9, 5.0, 12.0])
def test_progress_is_saved_once_per_five_seconds(tmp_path: Path, elapsed_s: float) -> None:
    """Saving follows practice time, not frames: many snapshots in one 5-s span write once."""
    store = _store(tmp_path)
    recorder = SessionRecorder(store)
    routine = routine_from_yaml(ROUTINE)
    clock = FakeClock()
    player = Player(compile_routine(routine), clock, count_in_ms=0)
    recorder.begin(routine, before=None)
    player.start()
    clock.advance(elapsed_s)
    player.advance()
    for _ in range(50):
        recorder.progress(player.snapshot())
    saved = store.sessions()[0].practised_s
    assert saved == (0.0 if elapsed_s < 5 else elapsed_s)


def test_a_routines_own_check_ins_are_kept_as_before_then_after(tmp_path: Path) -> None:
    """The first check-in step of a routine is the one before; a later one the one after."""
    from app.core.history import CheckIn

    store = _store(tmp_path)
    recorder = SessionRecorder(store)
    recorder.begin(routine_from_yaml(ROUTINE), before=None)
    recorder.step_check_in(CheckIn(6, 5, 7))
    recorder.step_check_in(CheckIn(3, 3, 4))
    session = store.sessions()[0]
    assert session.before == CheckIn(6, 5, 7)
    assert session.after == CheckIn(3, 3, 4)


def test_a_journal_entry_too_long_to_keep_is_told_and_the_session_still_ends(
    tmp_path: Path,
) -> None:
    """A journal entry beyond the length kept is one sentence for the user; the session is
    still recorded as ended."""
    store = _store(tmp_path)
    recorder = SessionRecorder(store)
    _play(recorder, "x" * 100_001)
    assert recorder.problem == (
        "History kept the session, but not this: a journal entry has at most 100,000 characters."
    )
    session = store.sessions()[0]
    assert session.status == "stopped" and session.journal == ()
