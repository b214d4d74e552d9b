"""The history file when it is not what Unbrace wrote: a symbolic link (never followed), a named
pipe or a folder (named, never waited on), a time out of range (damage, not an overflow), a lock
held by another program (named as such)."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.history import HistoryStore, HistoryUnavailable
from app.core.history.errors import not_saved
from app.core.history.recover import recover
from tests.robustness.hang_guard import finishes

STAMP = "20260314-150926"
NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)


def test_a_symlinked_history_is_set_aside_and_its_target_left_alone(tmp_path: Path) -> None:
    """The link's target is neither chmod'ed nor written: the link is moved aside, the user is
    told what was found, and a new history starts."""
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"someone else's file")
    target.chmod(0o644)
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    path.symlink_to(target)

    opened = HistoryStore.open(path, lambda: datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC))

    assert opened.store is not None
    opened.store.close()
    assert opened.notice == (
        "Your history file was a symbolic link, not a regular file. It is kept as "
        f"history.sqlite3.corrupt-{STAMP} and a new history has been started; export can still "
        "read what is recoverable from the old file."
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == b"someone else's file"
    assert (path.parent / f"history.sqlite3.corrupt-{STAMP}").is_symlink()
    assert path.is_file() and not path.is_symlink()


@pytest.mark.parametrize(
    ("make", "found"),
    [(os.mkfifo, "a named pipe"), (Path.mkdir, "a folder")],
    ids=["named pipe", "folder"],
)
def test_a_history_that_is_not_a_file_is_named_and_set_aside(
    tmp_path: Path, make: Callable[[Path], object], found: str
) -> None:
    """A pipe once read as "the disk reported an error"; now it says what it is, without
    blocking, and a new history starts."""
    path = tmp_path / "history.sqlite3"
    make(path)

    def open_and_close() -> tuple[bool, str | None]:
        opened = HistoryStore.open(path, lambda: datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC))
        if opened.store is not None:
            opened.store.close()
        return opened.store is not None, opened.notice

    usable, notice = finishes(open_and_close)

    assert usable
    assert notice is not None
    assert notice.startswith(f"Your history file was {found}, not a regular file. ")
    assert path.is_file()


@pytest.mark.parametrize(
    "stored",
    [
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "2999-01-01T00:00:00+00:00",
        "1900-01-01T00:00:00+00:00",
        "not a time",
    ],
)
def test_a_history_time_out_of_range_is_damage_not_a_crash(tmp_path: Path, stored: str) -> None:
    """A session time edited (or damaged) to the year 9999 once overflowed wherever history was
    read; now the read says the history is damaged, in one sentence, and recovery skips the row
    while keeping the good ones."""
    path = tmp_path / "history.sqlite3"
    opened = HistoryStore.open(path, lambda: NOW)
    assert opened.store is not None
    with opened.store as store:
        kept = store.begin_session("box", "Box", "h", None)
        damaged = store.begin_session("box", "Box", "h", None)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (stored, damaged))
    conn.close()

    opened = HistoryStore.open(path, lambda: NOW)
    assert opened.store is not None
    with opened.store as store, pytest.raises(HistoryUnavailable) as raised:
        store.sessions()
    assert raised.value.message == "History could not be read: the history file is damaged."
    assert [session.id for session in recover(path)] == [kept]


def test_a_history_locked_by_another_program_says_so_and_what_to_do() -> None:
    """A lock held by a database browser was once blamed on "another Unbrace window"."""
    message = not_saved(sqlite3.OperationalError("database is locked")).message

    assert message == (
        "History could not be saved: the history file is locked by another program (another "
        "Unbrace, or a tool that has it open); close that program. Your session goes on, and "
        "what was saved before is unchanged."
    )
