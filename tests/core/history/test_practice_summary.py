"""The History's line for the mini pacer: time breathed beside the work this week and in all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from app.core.history.practice_summary import duration_words, pacer_line
from app.core.history.practices import PracticeRecord

TODAY = date(2026, 12, 9)  # a Wednesday: the week began on Monday the 7th


def practice(start: datetime, seconds: float) -> PracticeRecord:
    return PracticeRecord(
        "mini_pacer",
        "resonance",
        "Resonance breathing",
        "in 5.5 s · out 5.5 s",
        start,
        start + timedelta(seconds=seconds),
        seconds,
    )


def test_no_pacer_no_line() -> None:
    assert pacer_line([], TODAY, UTC) == ""


def test_this_week_and_all_of_it() -> None:
    practices = [
        practice(datetime(2026, 12, 8, 10, tzinfo=UTC), 15 * 60),  # this week
        practice(datetime(2026, 12, 9, 14, tzinfo=UTC), 5 * 60),  # this week
        practice(datetime(2026, 11, 30, 9, tzinfo=UTC), 3 * 3600),  # last week
    ]
    assert pacer_line(practices, TODAY, UTC) == (
        "Breathing while working: 20 min this week, 3 h 20 min in all"
    )


def test_a_week_without_the_pacer_says_none() -> None:
    practices = [practice(datetime(2026, 11, 30, 9, tzinfo=UTC), 45 * 60)]
    assert pacer_line(practices, TODAY, UTC) == (
        "Breathing while working: none this week, 45 min in all"
    )


def test_the_week_is_counted_in_local_days() -> None:
    """Sunday 23:30 in UTC is already Monday in Tokyo: this week there, last week in UTC."""
    late_sunday = practice(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), 10 * 60)
    tokyo = timezone(timedelta(hours=9))
    assert pacer_line([late_sunday], TODAY, UTC).startswith("Breathing while working: none")
    assert pacer_line([late_sunday], TODAY, tokyo).startswith(
        "Breathing while working: 10 min this week"
    )


def test_durations_in_words() -> None:
    assert duration_words(20) == "under a minute"
    assert duration_words(59 * 60 + 59) == "59 min"
    assert duration_words(3600) == "1 h"
    assert duration_words(2 * 3600 + 5 * 60) == "2 h 5 min"
