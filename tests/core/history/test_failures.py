"""When the disk or the file fails: the user is told, sessions go on, nothing saved is damaged."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.core.history import CheckIn, HistoryStore, HistoryUnavailable, recover, write_export
from tests.core.history.conftest import FakeWallClock, reopen

BEFORE = CheckIn(6, 6, 6, ("fear",), "stiff")


class FullDisk(sqlite3.Connection):
    """A connection whose writes fail as SQLite's do when the disk is full, once ``full`` is set.

    ``fail_on`` picks the statement that fails: any write, or only the final COMMIT.
    """

    full: ClassVar[bool] = False
    fail_on: ClassVar[str] = "write"

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._maybe_fail(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._maybe_fail(sql)
        return super().executemany(sql, *args)

    def _maybe_fail(self, sql: str) -> None:
        verb = sql.split(None, 1)[0].upper()
        if not type(self).full or verb in ("SELECT", "ROLLBACK", "BEGIN"):
            return
        if type(self).fail_on == "write" or verb == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> type[FullDisk]:
    monkeypatch.setattr(FullDisk, "full", False)
    monkeypatch.setattr(FullDisk, "fail_on", "write")
    return FullDisk


def saved_session(store: HistoryStore, wall: FakeWallClock) -> int:
    session_id = store.begin_session("box", "Box", "h", BEFORE)
    store.add_journal(session_id, "What do you feel?", "Calmer")
    wall.advance(minutes=5)
    store.finish_session(session_id, completed=True, practised_s=300, step=3, after=BEFORE)
    return session_id


@pytest.mark.parametrize("fail_on", ["write", "COMMIT"])
def test_a_full_disk_raises_history_unavailable_and_keeps_what_was_saved(
    db_path: Path, wall: FakeWallClock, full_disk: type[FullDisk], fail_on: str
) -> None:
    """Every write then raises HistoryUnavailable with a sentence naming the full disk; the
    sessions saved before are read back unchanged, then and after reopening."""
    opened = HistoryStore.open(db_path, wall, connection_factory=full_disk)
    assert opened.store is not None
    store = opened.store
    saved = saved_session(store, wall)
    running = store.begin_session("box", "Box", "h", None)
    before = store.sessions()

    full_disk.full, full_disk.fail_on = True, fail_on
    attempts = [
        lambda: store.begin_session("scan", "Scan", "h", BEFORE),
        lambda: store.record_progress(running, 12.0, 1),
        lambda: store.add_journal(running, "p", "lost words"),
        lambda: store.record_check_in(saved, "after", CheckIn(0, 0, 0)),
        lambda: store.finish_session(running, completed=True, practised_s=60, step=2),
        store.delete_all,
    ]
    for attempt in attempts:
        with pytest.raises(HistoryUnavailable, match="the disk is full") as caught:
            attempt()
        assert "what was saved before is unchanged" in caught.value.message
        assert not isinstance(caught.value, sqlite3.Error)
    assert store.sessions() == before

    full_disk.full = False
    store.close()
    again = reopen(db_path, wall)
    assert [s.id for s in again.sessions()] == [running, saved]
    assert again.session(saved) == before[1]
    again.close()


class Capped(sqlite3.Connection):
    """A connection that, once ``capped`` is set, cannot grow the file by a single page."""

    capped: ClassVar[bool] = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if type(self).capped and sql.startswith("BEGIN"):
            pages = super().execute("PRAGMA page_count").fetchone()[0]
            super().execute(f"PRAGMA max_page_count = {pages}")
        return super().execute(sql, *args)


def test_sqlites_own_full_error_gives_history_unavailable_too(
    db_path: Path, wall: FakeWallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SQLITE_FULL (from PRAGMA max_page_count) is translated the same way."""
    opened = HistoryStore.open(db_path, wall, connection_factory=Capped)
    assert opened.store is not None
    store = opened.store
    saved = saved_session(store, wall)
    monkeypatch.setattr(Capped, "capped", True)
    with pytest.raises(HistoryUnavailable, match="the disk is full"):
        store.add_journal(saved, "p", "x" * 50_000)
    assert [e.text for e in store.sessions()[0].journal] == ["Calmer"]
    store.close()


