"""A session's writes run on the history's worker thread: the caller never waits on the disk,
every read sees what was handed over before it, and a failure still reaches the user."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.core.history import HistoryStore, HistoryUnavailable
from app.core.history.store import WriteError
from app.core.history.write_behind import WriteBehind
from app.core.session.recorder import SessionRecorder
from tests.core.history.conftest import FakeWallClock
from tests.support.routines import routine_from_yaml

#: Long enough for any worker to get going, short enough that a broken test fails fast.
WAIT_S = 10


class SlowDisk(sqlite3.Connection):
    """A connection whose COMMIT waits until the test lets it go, as a slow disk's fsync does."""

    release: ClassVar[threading.Event]
    committing: ClassVar[threading.Event]

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "COMMIT" and threading.current_thread().name == "unbrace-history":
            type(self).committing.set()
            assert type(self).release.wait(WAIT_S), "the test never let the commit go"
        return super().execute(sql, *args)


@pytest.fixture
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> type[SlowDisk]:
    monkeypatch.setattr(SlowDisk, "release", threading.Event(), raising=False)
    monkeypatch.setattr(SlowDisk, "committing", threading.Event(), raising=False)
    return SlowDisk


def test_work_runs_in_order_on_one_thread_and_drain_waits_for_it() -> None:
    writes = WriteBehind()
    done: list[tuple[int, str]] = []
    writes.submit(lambda: done.append((0, threading.current_thread().name)))  # not started: now
    assert done == [(0, threading.current_thread().name)]
    writes.start()
    gate = threading.Event()
    writes.submit(lambda: gate.wait(WAIT_S))
    for n in range(1, 50):
        writes.submit(lambda n=n: done.append((n, threading.current_thread().name)))  # type: ignore[misc]
    assert len(done) == 1  # all of them wait behind the gate, and submit did not
    gate.set()
    writes.drain()
    assert [n for n, _ in done] == list(range(50))
    assert {name for _, name in done[1:]} == {"unbrace-history"}
    writes.stop()
    assert not writes.running
    writes.submit(lambda: done.append((50, threading.current_thread().name)))
    assert done[-1] == (50, threading.current_thread().name)  # after stop: at once again


def test_a_defect_in_one_write_does_not_stop_the_writes_after_it(
    caplog: pytest.LogCaptureFixture, expected_error_logs: list[logging.LogRecord]
) -> None:
    writes = WriteBehind()
    writes.start()
    after: list[str] = []

    def broken() -> None:
        raise RuntimeError("a bug")

    writes.submit(broken)
    writes.submit(lambda: after.append("saved"))
    writes.stop()
    assert after == ["saved"]
    assert [r.getMessage() for r in caplog.records] == ["a history write failed unexpectedly"]
    assert [r.getMessage() for r in expected_error_logs] == ["a history write failed unexpectedly"]


def test_a_slow_commit_does_not_hold_up_the_caller(
    db_path: Path, wall: FakeWallClock, slow_disk: type[SlowDisk]
) -> None:
    """While the disk takes its time over a progress write, the caller goes on at once."""
    store = HistoryStore.open(db_path, wall, connection_factory=slow_disk).store
    assert store is not None
    session = store.begin_session("box", "Box", "h", None)
    store.start_background_writes()
    errors: list[WriteError] = []
    store.later(lambda s: s.record_progress(session, 42.0, 3), errors.append)
    # here already, while the worker is still inside the commit
    assert slow_disk.committing.wait(WAIT_S)
    assert not slow_disk.release.is_set()
    slow_disk.release.set()
    store.close()
    assert errors == []


