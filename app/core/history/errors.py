"""One exception for everything that keeps history from being read or saved.

SQLite and the file system fail in many ways; callers get one type carrying one sentence that can
be shown to the user as it is. The cause stays attached (``raise ... from``) for logs.
"""

from __future__ import annotations

import errno
import sqlite3

_FULL = "the disk is full"
_READ_ONLY = "the data folder cannot be written to"
_BUSY = (
    "the history file is locked by another program (another Unbrace, or a tool that has it open); "
    "close that program"
)
_IO = "the disk reported an error"
_DAMAGED = "the history file is damaged"


class HistoryUnavailable(Exception):
    """History could not be read or saved. ``message`` is one sentence for the user."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def reason_of(error: BaseException) -> str:
    """A short, plain phrase for why a database or file operation failed."""
    if isinstance(error, ValueError | TypeError):  # a stored value that cannot be what was saved
        return _DAMAGED
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
            return _FULL
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST):
            return _READ_ONLY
        return error.strerror or _IO
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in text:
        return _FULL
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM) or (
        "readonly" in text or "read-only" in text or "unable to open" in text
    ):
        return _READ_ONLY
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return _BUSY
    if is_corruption(error):
        return _DAMAGED
    return _IO


def is_corruption(error: BaseException) -> bool:
    """True when SQLite says the file is not a database or its content is malformed."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    # "file is not a database" and "database disk image is malformed" have exactly this type
    return type(error) is sqlite3.DatabaseError


def not_saved(error: BaseException) -> HistoryUnavailable:
    reason = reason_of(error)
    return HistoryUnavailable(
        f"History could not be saved: {reason}. Your session goes on, and what was saved "
        "before is unchanged.",
        reason,
    )


def not_read(error: BaseException) -> HistoryUnavailable:
    reason = reason_of(error)
    return HistoryUnavailable(f"History could not be read: {reason}.", reason)


def not_opened(error: BaseException) -> HistoryUnavailable:
    reason = reason_of(error)
    return HistoryUnavailable(
        f"History could not be opened: {reason}. Sessions still run, but they will not be "
        "saved until Unbrace is restarted.",
        reason,
    )


def not_exported(error: BaseException) -> HistoryUnavailable:
    reason = reason_of(error)
    return HistoryUnavailable(f"The export could not be written: {reason}.", reason)
