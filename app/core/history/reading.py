"""Rows to records: the queries that rebuild ``SessionRecord``s from the tables.

Shared by the store and by recovery from a damaged file, which passes ``strict=False`` to skip
rows it cannot make sense of instead of failing on them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime

from app.core.files.state_files import check_instant
from app.core.history.records import (
    SESSION_STATUSES,
    CheckIn,
    JournalEntry,
    SessionRecord,
    SessionStatus,
    utc,
)

SESSION_COLUMNS = (
    "id, routine_id, routine_name, routine_hash, started_at, ended_at, status, ended_step, "
    "practised_s"
)
NEWEST_FIRST = "ORDER BY started_at DESC, id DESC"
_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters


def time_text(moment: datetime) -> str:
    """How times are stored: ISO 8601 in UTC with microseconds, so text order is time order."""
    return utc(moment).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    """A stored time; ``ValueError`` for one that is not a time, or out of range (1970 to 2200)."""
    return utc(check_instant(datetime.fromisoformat(text)))


def session_from_row(row: Sequence[object]) -> SessionRecord:
    """A session without check-ins or journal; raises ValueError/TypeError on a bad row."""
    sid, routine_id, name, digest, started, ended, status, step, practised = row
    if status not in SESSION_STATUSES:
        raise ValueError(f"unknown session status {status!r}")
    if not isinstance(sid, int) or not isinstance(step, int | None):
        raise TypeError("session id and step are integers")
    if not isinstance(practised, int | float):
        raise TypeError("seconds practised is a number")
    return SessionRecord(
        id=sid,
        routine_id=str(routine_id),
        routine_name=str(name),
        routine_hash=str(digest),
        started_at=parse_time(str(started)),
        ended_at=None if ended is None else parse_time(str(ended)),
        status=_status(status),
        ended_step=step,
        practised_s=float(practised),
    )


def _status(value: object) -> SessionStatus:
    for status in SESSION_STATUSES:
        if value == status:
            return status
    raise ValueError(f"unknown session status {value!r}")


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _rows(
    conn: sqlite3.Connection, sql: str, ids: Sequence[int], strict: bool
) -> Iterator[tuple[object, ...]]:
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        try:
            yield from conn.execute(sql.format(ids=marks), tuple(chunk))
        except sqlite3.DatabaseError:
            if strict:
                raise


def complete(
    conn: sqlite3.Connection, sessions: Iterable[SessionRecord], strict: bool = True
) -> list[SessionRecord]:
    """The sessions with their check-ins and journal entries read in."""
    base = {s.id: s for s in sessions}
    ids = list(base)
    emotions: dict[tuple[int, str], list[str]] = {}
    emotion_sql = (
        "SELECT session_id, moment, emotion FROM checkin_emotions "
        "WHERE session_id IN ({ids}) ORDER BY session_id, moment, position"
    )
    for sid, moment, emotion in _rows(conn, emotion_sql, ids, strict):
        emotions.setdefault((_int(sid), str(moment)), []).append(str(emotion))
    checks: dict[tuple[int, str], CheckIn] = {}
    check_sql = (
        "SELECT session_id, moment, upper, mid, lower, note FROM checkins "
        "WHERE session_id IN ({ids})"
    )
    for sid, moment, upper, mid, lower, note in _rows(conn, check_sql, ids, strict):
        key = (_int(sid), str(moment))
        try:
            tags = tuple(emotions.get(key, ()))
            checks[key] = CheckIn(
                _rating(upper), _rating(mid), _rating(lower), tags, str(note or "")
            )
        except (TypeError, ValueError):
            if strict:
                raise
    journal: dict[int, list[JournalEntry]] = {}
    journal_sql = (
        "SELECT id, session_id, prompt, text, written_at FROM journal "
        "WHERE session_id IN ({ids}) ORDER BY written_at, id"
    )
    for jid, sid, prompt, text, written in _rows(conn, journal_sql, ids, strict):
        try:
            entry = JournalEntry(
                _int(jid), _int(sid), str(prompt), str(text), parse_time(str(written))
            )
        except (TypeError, ValueError):
            if strict:
                raise
            continue
        journal.setdefault(entry.session_id, []).append(entry)
    return [_with_details(record, checks, journal.get(record.id, [])) for record in base.values()]


def _with_details(
    record: SessionRecord, checks: dict[tuple[int, str], CheckIn], journal: list[JournalEntry]
) -> SessionRecord:
    return replace(
        record,
        before=checks.get((record.id, "before")),
        after=checks.get((record.id, "after")),
        journal=tuple(journal),
    )


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, not {value!r}")
    return value


def _rating(value: object) -> int | None:
    """A region's tension: a whole number, or NULL for "not rated"."""
    return None if value is None else _int(value)


def load_sessions(
    conn: sqlite3.Connection,
    where: str = "",
    params: Sequence[object] = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[SessionRecord]:
    """Whole sessions, newest first; *where* is a fixed SQL condition with ``?`` parameters."""
    sql = f"SELECT {SESSION_COLUMNS} FROM sessions {where} {NEWEST_FIRST} LIMIT ? OFFSET ?"
    rows = conn.execute(sql, (*params, -1 if limit is None else limit, offset)).fetchall()
    return complete(conn, [session_from_row(row) for row in rows])
