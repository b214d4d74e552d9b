"""Practices that are not sessions: the mini pacer breathing beside the work.

Each is one row in its own table (``practices``, schema version 4), written once when it ends:
its kind, the routine and breath pattern it paced, when it began and ended and how long the
user breathed with it (idle time and time hidden left out). It has no check-ins and no journal,
and it never appears among the sessions.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.core.history.reading import parse_time, time_text
from app.core.history.records import utc

PracticeKind = Literal["mini_pacer"]
MAX_PATTERN_CHARS = 500
#: the longest practice kept: two days
MAX_PRACTICE_S = 86_400 * 2


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    kind: PracticeKind
    routine_id: str
    pattern_name: str  # "Resonance breathing"
    pattern: str  # "in 5.5 s · out 5.5 s"
    started_at: datetime
    ended_at: datetime
    practised_s: float
    id: int | None = None

    def __post_init__(self) -> None:
        if self.kind != "mini_pacer":
            raise ValueError(f"unknown practice kind {self.kind!r}")
        if not 0 <= self.practised_s < MAX_PRACTICE_S:
            raise ValueError("a practice lasts between 0 s and two days")
        if max(len(self.pattern), len(self.pattern_name), len(self.routine_id)) > MAX_PATTERN_CHARS:
            raise ValueError(f"a pattern is described in at most {MAX_PATTERN_CHARS} characters")
        if utc(self.ended_at) < utc(self.started_at):
            raise ValueError("a practice cannot end before it starts")


def insert_practice(conn: sqlite3.Connection, record: PracticeRecord) -> int:
    cursor = conn.execute(
        "INSERT INTO practices (kind, routine_id, pattern_name, pattern, started_at, ended_at, "
        "practised_s) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            record.kind,
            record.routine_id,
            record.pattern_name,
            record.pattern,
            time_text(record.started_at),
            time_text(record.ended_at),
            record.practised_s,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def load_practices(conn: sqlite3.Connection, limit: int | None = None) -> list[PracticeRecord]:
    """Practices newest first."""
    rows = conn.execute(
        "SELECT id, kind, routine_id, pattern_name, pattern, started_at, ended_at, practised_s "
        "FROM practices ORDER BY started_at DESC, id DESC LIMIT ?",
        (-1 if limit is None else limit,),
    ).fetchall()
    return [practice_from_row(tuple(row)) for row in rows if row[1] == "mini_pacer"]


def practice_from_row(row: tuple[object, ...]) -> PracticeRecord:
    """A ``practices`` row (id, kind, routine, pattern name, pattern, start, end, seconds) as
    a record; ``ValueError`` or ``TypeError`` when it is not what was written."""
    row_id, kind, routine_id, name, pattern, started, ended, practised = row
    if kind != "mini_pacer":
        raise ValueError(f"unknown practice kind {kind!r}")
    return PracticeRecord(
        kind="mini_pacer",
        routine_id=str(routine_id),
        pattern_name=str(name),
        pattern=str(pattern),
        started_at=parse_time(str(started)),
        ended_at=parse_time(str(ended)),
        practised_s=float(practised),  # type: ignore[arg-type]
        id=int(row_id),  # type: ignore[call-overload]
    )
