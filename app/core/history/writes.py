"""The statements the store's write transactions share; each runs inside the caller's one."""

from __future__ import annotations

import math
import sqlite3

from app.core.history.errors import HistoryUnavailable
from app.core.history.records import CheckIn, Moment


def check_progress(practised_s: float, step: int) -> None:
    if not math.isfinite(practised_s) or practised_s < 0:
        raise ValueError(f"seconds practised must be a finite number ≥ 0, not {practised_s}")
    if step < 0:
        raise ValueError(f"a step index is ≥ 0, not {step}")


def must_exist(conn: sqlite3.Connection, session_id: int) -> None:
    if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
        raise HistoryUnavailable(
            "This session is no longer in your history (it was deleted).", "unknown session"
        )


def update_session(
    conn: sqlite3.Connection, session_id: int, sql: str, parameters: tuple[object, ...]
) -> None:
    """Run an UPDATE of the session *session_id* (its conditions may leave it as it is); a
    session that is not there at all is an error."""
    if conn.execute(sql, parameters).rowcount == 0:
        must_exist(conn, session_id)


def put_check_in(
    conn: sqlite3.Connection, session_id: int, moment: Moment, check_in: CheckIn
) -> None:
    """Replace the session's check-in at *moment* (its old tags go with it, by cascade)."""
    conn.execute("DELETE FROM checkins WHERE session_id = ? AND moment = ?", (session_id, moment))
    conn.execute(
        "INSERT INTO checkins (session_id, moment, upper, mid, lower, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (session_id, moment, check_in.upper, check_in.mid, check_in.lower, check_in.note),
    )
    conn.executemany(
        "INSERT INTO checkin_emotions (session_id, moment, position, emotion) VALUES (?, ?, ?, ?)",
        [(session_id, moment, i, tag) for i, tag in enumerate(check_in.emotions)],
    )
