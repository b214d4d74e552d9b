"""Best-effort reading of a damaged history file, so its sessions and practices can still be
exported.

The file is never changed: it is copied (with its ``-wal``) into a private temporary folder and
the copy is read. Rows are read in rowid order; when SQLite reports damage the reader skips
forward past it (a bounded number of times), and rows that do not make valid records are left
out. Whatever could be read is returned; an unreadable file gives an empty list.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.core.history import reading
from app.core.history.practices import PracticeRecord, practice_from_row
from app.core.history.records import SessionRecord
from app.core.history.schema import NewerSchema, migrate

MAX_SKIPS = 64
_FIRST_ROWID = -(2**63)


def recover(path: Path) -> list[SessionRecord]:
    """The sessions that can be read from the database at *path*, newest first."""
    return recover_all(path)[0]


def recover_all(path: Path) -> tuple[list[SessionRecord], list[PracticeRecord]]:
    """The sessions (newest first) and the mini pacer's practices that can be read from the
    database at *path*."""
    with _readable_copy(path) as conn:
        if conn is None:
            return [], []
        return _read(conn), _read_practices(conn)


@contextlib.contextmanager
def _readable_copy(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A connection to a private copy of *path* (and its ``-wal``), or None when it cannot be
    copied or opened."""
    with tempfile.TemporaryDirectory(prefix="unbrace-recover-") as tmp:
        copy = Path(tmp) / "history.sqlite3"
        try:
            if not stat.S_ISREG(path.lstat().st_mode):  # a link, a pipe, a device: not read
                yield None
                return
            shutil.copyfile(path, copy)
        except OSError:
            yield None
            return
        with contextlib.suppress(OSError):
            shutil.copyfile(path.with_name(path.name + "-wal"), copy.with_name(copy.name + "-wal"))
        try:
            conn = sqlite3.connect(copy, isolation_level=None)
        except sqlite3.Error:
            yield None
            return
        try:
            yield conn
        finally:
            conn.close()


def _read_practices(conn: sqlite3.Connection) -> list[PracticeRecord]:
    """Every practice row that makes a valid record; a damaged table gives what came before."""
    practices: list[PracticeRecord] = []
    with contextlib.suppress(sqlite3.Error):
        for row in conn.execute(
            "SELECT id, kind, routine_id, pattern_name, pattern, started_at, ended_at, "
            "practised_s FROM practices ORDER BY rowid"
        ):
            with contextlib.suppress(TypeError, ValueError):
                practices.append(practice_from_row(tuple(row)))
    return practices


def _read(conn: sqlite3.Connection) -> list[SessionRecord]:
    with contextlib.suppress(sqlite3.Error, NewerSchema, ValueError):
        migrate(conn)  # an older layout is brought up to date in the copy, if it can be
    with contextlib.suppress(sqlite3.Error):
        conn.execute(
            "UPDATE sessions SET status = 'partial', ended_at = updated_at "
            "WHERE status = 'in_progress'"
        )
    sessions: list[SessionRecord] = []
    for row in _rows_skipping_damage(conn):
        try:
            sessions.append(reading.session_from_row(row))
        except (TypeError, ValueError):
            continue
    try:
        whole = reading.complete(conn, sessions, strict=False)
    except sqlite3.Error:  # pragma: no cover - complete() already skips what fails
        whole = sessions
    return sorted(whole, key=lambda s: (s.started_at, s.id), reverse=True)


def _rows_skipping_damage(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    sql = f"SELECT rowid, {reading.SESSION_COLUMNS} FROM sessions WHERE rowid > ? ORDER BY rowid"
    rows: list[tuple[object, ...]] = []
    last, gap = _FIRST_ROWID, 1
    for _attempt in range(MAX_SKIPS):
        try:
            for row in conn.execute(sql, (last,)):
                rows.append(tuple(row[1:]))
                last, gap = row[0], 1
        except sqlite3.DatabaseError:
            last, gap = max(last, 0) + gap, gap * 2
            continue
        return rows
    return rows
