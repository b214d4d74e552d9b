"""Schema versions: a file from an older version is migrated in place; a newer one is left alone."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from app.core.history import SCHEMA_VERSION, CheckIn, HistoryStore
from app.core.history.schema import MIGRATIONS
from tests.core.history.conftest import FakeWallClock, reopen

# Version 1 as it was written: emotion tags as a JSON array in the check-ins table.
V1_SCHEMA = """
CREATE TABLE sessions (
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
);
CREATE TABLE checkins (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
    upper INTEGER NOT NULL CHECK (upper BETWEEN 0 AND 10),
    mid INTEGER NOT NULL CHECK (mid BETWEEN 0 AND 10),
    lower INTEGER NOT NULL CHECK (lower BETWEEN 0 AND 10),
    emotions TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, moment)
);
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    prompt TEXT NOT NULL,
    text TEXT NOT NULL,
    written_at TEXT NOT NULL
);
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX journal_by_session ON journal (session_id);
PRAGMA user_version = 1;
"""


def write_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(V1_SCHEMA)
        conn.execute(
            "INSERT INTO sessions VALUES (1, 'box', 'Box Breathing', 'h1', "
            "'2024-03-01T08:00:00.000000+00:00', '2024-03-01T08:05:00.000000+00:00', "
            "'completed', 7, 300.0, '2024-03-01T08:05:00.000000+00:00')"
        )
        conn.execute(
            "INSERT INTO sessions VALUES (2, 'scan', 'Body Scan', 'h2', "
            "'2024-03-02T20:00:00.000000+00:00', NULL, 'in_progress', 1, 45.0, "
            "'2024-03-02T20:00:50.000000+00:00')"
        )
        conn.executemany(
            "INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, "before", 8, 6, 7, '["Fear", " anxiety ", "fear", "Knotted Up"]', "tight"),
                (1, "after", 3, 2, 4, '["relief"]', ""),
                (2, "before", 5, 5, 5, "not json", ""),
            ],
        )
        conn.execute(
            "INSERT INTO journal VALUES (1, 1, 'What do you feel?', 'Warmth', "
            "'2024-03-01T08:03:00.000000+00:00')"
        )


def test_a_version_1_file_is_migrated_and_its_rows_read_in_the_new_shape(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Tags move from the JSON column to their own table (normalised, duplicates dropped, an
    unreadable list left out); sessions, check-ins and journal keep every other field."""
    write_v1(db_path)
    store = reopen(db_path, wall)
    newest, oldest = store.sessions()

    assert (oldest.id, oldest.routine_name, oldest.status, oldest.ended_step) == (
        1,
        "Box Breathing",
        "completed",
        7,
    )
    assert oldest.before == CheckIn(8, 6, 7, ("fear", "anxiety", "knotted up"), "tight")
    assert oldest.after == CheckIn(3, 2, 4, ("relief",))
    assert [e.text for e in oldest.journal] == ["Warmth"]
    assert newest.status == "partial"  # left in progress by the old version
    assert newest.before == CheckIn(5, 5, 5)
    assert store.custom_emotions() == ["knotted up"]
    store.close()

    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(checkins)")}
        assert "emotions" not in columns


def test_a_new_file_runs_every_migration(db_path: Path, wall: FakeWallClock) -> None:
    reopen(db_path, wall).close()
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)


def test_a_file_from_a_newer_version_is_left_untouched(db_path: Path, wall: FakeWallClock) -> None:
    """No store, a sentence for the user, and not one byte of the file changed."""
    reopen(db_path, wall).close()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()

    opened = HistoryStore.open(db_path, wall)
    assert opened.store is None
    assert opened.notice is not None and "newer version" in opened.notice
    assert db_path.read_bytes() == before
