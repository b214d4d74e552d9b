"""What the History view draws, as pure functions over session records.

Days are calendar days where the user lives: pass ``tz`` (None means this computer's local time,
with the offset each date had, so summer time is right for old sessions too). A session counts as
practice when any time was practised, whether it was completed, stopped or cut short.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from app.core.history.records import REGIONS, Region, SessionRecord


@dataclass(frozen=True, slots=True)
class WeekMinutes:
    week_start: date  # a Monday
    minutes: float


@dataclass(frozen=True, slots=True)
class TensionPoint:
    session_id: int
    routine_id: str
    started_at: datetime
    before: int | None
    after: int | None


@dataclass(frozen=True, slots=True)
class RoutineRelief:
    """Average change (after − before) for one routine; negative means less tension."""

    routine_id: str
    routine_name: str  # as named in its most recent session
    sessions: int  # sessions with both check-ins
    upper: float | None  # None: no session rated this region both times
    mid: float | None
    lower: float | None
    overall: float  # the mean of each session's mean change

    def change(self, region: Region) -> float | None:
        value: float | None = getattr(self, region)
        return value


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return moment.astimezone(tz).date()


def _practised(sessions: Iterable[SessionRecord]) -> Iterable[SessionRecord]:
    return (s for s in sessions if s.practised_s > 0)


def days_practised(
    sessions: Iterable[SessionRecord], first: date, last: date, tz: tzinfo | None = None
) -> tuple[date, ...]:
    """The days from *first* to *last* (both included) with some practice, in order."""
    days = {local_day(s.started_at, tz) for s in _practised(sessions)}
    return tuple(sorted(d for d in days if first <= d <= last))


def current_streak(sessions: Iterable[SessionRecord], today: date, tz: tzinfo | None = None) -> int:
    """Consecutive days with practice up to today (see ``streak_of_days``)."""
    return streak_of_days({local_day(s.started_at, tz) for s in _practised(sessions)}, today)


def streak_of_days(days: Collection[date], today: date) -> int:
    """The one streak rule, for the History and the close page alike: consecutive *days* (those
    with some time practised: a session of 0 s counts for nothing) up to today. A day not yet
    practised today does not break it, so the streak counts back from yesterday until the day
    is over."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def minutes_per_week(
    sessions: Iterable[SessionRecord], weeks: int, today: date, tz: tzinfo | None = None
) -> tuple[WeekMinutes, ...]:
    """Minutes practised in each of the last *weeks* weeks (Monday to Sunday), oldest first,
    the current week last; weeks without practice are there with zero."""
    if weeks < 1:
        raise ValueError("at least one week")
    this_week = week_start(today)
    starts = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    totals = dict.fromkeys(starts, 0.0)
    for s in sessions:
        start = week_start(local_day(s.started_at, tz))
        if start in totals:
            totals[start] += s.practised_s / 60
    return tuple(WeekMinutes(start, totals[start]) for start in starts)


def tension_series(sessions: Iterable[SessionRecord], region: Region) -> tuple[TensionPoint, ...]:
    """Tension in *region* before and after each session that has a check-in, oldest first."""
    points = [
        TensionPoint(
            s.id,
            s.routine_id,
            s.started_at,
            None if s.before is None else s.before.tension(region),
            None if s.after is None else s.after.tension(region),
        )
        for s in sessions
        if s.before is not None or s.after is not None
    ]
    return tuple(sorted(points, key=lambda p: (p.started_at, p.session_id)))


def relief_changes(session: SessionRecord) -> dict[Region, int] | None:
    """The change after − before in each region rated both times, or None when the session
    does not count towards relief.

    Only a session with both check-ins counts; one the user ended early, or one cut short, has
    them only when the user answered both, so it is left out otherwise. A region not rated
    before or after is missing, never a 0."""
    before, after = session.before, session.after
    if before is None or after is None:
        return None
    changes: dict[Region, int] = {}
    for region in REGIONS:
        was, now = before.tension(region), after.tension(region)
        if was is not None and now is not None:
            changes[region] = now - was
    return changes or None


def relief_by_routine(sessions: Sequence[SessionRecord]) -> tuple[RoutineRelief, ...]:
    """Per routine, the average change after − before in each region and overall, over the
    sessions that count (``relief_changes``); the most relief (most negative overall) first.

    A region is averaged over the sessions that rated it both times (None if none did);
    overall is the average of each session's mean change. A routine is named as in its latest
    session."""
    changes: defaultdict[str, list[dict[Region, int]]] = defaultdict(list)
    names: dict[str, tuple[datetime, str]] = {}
    for s in sessions:
        if s.routine_id not in names or names[s.routine_id][0] < s.started_at:
            names[s.routine_id] = (s.started_at, s.routine_name)
        counted = relief_changes(s)
        if counted is not None:
            changes[s.routine_id].append(counted)
    rows = []
    for routine_id, deltas in changes.items():
        upper, mid, lower = (_mean([d[r] for d in deltas if r in d]) for r in REGIONS)
        overall = fmean(fmean(d.values()) for d in deltas)
        rows.append(
            RoutineRelief(routine_id, names[routine_id][1], len(deltas), upper, mid, lower, overall)
        )
    return tuple(sorted(rows, key=lambda r: (r.overall, -r.sessions, r.routine_name)))


def _mean(values: Sequence[int]) -> float | None:
    return fmean(values) if values else None
