"""What the History view shows, worked out without Qt (the Journal's cards: ``journal_summary``).

The views paint and lay out; everything they need to decide — which days of a month are filled,
how tall an axis is and where its ticks go, where each point of a line sits, how a change in
tension is written — is computed here from session records (on top of ``history.stats``), as
frozen values a test can compare.

Days are calendar days where the user lives: ``tz`` None means this computer's local time.
Names of months and weekdays are English and fixed, like the rest of the interface.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from statistics import fmean

from app.core.history.records import (
    REGION_NAMES,
    REGIONS,
    DeletionSummary,
    Region,
    SessionRecord,
    plural,
)
from app.core.history.stats import (
    current_streak,
    days_practised,
    local_day,
    minutes_per_week,
    relief_by_routine,
    tension_series,
)
from app.core.routine.choices import DEFAULT_PAUSE_ROUTINE

FIRST_ROUTINE_ID = DEFAULT_PAUSE_ROUTINE  # the first routine suggested is the gentlest
EMPTY_HISTORY_TEXT = (
    "Your practice will show here. Start with the 3-minute diaphragmatic breathing."
)
WEEKS_SHOWN = 12
TENSION_POINTS_SHOWN = 30

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
WEEKDAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUS = "\N{MINUS SIGN}"


def short_date(day: date) -> str:
    """``6 May``: the day and the month's first three letters."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


def when_text(moment: datetime, tz: tzinfo | None = None) -> str:
    """``Mon 6 May 2024, 18:00`` in the user's time zone."""
    local = moment.astimezone(tz)
    return (
        f"{_WEEKDAY_NAMES[local.weekday()]} {short_date(local.date())} {local.year}, "
        f"{local.hour:02d}:{local.minute:02d}"
    )


# ------------------------------------------------------------------------------------ axes


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


# ------------------------------------------------------------------------------- calendar


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    in_month: bool
    practised: bool
    today: bool


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    """One month as rows of seven days, Monday first; days of the months around it are there
    (``in_month`` False) so every row is whole."""

    year: int
    month: int
    title: str  # "May 2024"
    weeks: tuple[tuple[CalendarDay, ...], ...]
    practised_days: int  # in this month

    @property
    def description(self) -> str:
        days = [d.day.day for week in self.weeks for d in week if d.in_month and d.practised]
        if not days:
            return f"{self.title}: no practice."
        listed = ", ".join(str(day) for day in days)
        return f"{self.title}: practised on {plural(len(days), 'day', 'days')}: {listed}."


def calendar_month(
    practised: Collection[date], year: int, month: int, today: date
) -> CalendarMonth:
    rows = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    weeks = tuple(
        tuple(CalendarDay(d, d.month == month, d in practised, d == today) for d in row)
        for row in rows
    )
    count = sum(1 for row in weeks for d in row if d.in_month and d.practised)
    return CalendarMonth(year, month, f"{MONTH_NAMES[month - 1]} {year}", weeks, count)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month *delta* months after (or before, if negative) *month* of *year*."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# ----------------------------------------------------------------------------------- bars


@dataclass(frozen=True, slots=True)
class BarSeries:
    labels: tuple[str, ...]
    values: tuple[float, ...]
    axis: Axis
    description: str  # the figures in words, for screen readers


def weekly_bars(
    sessions: Sequence[SessionRecord],
    today: date,
    weeks: int = WEEKS_SHOWN,
    tz: tzinfo | None = None,
) -> BarSeries:
    """Minutes per week for the last *weeks* weeks (Monday to Sunday), the current week last,
    each labelled with its Monday; the axis starts at 0 and reaches at least 10 minutes."""
    data = minutes_per_week(sessions, weeks, today, tz)
    values = tuple(w.minutes for w in data)
    labels = tuple(short_date(w.week_start) for w in data)
    words = "; ".join(
        f"week of {label}: {round(value)} min" for label, value in zip(labels, values, strict=True)
    )
    return BarSeries(
        labels,
        values,
        nice_axis(max(values), at_least=10),
        f"Minutes practised per week, the last {weeks} weeks. {words}.",
    )


# ---------------------------------------------------------------------------------- lines


@dataclass(frozen=True, slots=True)
class TensionChart:
    """Tension in one region before and after each session with a check-in, oldest first.

    Sessions are spaced evenly from ``x`` 0 to 1 (one alone sits in the middle), so several in a
    day stay apart; ``x_labels`` places a few dates along the way.
    """

    region: Region
    x: tuple[float, ...]
    before: tuple[int | None, ...]
    after: tuple[int | None, ...]
    x_labels: tuple[tuple[float, str], ...]
    axis: Axis
    description: str

    @property
    def is_empty(self) -> bool:
        return not self.x


def _spread(count: int) -> tuple[float, ...]:
    if count == 1:
        return (0.5,)
    return tuple(i / (count - 1) for i in range(count))


