"""Opening the SQLite connection: private file, WAL, checks, migrations, partial sessions.

The connection is in autocommit mode (``isolation_level=None``): a lone statement is its own
transaction, and the store opens longer ones with ``BEGIN IMMEDIATE`` itself.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.history.errors import is_corruption
from app.core.history.files import prepare_private_file
from app.core.history.schema import migrate

BUSY_TIMEOUT_S = 2.0


class Damaged(Exception):
    """The file is not a database, or fails its quick check."""


def roll_back(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # SQLite rolls back by itself when it cannot; the earlier error is what matters


def connect(path: Path, factory: type[sqlite3.Connection]) -> sqlite3.Connection:
    """Open *path* ready for use, or raise ``Damaged``, ``NewerSchema``, sqlite3 or OS errors.

    WAL lets the History view read while a session writes; ``synchronous = FULL`` makes each
    commit durable against power loss too (a commit is a few a minute, so the fsync costs
    nothing noticeable); ``secure_delete`` overwrites what "Delete all" removes.
    """
    prepare_private_file(path)
    # not only on this thread: the store's writes may run on its worker, one at a time
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
        factory=factory,
        check_same_thread=False,
    )
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise Damaged
        migrate(conn)
        conn.execute(
            "UPDATE sessions SET status = 'partial', ended_at = updated_at "
            "WHERE status = 'in_progress'"
        )
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_corruption(error):
            raise Damaged from error
        raise
    except BaseException:
        conn.close()
        raise
    return conn