def test_an_unwritable_data_folder_gives_no_store_and_a_notice(
    tmp_path: Path, wall: FakeWallClock
) -> None:
    """Where the folder cannot be made (a file is in the way), open() does not raise: no store,
    and one sentence telling the user that sessions will not be saved."""
    (tmp_path / "data").write_text("not a folder")
    opened = HistoryStore.open(tmp_path / "data" / "history.sqlite3", wall)
    assert opened.store is None
    assert opened.notice is not None
    assert opened.notice.startswith("History could not be opened")
    assert "will not be saved" in opened.notice


def test_a_corrupt_file_is_moved_aside_and_a_new_history_started(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Random bytes where the database should be: the file is renamed with a timestamp, the user
    is told its name, and a fresh, private database works."""
    db_path.parent.mkdir(parents=True)
    garbage = random.Random(7).randbytes(8192)
    db_path.write_bytes(garbage)

    opened = HistoryStore.open(db_path, wall)
    assert opened.store is not None
    moved = db_path.with_name("history.sqlite3.corrupt-20240506-180000")
    assert opened.set_aside == moved
    assert opened.notice is not None and moved.name in opened.notice
    assert moved.read_bytes() == garbage
    assert opened.store.sessions() == []
    saved_session(opened.store, wall)
    assert len(opened.store.sessions()) == 1
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert opened.store.set_aside_files() == [moved]
    assert recover(moved) == []  # nothing readable in random bytes, and no exception
    opened.store.close()


def damage_pages(path: Path, pages: range, page_size: int = 4096) -> None:
    with path.open("r+b") as stream:
        for page in pages:
            stream.seek(page * page_size)
            stream.write(b"\xa5" * page_size)


def test_a_damaged_database_is_moved_aside_and_recover_reads_what_it_can(
    db_path: Path, wall: FakeWallClock
) -> None:
    """A real database with some pages overwritten fails its quick check; it is set aside;
    ``recover`` returns the sessions it can still read, each valid, and they can be exported."""
    store = reopen(db_path, wall)
    for _ in range(200):
        saved_session(store, wall)
        wall.advance(hours=20)
    store.close()  # the WAL is folded into the file on close
    with closing(sqlite3.connect(db_path)) as conn:
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
    damage_pages(db_path, range(page_count // 2, page_count // 2 + 2))

    opened = HistoryStore.open(db_path, wall)
    assert opened.store is not None and opened.set_aside is not None
    assert opened.notice is not None and "damaged" in opened.notice
    opened.store.close()

    recovered = recover(opened.set_aside)
    assert 0 < len(recovered) <= 200
    assert all(s.status == "completed" and s.practised_s == 300 for s in recovered)
    unchanged = opened.set_aside.read_bytes()
    recover(opened.set_aside)
    assert opened.set_aside.read_bytes() == unchanged  # recovery reads a copy

    exported = write_export(db_path.parent / "export", recovered, wall())
    data = json.loads(exported[0].read_text(encoding="utf-8"))
    assert len(data["sessions"]) == len(recovered)


def test_recover_reads_a_healthy_file_whole_including_its_wal(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Sessions still only in the -wal file are recovered too (the WAL is copied with it)."""
    store = reopen(db_path, wall)
    ids = [saved_session(store, wall) for _ in range(3)]
    assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0
    recovered = recover(db_path)
    assert sorted(s.id for s in recovered) == ids
    assert recovered == store.sessions()
    store.close()


def test_delete_all_also_removes_damaged_files_set_aside(
    db_path: Path, wall: FakeWallClock
) -> None:
    """They hold the user's history too, so the confirmation names them and they go."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(4096))
    opened = HistoryStore.open(db_path, wall)
    assert opened.store is not None and opened.set_aside is not None
    assert opened.store.summary_for_deletion().set_aside_files == 1
    opened.store.delete_all()
    assert not opened.set_aside.exists()
    assert opened.store.set_aside_files() == []
    opened.store.close()
