"""Work periods as absolute instants, computed from local rules in a zone at the moment of use.

A period is a half-open pair ``(start_ns, end_ns)`` of UTC epoch nanoseconds: 09:00 is inside,
17:30 is not. Local times are resolved by ``zoneinfo`` on each call, so a DST switch moves the
absolute instants and keeps the local ones. A local time that does not exist (the hour skipped in
spring) is read with the offset before the switch; an ambiguous one (autumn) as its first
occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from app.core.reminders.clocks import epoch_ns, from_epoch_ns
from app.core.reminders.rules import ReminderRules

Period = tuple[int, int]

_DAY = timedelta(days=1)
#: how far ahead ``next_start`` looks: a week and a day covers every weekly pattern
_HORIZON_DAYS = 8


def periods_overlapping(rules: ReminderRules, zone: tzinfo, a_ns: int, b_ns: int) -> list[Period]:
    """The work periods that share some time with ``[a_ns, b_ns)``, in order."""
    first = from_epoch_ns(a_ns, zone).date() - _DAY  # yesterday's period may cross midnight
    last = from_epoch_ns(max(a_ns, b_ns), zone).date()
    return [p for p in _periods(rules, zone, first, last) if p[0] < b_ns and p[1] > a_ns]


def period_at(rules: ReminderRules, zone: tzinfo, wall_ns: int) -> Period | None:
    """The work period that holds the instant, or None outside work hours."""
    for period in periods_overlapping(rules, zone, wall_ns, wall_ns + 1):
        if period[0] <= wall_ns < period[1]:
            return period
    return None


def next_start(rules: ReminderRules, zone: tzinfo, wall_ns: int) -> int | None:
    """The first period start after the instant, or None when no day is a work day."""
    horizon = wall_ns + _HORIZON_DAYS * 86_400 * 1_000_000_000
    for start, _end in periods_overlapping(rules, zone, wall_ns, horizon):
        if start > wall_ns:
            return start
    return None


def _periods(rules: ReminderRules, zone: tzinfo, first: date, last: date) -> list[Period]:
    found: list[Period] = []
    day = first
    while day <= last:
        if day.weekday() in rules.days:
            start = epoch_ns(datetime.combine(day, rules.start, tzinfo=zone))
            end_day = day + _DAY if rules.crosses_midnight else day
            end = epoch_ns(datetime.combine(end_day, rules.end, tzinfo=zone))
            if end > start:
                found.append((start, end))
        day += _DAY
    merged: list[Period] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def start_of_tomorrow(now: datetime) -> datetime:
    """Midnight at the start of the day after *now*'s, in *now*'s zone: where "Pause until
    tomorrow" ends (*now* comes from the reminder clocks, never from the system here)."""
    return datetime.combine(now.date() + _DAY, time(0, 0), tzinfo=now.tzinfo)
