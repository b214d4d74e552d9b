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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

# the axes and the tension chart have modules of their own; they are read from here too
from app.core.history.axes import MONTH_NAMES as MONTH_NAMES
from app.core.history.axes import TENSION_AXIS as TENSION_AXIS
from app.core.history.axes import Axis as Axis
from app.core.history.axes import nice_axis as nice_axis
from app.core.history.axes import short_date as short_date
from app.core.history.axes import tick_text as tick_text
from app.core.history.records import (
    REGIONS,
    DeletionSummary,
    Region,
    SessionRecord,
    plural,
)
from app.core.history.stats import (
    current_streak,
    days_practised,
    minutes_per_week,
    relief_by_routine,
)
from app.core.history.tension_chart import TensionChart as TensionChart
from app.core.history.tension_chart import tension_chart as tension_chart
from app.core.routine.choices import DEFAULT_PAUSE_ROUTINE

FIRST_ROUTINE_ID = DEFAULT_PAUSE_ROUTINE  # the first routine suggested is the gentlest
EMPTY_HISTORY_TEXT = (
    "Your practice will show here. Start with the 3-minute diaphragmatic breathing."
)
WEEKS_SHOWN = 12

WEEKDAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUS = "\N{MINUS SIGN}"


def when_text(moment: datetime, tz: tzinfo | None = None) -> str:
    """``Mon 6 May 2024, 18:00`` in the user's time zone."""
    local = moment.astimezone(tz)
    return (
        f"{_WEEKDAY_NAMES[local.weekday()]} {short_date(local.date())} {local.year}, "
        f"{local.hour:02d}:{local.minute:02d}"
    )


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


# ---------------------------------------------------------------------------------- table

#: What a table shows for a region nobody rated.
NOT_RATED_MARK = "–"


def change_text(value: float | None) -> str:
    """A change in tension to one decimal: ``−1.8`` (a true minus sign), ``+0.5``, ``0.0``;
    ``–`` when nothing was rated."""
    if value is None:
        return NOT_RATED_MARK
    rounded = round(value, 1)
    if rounded == 0:
        return "0.0"
    return f"{MINUS if rounded < 0 else '+'}{abs(rounded):.1f}"


def change_words(value: float | None) -> str:
    """The same change for a screen reader: ``1.8 less``, ``0.5 more``, ``no change``."""
    if value is None:
        return "not rated"
    rounded = round(value, 1)
    if rounded == 0:
        return "no change"
    return f"{abs(rounded):.1f} {'less' if rounded < 0 else 'more'}"


@dataclass(frozen=True, slots=True)
class ReliefRow:
    routine_id: str
    routine: str
    sessions: int
    changes: tuple[float | None, float | None, float | None, float]  # upper, mid, lower, overall

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
    if summary.practices:
        parts.append(plural(summary.practices, "mini pacer practice", "mini pacer practices"))
    if summary.set_aside_files:
        parts.append(
            plural(summary.set_aside_files, "damaged file set aside", "damaged files set aside")
        )
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Delete {listed}? This cannot be undone."
