"""What the History says of the mini pacer: time breathed beside the work, this week and in all.

Pacer practices are their own kind of practice (``practices``): they have no check-ins and do
not make a session, a practised day or a streak; the History gives them one line of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo

from app.core.history.practices import PracticeRecord
from app.core.history.stats import local_day, week_start


def duration_words(seconds: float) -> str:
    """``45 min``, ``1 h``, ``2 h 5 min``; under a minute, ``under a minute``."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def pacer_line(practices: Iterable[PracticeRecord], today: date, tz: tzinfo | None = None) -> str:
    """``Breathing while working: 12 min this week, 3 h 5 min in all``; empty when the mini
    pacer was never used. The week runs Monday to Sunday, in local days."""
    this_week = week_start(today)
    total = week = 0.0
    count = 0
    for practice in practices:
        count += 1
        total += practice.practised_s
        if week_start(local_day(practice.started_at, tz)) == this_week:
            week += practice.practised_s
    if not count:
        return ""
    this = duration_words(week) if week >= 60 else "none"
    return f"Breathing while working: {this} this week, {duration_words(total)} in all"
