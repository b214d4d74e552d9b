"""What the History view draws: practice days, streak, minutes per week, tension, relief."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.core.history import CheckIn, SessionRecord
from app.core.history.stats import (
    RoutineRelief,
    WeekMinutes,
    current_streak,
    days_practised,
    minutes_per_week,
    relief_by_routine,
    tension_series,
)

BERLIN = ZoneInfo("Europe/Berlin")


def session(
    sid: int,
    when: datetime,
    minutes: float = 10,
    routine: str = "box",
    before: CheckIn | None = None,
    after: CheckIn | None = None,
    name: str | None = None,
) -> SessionRecord:
    return SessionRecord(
        id=sid,
        routine_id=routine,
        routine_name=name or routine.title(),
        routine_hash="h",
        started_at=when.astimezone(UTC),
        ended_at=when.astimezone(UTC) + timedelta(minutes=minutes),
        status="completed",
        ended_step=3,
        practised_s=minutes * 60,
        before=before,
        after=after,
    )


def at(day: int, hour: int = 18, month: int = 5) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=UTC)


def test_days_practised_are_local_days_in_range_each_once() -> None:
    """Two sessions on one day count once; a session at 23:30 UTC is the next day in Berlin;
    a session with no time practised does not count."""
    sessions = [
        session(1, at(1, 8)),
        session(2, at(1, 20)),
        session(3, datetime(2024, 5, 2, 23, 30, tzinfo=UTC)),
        session(4, at(4), minutes=0),
        session(5, at(9)),
    ]
    assert days_practised(sessions, date(2024, 5, 1), date(2024, 5, 8), UTC) == (
        date(2024, 5, 1),
        date(2024, 5, 2),
    )
    assert days_practised(sessions, date(2024, 5, 1), date(2024, 5, 8), BERLIN) == (
        date(2024, 5, 1),
        date(2024, 5, 3),
    )


def test_the_streak_counts_consecutive_days_up_to_today() -> None:
    """Practice on the 3rd, 4th and 5th: a streak of 3 on the 5th, still 3 on the 6th before
    practising, and 0 on the 7th; a gap on the 2nd ends the count there."""
    sessions = [session(i, at(day)) for i, day in enumerate((1, 3, 4, 5, 5))]
    assert current_streak(sessions, date(2024, 5, 5), UTC) == 3
    assert current_streak(sessions, date(2024, 5, 6), UTC) == 3
    assert current_streak(sessions, date(2024, 5, 7), UTC) == 0
    assert current_streak([], date(2024, 5, 7), UTC) == 0


def test_the_streak_follows_local_midnight_across_a_month_end() -> None:
    """30 April to 2 May in Berlin, one session at 22:30 UTC (already the next day there)."""
    sessions = [
        session(1, datetime(2024, 4, 30, 7, tzinfo=UTC)),
        session(2, datetime(2024, 4, 30, 22, 30, tzinfo=UTC)),  # 1 May, 00:30 in Berlin
        session(3, datetime(2024, 5, 2, 7, tzinfo=UTC)),
    ]
    assert current_streak(sessions, date(2024, 5, 2), BERLIN) == 3
    assert current_streak(sessions, date(2024, 5, 2), UTC) == 1


def test_minutes_per_week_fills_monday_weeks_oldest_first() -> None:
    """6 May 2024 is a Monday. Weeks without practice are listed with zero minutes."""
    sessions = [
        session(1, at(6), minutes=10),
        session(2, at(12), minutes=5.5),  # Sunday: still the week of the 6th
        session(3, at(13), minutes=20),
        session(4, at(1, month=4), minutes=99),  # too old for three weeks
    ]
    assert minutes_per_week(sessions, 3, date(2024, 5, 15), UTC) == (
        WeekMinutes(date(2024, 4, 29), 0.0),
        WeekMinutes(date(2024, 5, 6), 15.5),
        WeekMinutes(date(2024, 5, 13), 20.0),
    )
    with pytest.raises(ValueError, match="week"):
        minutes_per_week(sessions, 0, date(2024, 5, 15), UTC)


def test_tension_series_has_before_and_after_per_session_oldest_first() -> None:
    sessions = [
        session(2, at(3), before=CheckIn(6, 5, 9), after=CheckIn(4, 5, 5)),
        session(1, at(2), before=CheckIn(7, 5, 8)),
        session(3, at(4)),  # no check-in: not a point
    ]
    lower = tension_series(sessions, "lower")
    assert [(p.session_id, p.before, p.after) for p in lower] == [(1, 8, None), (2, 9, 5)]
    assert [p.before for p in tension_series(sessions, "upper")] == [7, 6]


def test_relief_by_routine_averages_after_minus_before_most_relief_first() -> None:
    """Only sessions with both check-ins count; the name is the latest one used."""
    sessions = [
        session(1, at(1), routine="scan", before=CheckIn(8, 6, 7), after=CheckIn(4, 4, 4)),
        session(2, at(2), routine="scan", before=CheckIn(6, 6, 6), after=CheckIn(4, 6, 5)),
        session(3, at(3), routine="scan", name="Spine Scan", before=CheckIn(5, 5, 5), after=None),
        session(4, at(1), routine="box", before=CheckIn(5, 5, 5), after=CheckIn(5, 4, 6)),
        session(5, at(2), routine="sigh", before=CheckIn(3, 3, 3), after=CheckIn(5, 5, 5)),
    ]
    table = relief_by_routine(sessions)
    assert [r.routine_id for r in table] == ["scan", "box", "sigh"]
    scan = table[0]
    assert scan == RoutineRelief("scan", "Spine Scan", 2, -3.0, -1.0, -2.0, -2.0)
    assert scan.change("mid") == -1.0
    assert table[1].overall == 0.0 and table[2].overall == 2.0
    assert relief_by_routine([session(9, at(1))]) == ()
