"""The history database's layout, its version (``PRAGMA user_version``) and the migrations.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``. A new file runs them all, so
the migration path is exercised by every test, not only by the one that starts from version 1.
Each step runs in its own transaction together with the version bump: a crash between two steps
leaves a database at a known, complete version.

Version 1: sessions, check-ins (emotion tags as a JSON array in a column), journal entries.
Version 2: emotion tags move to their own table, normalised, so the user's own tags can be listed
and counted without parsing JSON.
Version 3: a region's tension may be NULL, "not rated" (a check-in in a few seconds rates only
what the user touched). Each rating column is replaced in place (added, copied, the old one
dropped, the new one renamed), so no table is dropped and no foreign key fires on the way.
Version 4: practices that are not sessions (the mini pacer beside the work) get their own table:
a kind, when, how long, which breath pattern; no check-ins. Sessions are untouched.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from app.core.history.records import normalise_emotion

_V1: tuple[str, ...] = (
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        routine_hash TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL
            CHECK (status IN ('in_progress', 'completed', 'stopped', 'partial')),
        ended_step INTEGER,
        practised_s REAL NOT NULL DEFAULT 0 CHECK (practised_s >= 0),
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE checkins (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
        upper INTEGER NOT NULL CHECK (upper BETWEEN 0 AND 10),
        mid INTEGER NOT NULL CHECK (mid BETWEEN 0 AND 10),
        lower INTEGER NOT NULL CHECK (lower BETWEEN 0 AND 10),
        emotions TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, moment)
    )""",
    """CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        prompt TEXT NOT NULL,
        text TEXT NOT NULL,
        written_at TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    "CREATE INDEX journal_by_session ON journal (session_id)",
)

_V2: tuple[str, ...] = (
    """CREATE TABLE checkin_emotions (
        session_id INTEGER NOT NULL,
        moment TEXT NOT NULL,
        position INTEGER NOT NULL,
        emotion TEXT NOT NULL,
        PRIMARY KEY (session_id, moment, position),
        FOREIGN KEY (session_id, moment)
            REFERENCES checkins (session_id, moment) ON DELETE CASCADE
    )""",
    "CREATE INDEX emotions_by_name ON checkin_emotions (emotion)",
)


_V4: tuple[str, ...] = (
    """CREATE TABLE practices (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('mini_pacer')),
        routine_id TEXT NOT NULL,
        pattern_name TEXT NOT NULL,
        pattern TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        practised_s REAL NOT NULL CHECK (practised_s >= 0)
    )""",
    "CREATE INDEX practices_by_start ON practices (started_at)",
)


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


def _to_v2(conn: sqlite3.Connection) -> None:
    for statement in _V2:
        conn.execute(statement)
    rows = conn.execute("SELECT session_id, moment, emotions FROM checkins").fetchall()
    for session_id, moment, emotions in rows:
        for position, tag in enumerate(_tags_from_json(emotions)):
            conn.execute(
                "INSERT INTO checkin_emotions (session_id, moment, position, emotion) "
                "VALUES (?, ?, ?, ?)",
                (session_id, moment, position, tag),
            )
    conn.execute("ALTER TABLE checkins DROP COLUMN emotions")


def _to_v3(conn: sqlite3.Connection) -> None:
    for region in ("upper", "mid", "lower"):
        conn.execute(
            f"ALTER TABLE checkins ADD COLUMN {region}_rated INTEGER "
            f"CHECK ({region}_rated IS NULL OR {region}_rated BETWEEN 0 AND 10)"
        )
        conn.execute(f"UPDATE checkins SET {region}_rated = {region}")
        conn.execute(f"ALTER TABLE checkins DROP COLUMN {region}")
        conn.execute(f"ALTER TABLE checkins RENAME COLUMN {region}_rated TO {region}")


def _tags_from_json(raw: object) -> list[str]:
    """Version 1's JSON array of tags, normalised; anything unreadable is left out."""
    try:
        values = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return []
    tags: dict[str, None] = {}
    for value in values if isinstance(values, list) else []:
        if isinstance(value, str):
            try:
                tags[normalise_emotion(value)] = None
            except ValueError:
                continue
    return list(tags)


def _to_v4(conn: sqlite3.Connection) -> None:
    for statement in _V4:
        conn.execute(statement)


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (_to_v1, _to_v2, _to_v3, _to_v4)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchema(Exception):
    """The file was written by a newer Unbrace; this one leaves it alone."""

    def __init__(self, version: int) -> None:
        super().__init__(f"history schema version {version} is newer than {SCHEMA_VERSION}")
        self.version = version


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    """Bring the database to ``len(migrations)``; returns the version it was at before.

    The connection must be in autocommit mode (``isolation_level=None``).
    """
    target = len(migrations)
    found = schema_version(conn)
    if found > target:
        raise NewerSchema(found)
    while (version := schema_version(conn)) < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have just migrated.
            version = schema_version(conn)
            if version < target:
                migrations[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found
