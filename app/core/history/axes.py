"""Axes for the History charts, without Qt: a value axis with round ticks, and a time axis whose
ticks (hours, days, weeks, months or years) are chosen from the span it covers.

Names of months are English and fixed, like the rest of the interface. Days and hours are where
the user lives: ``tz`` None means this computer's local time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def short_date(day: date) -> str:
    """``6 May``: the day and the month's first three letters."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


# ------------------------------------------------------------------------------ value axis


@dataclass(frozen=True, slots=True)
class Axis:
    """A value axis from ``low`` to ``high`` with labelled ``ticks`` (both ends included)."""

    low: float
    high: float
    ticks: tuple[float, ...]

    def fraction(self, value: float) -> float:
        """Where *value* sits between the ends: 0 at ``low``, 1 at ``high``."""
        return (value - self.low) / (self.high - self.low)


def tick_text(value: float) -> str:
    return f"{value:g}"


def nice_axis(highest: float, *, at_least: float = 1.0, most_ticks: int = 5) -> Axis:
    """An axis from 0 up to a round number not below *highest* (nor *at_least*), with at most
    *most_ticks* ticks spaced by 1, 2, 2.5 or 5 times a power of ten."""
    if most_ticks < 2:
        raise ValueError("an axis needs at least two ticks")
    top = max(highest, at_least)
    if not math.isfinite(top) or top <= 0:
        raise ValueError("the top of an axis must be a positive number")
    rough = top / (most_ticks - 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough - 1e-12)
    count = math.ceil(top / step - 1e-9)  # a top a hair above a round tick stays on it
    decimals = max(0, 3 - math.floor(math.log10(step)))
    ticks = tuple(round(i * step, decimals) for i in range(count + 1))
    return Axis(0.0, ticks[-1], ticks)


TENSION_AXIS = Axis(0.0, 10.0, (0.0, 2.0, 4.0, 6.0, 8.0, 10.0))


# ------------------------------------------------------------------------------- time axis

Unit = Literal["hour", "day", "week", "month", "year"]
_UNIT_SECONDS: dict[Unit, float] = {
    "hour": 3600.0,
    "day": 86_400.0,
    "week": 7 * 86_400.0,
    "month": 30.44 * 86_400.0,
    "year": 365.25 * 86_400.0,
}
#: tick spacings from the finest to the coarsest; the finest that fits is used
TICK_STEPS: tuple[tuple[Unit, int], ...] = (
    ("hour", 1),
    ("hour", 2),
    ("hour", 3),
    ("hour", 6),
    ("hour", 12),
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
)
#: the least a time axis spans, so one session (or a few minutes apart) sits in a readable hour
SHORTEST_SPAN = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """A time axis from ``start`` to ``end`` with ticks at round local times (``(x, label)``,
    x from 0 at ``start`` to 1 at ``end``) spaced by ``step`` (unit, count)."""

    start: datetime
    end: datetime
    step: tuple[Unit, int]
    ticks: tuple[tuple[float, str], ...]

    def fraction(self, moment: datetime) -> float:
        """Where *moment* sits: 0 at ``start``, 1 at ``end``, in proportion to time."""
        return (moment - self.start) / (self.end - self.start)


def _local(naive: datetime, tz: tzinfo | None) -> datetime:
    """A wall-clock time where the user lives, made aware (None: this computer's zone)."""
    return naive.astimezone() if tz is None else naive.replace(tzinfo=tz)


def _first_tick(start: datetime, unit: Unit, count: int) -> datetime:
    """The first round wall-clock time of the step at or after *start* (naive, local)."""
    if unit == "hour":
        hour = start.hour - start.hour % count
        tick = start.replace(hour=hour, minute=0, second=0, microsecond=0)
    elif unit in ("day", "week"):
        tick = start.replace(hour=0, minute=0, second=0, microsecond=0)
        if unit == "week":
            tick -= timedelta(days=tick.weekday())  # Mondays
    elif unit == "month":
        month = (start.month - 1) - (start.month - 1) % count + 1
        tick = datetime(start.year, month, 1)
    else:
        tick = datetime(start.year - start.year % count, 1, 1)
    while tick < start:
        tick = _next_tick(tick, unit, count)
    return tick


def _next_tick(tick: datetime, unit: Unit, count: int) -> datetime:
    if unit == "hour":
        return tick + timedelta(hours=count)
    if unit == "day":
        return tick + timedelta(days=count)
    if unit == "week":
        return tick + timedelta(weeks=count)
    if unit == "month":
        index = tick.year * 12 + tick.month - 1 + count
        return datetime(index // 12, index % 12 + 1, 1)
    return datetime(tick.year + count, 1, 1)


def _tick_label(tick: datetime, unit: Unit, first: bool) -> str:
    if unit == "hour":  # hours, and the date at midnight
        if tick.hour == 0 and tick.minute == 0:
            return short_date(tick.date())
        return f"{tick.hour:02d}:{tick.minute:02d}"
    if unit in ("day", "week"):
        return short_date(tick.date())
    if unit == "month":
        name = MONTH_NAMES[tick.month - 1][:3]
        return f"{name} {tick.year}" if first or tick.month == 1 else name
    return str(tick.year)


def time_axis(
    first: datetime, last: datetime, tz: tzinfo | None = None, *, most_ticks: int = 6
) -> TimeAxis:
    """An axis from a little before *first* to a little after *last* (at least an hour in all),
    with at most about *most_ticks* ticks at round local times: hours for a day, days or weeks
    for a month, months for a year."""
    if last < first:
        first, last = last, first
    span = max(last - first, SHORTEST_SPAN)
    middle = first + (last - first) / 2
    margin = span * 0.05
    start = min(first, middle - span / 2) - margin
    end = max(last, middle + span / 2) + margin
    seconds = (end - start).total_seconds()
    unit, count = next(
        ((u, c) for u, c in TICK_STEPS if seconds / (_UNIT_SECONDS[u] * c) <= most_ticks),
        TICK_STEPS[-1],
    )
    local_start = start.astimezone(tz).replace(tzinfo=None)
    local_end = end.astimezone(tz).replace(tzinfo=None)
    ticks: list[tuple[float, str]] = []
    tick = _first_tick(local_start, unit, count)
    while tick <= local_end:
        moment = _local(tick, tz)
        ticks.append(((moment - start) / (end - start), _tick_label(tick, unit, not ticks)))
        tick = _next_tick(tick, unit, count)
    return TimeAxis(start, end, (unit, count), tuple(ticks))