def _label_indices(count: int, most: int) -> list[int]:
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def _average(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return fmean(known) if known else None


def tension_chart(
    sessions: Sequence[SessionRecord],
    region: Region,
    tz: tzinfo | None = None,
    *,
    last: int = TENSION_POINTS_SHOWN,
    most_labels: int = 6,
) -> TensionChart:
    """The last *last* sessions with a check-in, for *region*, on the fixed 0–10 scale."""
    points = tension_series(sessions, region)[-last:]
    x = _spread(len(points))
    days = [short_date(local_day(p.started_at, tz)) for p in points]
    labels: list[tuple[float, str]] = []
    for i in _label_indices(len(points), most_labels):
        if not labels or labels[-1][1] != days[i]:
            labels.append((x[i], days[i]))
    before = tuple(p.before for p in points)
    after = tuple(p.after for p in points)
    name = REGION_NAMES[region]
    if not points:
        description = f"{name}: no check-ins yet."
    else:
        parts = [
            f"{name} tension, 0 to 10, for the last {plural(len(points), 'session', 'sessions')}"
            " with a check-in"
        ]
        for word, values in (("before", before), ("after", after)):
            mean = _average(values)
            if mean is not None:
                parts.append(f"on average {mean:.1f} {word}")
        description = ", ".join(parts) + "."
    return TensionChart(region, x, before, after, tuple(labels), TENSION_AXIS, description)


# ---------------------------------------------------------------------------------- table


def change_text(value: float) -> str:
    """A change in tension to one decimal: ``−1.8`` (a true minus sign), ``+0.5``, ``0.0``."""
    rounded = round(value, 1)
    if rounded == 0:
        return "0.0"
    return f"{MINUS if rounded < 0 else '+'}{abs(rounded):.1f}"


def change_words(value: float) -> str:
    """The same change for a screen reader: ``1.8 less``, ``0.5 more``, ``no change``."""
    rounded = round(value, 1)
    if rounded == 0:
        return "no change"
    return f"{abs(rounded):.1f} {'less' if rounded < 0 else 'more'}"


@dataclass(frozen=True, slots=True)
class ReliefRow:
    routine_id: str
    routine: str
    sessions: int
    changes: tuple[float, float, float, float]  # upper, mid, lower, overall

    @property
    def texts(self) -> tuple[str, str, str, str]:
        upper, mid, lower, overall = (change_text(v) for v in self.changes)
        return upper, mid, lower, overall


RELIEF_COLUMNS = ("Routine", "Sessions", "Upper", "Mid", "Lower", "Overall")


def relief_rows(sessions: Sequence[SessionRecord]) -> tuple[ReliefRow, ...]:
    """Average change (after − before) per routine, the most relief first."""
    return tuple(
        ReliefRow(r.routine_id, r.routine_name, r.sessions, (r.upper, r.mid, r.lower, r.overall))
        for r in relief_by_routine(sessions)
    )


# ------------------------------------------------------------------------------- overview


@dataclass(frozen=True, slots=True)
class HistoryOverview:
    """Everything the History view shows, computed once per update."""

    empty: bool
    today: date
    streak: int
    streak_text: str
    days_text: str
    practised_days: frozenset[date]
    month: CalendarMonth
    weeks: BarSeries
    tension: Mapping[Region, TensionChart]
    relief: tuple[ReliefRow, ...]


def streak_text(days: int) -> str:
    if days == 0:
        return "No current streak — a few calm breaths today start one."
    return f"Current streak: {plural(days, 'day', 'days')}"


def days_text(total: int, this_month: int) -> str:
    return f"Days practised: {total} in all, {this_month} this month"


def history_overview(
    sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None = None
) -> HistoryOverview:
    """The History view's figures. The history is *empty* until some time has been practised
    or a check-in saved; then the view shows its first step instead of empty axes."""
    practised = frozenset(days_practised(sessions, date.min, date.max, tz))
    streak = current_streak(sessions, today, tz)
    month = calendar_month(practised, today.year, today.month, today)
    has_check_in = any(s.before is not None or s.after is not None for s in sessions)
    return HistoryOverview(
        empty=not practised and not has_check_in,
        today=today,
        streak=streak,
        streak_text=streak_text(streak),
        days_text=days_text(len(practised), month.practised_days),
        practised_days=practised,
        month=month,
        weeks=weekly_bars(sessions, today, tz=tz),
        tension={region: tension_chart(sessions, region, tz) for region in REGIONS},
        relief=relief_rows(sessions),
    )


# ------------------------------------------------------------------------------- deletion


def deletion_question(summary: DeletionSummary) -> str:
    """``Delete 12 sessions, 30 check-ins, 5 journal entries and 1 damaged file set aside?
    This cannot be undone.``"""
    parts = [
        plural(summary.sessions, "session", "sessions"),
        plural(summary.check_ins, "check-in", "check-ins"),
        plural(summary.journal_entries, "journal entry", "journal entries"),
    ]
    if summary.set_aside_files:
        parts.append(
            plural(summary.set_aside_files, "damaged file set aside", "damaged files set aside")
        )
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Delete {listed}? This cannot be undone."
