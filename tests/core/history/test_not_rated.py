"""A region the user did not rate is "not rated": stored as NULL, read back as None, and left
out (never counted as 0) of everything computed from the history. Files written before this
(schema version 2) are migrated in place with every rating, feeling and note kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.history import SCHEMA_VERSION, CheckIn, HistoryStore, SessionRecord
from app.core.history.journal_summary import tension_change_text
from app.core.history.schema import MIGRATIONS, migrate
from app.core.history.stats import relief_by_routine, tension_series
from app.core.history.summary import change_text, relief_rows, tension_chart
from tests.core.history.conftest import FakeWallClock, reopen


def test_an_unrated_region_is_stored_as_null_not_zero(store: HistoryStore, db_path: Path) -> None:
    sid = store.begin_session("box", "Box", "h", CheckIn(6, None, None, ("calm",), "stiff"))
    store.finish_session(sid, completed=True, practised_s=60, step=0, after=CheckIn(None, 2, None))
    session = store.session(sid)
    assert session is not None
    assert session.before == CheckIn(6, None, None, ("calm",), "stiff")
    assert session.after == CheckIn(None, 2, None)
    with closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute(
            "SELECT moment, upper, mid, lower FROM checkins ORDER BY moment DESC"
        ).fetchall()
    assert rows == [("before", 6, None, None), ("after", None, 2, None)]


def test_the_database_still_refuses_a_rating_out_of_range(store: HistoryStore) -> None:
    """NULL is allowed, 11 is not: the column check survived the migration."""
    sid = store.begin_session("box", "Box", "h", None)
    with closing(sqlite3.connect(store.path)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO checkins (session_id, moment, upper, mid, lower) "
            "VALUES (?, 'after', 11, NULL, NULL)",
            (sid,),
        )


def write_v2(path: Path) -> None:
    """A history as version 2 wrote it: ratings NOT NULL, feelings in their own table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, MIGRATIONS[:2])
        conn.execute(
            "INSERT INTO sessions VALUES (1, 'box', 'Box', 'h', "
            "'2024-03-01T08:00:00.000000+00:00', '2024-03-01T08:05:00.000000+00:00', "
            "'completed', 2, 300.0, '2024-03-01T08:05:00.000000+00:00')"
        )
        conn.execute("INSERT INTO checkins VALUES (1, 'before', 8, 0, 7, 'tight')")
        conn.execute("INSERT INTO checkins VALUES (1, 'after', 3, 0, 4, '')")
        conn.execute("INSERT INTO checkin_emotions VALUES (1, 'before', 0, 'fear')")
        conn.execute("INSERT INTO checkin_emotions VALUES (1, 'after', 0, 'relief')")
        conn.execute(
            "INSERT INTO journal VALUES (1, 1, 'What do you feel?', 'Warmth', "
            "'2024-03-01T08:03:00.000000+00:00')"
        )


def test_a_version_2_file_is_migrated_keeping_every_answer(
    db_path: Path, wall: FakeWallClock
) -> None:
    """Ratings (a 0 stays a 0: it was an answer then), feelings, notes and the journal are all
    there after the migration, and the migrated file takes a not-rated region."""
    write_v2(db_path)
    store = reopen(db_path, wall)
    (session,) = store.sessions()
    assert session.before == CheckIn(8, 0, 7, ("fear",), "tight")
    assert session.after == CheckIn(3, 0, 4, ("relief",))
    assert [e.text for e in session.journal] == ["Warmth"]
    store.record_check_in(1, "after", CheckIn(None, 1, None))
    assert store.sessions()[0].after == CheckIn(None, 1, None)
    store.close()
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def record(
    sid: int,
    before: CheckIn | None,
    after: CheckIn | None,
    status: str = "completed",
    routine: str = "scan",
) -> SessionRecord:
    when = datetime(2024, 5, sid, 18, tzinfo=UTC)
    return SessionRecord(
        id=sid,
        routine_id=routine,
        routine_name=routine.title(),
        routine_hash="h",
        started_at=when,
        ended_at=when + timedelta(minutes=5),
        status=status,  # type: ignore[arg-type]
        ended_step=1,
        practised_s=120,
        before=before,
        after=after,
    )


def test_relief_leaves_out_sessions_ended_early_without_both_check_ins() -> None:
    """An ended-early session with only the check-in before is not in the averages; one that
    has both is, like any other."""
    sessions = [
        record(1, CheckIn(8, 8, 8), CheckIn(4, 4, 4)),
        record(2, CheckIn(9, 9, 9), None, status="stopped"),
        record(3, CheckIn(6, 6, 6), CheckIn(4, 4, 4), status="stopped"),
    ]
    (scan,) = relief_by_routine(sessions)
    assert scan.sessions == 2
    assert scan.overall == -3.0  # (−4 and −2), the session without an 'after' left out


def test_relief_treats_a_region_not_rated_as_missing() -> None:
    """Upper is averaged over the one session that rated it both times; mid was never rated
    both times, so it has no average (shown as a dash), not a 0 change."""
    sessions = [
        record(1, CheckIn(8, None, 6), CheckIn(4, 3, 5)),
        record(2, CheckIn(None, 5, 6), CheckIn(2, None, 2)),
        record(3, CheckIn(None, None, None, ("calm",)), CheckIn(None, None, None, ("calm",))),
    ]
    (scan,) = relief_by_routine(sessions)
    assert (scan.sessions, scan.upper, scan.mid, scan.lower) == (2, -4.0, None, -2.5)
    assert scan.overall == pytest.approx(((-4 - 1) / 2 + -4) / 2)
    (row,) = relief_rows(sessions)
    assert row.texts[1] == change_text(None) == "–"


def test_charts_and_journal_lines_show_nothing_for_a_region_not_rated() -> None:
    sessions = [record(1, CheckIn(7, None, 5), CheckIn(3, None, None))]
    (point,) = tension_series(sessions, "mid")
    assert (point.before, point.after) == (None, None)
    chart = tension_chart(sessions, "lower")
    assert chart.after == (None,) and "after" not in chart.description
    assert tension_change_text(sessions[0].before, sessions[0].after) == (
        "Upper back 7 → 3 · Lower back 5 → not rated"
    )