def test_a_read_waits_for_the_writes_handed_over_before_it(
    db_path: Path, wall: FakeWallClock
) -> None:
    """A write still waiting its turn is not skipped by a read: the read waits, then sees it."""
    store = HistoryStore.open(db_path, wall).store
    assert store is not None
    session = store.begin_session("box", "Box", "h", None)
    store.start_background_writes()
    gate = threading.Event()
    store.later(lambda _s: gate.wait(WAIT_S), print)  # the worker is busy with something else
    store.later(lambda s: s.record_progress(session, 42.0, 3), print)  # waiting its turn
    seen: list[float] = []
    reader = threading.Thread(target=lambda: seen.append(store.sessions()[0].practised_s))
    reader.start()
    reader.join(0.2)
    assert seen == []  # the read did not go ahead of the queued write...
    gate.set()
    reader.join(WAIT_S)
    assert seen == [42.0]  # ...and then saw it
    store.close()


def test_close_saves_what_was_handed_over(db_path: Path, wall: FakeWallClock) -> None:
    """Quitting right after the last writes loses none of them."""
    opened = HistoryStore.open(db_path, wall)
    assert opened.store is not None
    store = opened.store
    session = store.begin_session("box", "Box", "h", None)
    store.start_background_writes()
    for n in range(1, 21):
        store.later(lambda s, n=n: s.record_progress(session, float(n), 0), print)  # type: ignore[misc]
    store.later(
        lambda s: s.finish_session(session, completed=True, practised_s=21.0, step=1), print
    )
    store.close()
    reopened = HistoryStore.open(db_path, wall).store
    assert reopened is not None
    (saved,) = reopened.sessions()
    assert (saved.status, saved.practised_s) == ("completed", 21.0)
    reopened.close()


class FullAfterStart(sqlite3.Connection):
    """The disk fills up once the session has begun: writes after that fail as SQLite's do."""

    full: ClassVar[bool] = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if type(self).full and sql.split(None, 1)[0].upper() in ("UPDATE", "INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def test_a_failed_background_write_reaches_the_user_by_the_sessions_end(
    db_path: Path, wall: FakeWallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A progress write that fails on the worker becomes the recorder's problem, in the same
    one sentence, at the latest when the session ends."""
    monkeypatch.setattr(FullAfterStart, "full", False)
    store = HistoryStore.open(db_path, wall, connection_factory=FullAfterStart).store
    assert store is not None
    store.start_background_writes()
    recorder = SessionRecorder(store)
    routine = routine_from_yaml(
        """
        name: Short
        summary: Breathe.
        steps:
          - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 3}
        """
    )
    recorder.begin(routine, before=None)
    FullAfterStart.full = True
    from app.core.session.player import Finished

    recorder.finish(Finished(at_ns=0, completed=True, practised_ms=30_000, step=0), "")
    assert recorder.problem is not None
    assert "the disk is full" in recorder.problem
    store.close()


def test_history_unavailable_from_a_write_goes_to_on_error_not_up_the_worker(
    db_path: Path, wall: FakeWallClock
) -> None:
    store = HistoryStore.open(db_path, wall).store
    assert store is not None
    store.start_background_writes()
    errors: list[WriteError] = []
    store.later(lambda s: s.record_progress(999, 1.0, 0), errors.append)  # no such session
    store.later(lambda s: s.record_progress(999, -1.0, 0), errors.append)  # breaks the rules
    store.wait_for_writes()
    assert [type(e) for e in errors] == [HistoryUnavailable, ValueError]
    store.close()


def test_a_write_that_waited_its_turn_keeps_the_time_it_was_handed_over(
    db_path: Path, wall: FakeWallClock
) -> None:
    """On a busy disk a session's end may be written later than it happened; the history says
    when it happened."""
    store = HistoryStore.open(db_path, wall).store
    assert store is not None
    session = store.begin_session("box", "Box", "h", None)
    store.start_background_writes()
    gate = threading.Event()
    store.later(lambda _s: gate.wait(WAIT_S), print)  # the worker is busy
    ended_at = wall.advance(minutes=5)
    store.later(
        lambda s: s.finish_session(session, completed=True, practised_s=300.0, step=1), print
    )
    wall.advance(minutes=10)  # the disk gets to it much later
    gate.set()
    (saved,) = store.sessions()
    assert saved.ended_at == ended_at
    store.close()
