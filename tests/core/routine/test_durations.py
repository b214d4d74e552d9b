"""Durations: how routine files write them, and how the app shows them."""

from __future__ import annotations

import pytest

from app.core.routine.durations import format_clock, format_duration, parse_duration_ms

# ------------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("written", "ms"),
    [
        (4, 4_000),
        (2.5, 2_500),
        (0, 0),
        ("45", 45_000),
        ("0.5", 500),
        ("90s", 90_000),
        ("3m", 180_000),
        ("1m30s", 90_000),
        ("1h", 3_600_000),
        ("1h30m15s", 5_415_000),
        ("1.5m", 90_000),
        (" 45 ", 45_000),
        (" 2m ", 120_000),
        ("1m 30s", 90_000),
    ],
)
def test_a_duration_is_seconds_or_a_text_with_units(written: object, ms: int) -> None:
    """A number is seconds; a text is seconds too, or hours, minutes and seconds with h, m, s in
    that order. Spaces around or between the parts do not matter. The result is whole ms."""
    assert parse_duration_ms(written) == ms


def test_a_duration_is_rounded_to_whole_milliseconds() -> None:
    """Sub-millisecond fractions are rounded, so that sums of durations stay exact integers."""
    assert parse_duration_ms(1.0004) == 1_000
    assert parse_duration_ms("0.0016") == 2


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("3 minutes", "'3 minutes' is not a duration; write seconds (45) or 90s, 3m, 1m30s, 1h"),
        ("abc", "'abc' is not a duration; write seconds (45) or 90s, 3m, 1m30s, 1h"),
        ("3m30", "'3m30' is not a duration; write seconds (45) or 90s, 3m, 1m30s, 1h"),
        ("30s1m", "'30s1m' is not a duration; write seconds (45) or 90s, 3m, 1m30s, 1h"),
        (-1, "a duration cannot be negative"),
        ("-5", "a duration cannot be negative"),
        (True, "a duration is a number of seconds or a text like 90s, 3m, 1m30s"),
        (None, "a duration is a number of seconds or a text like 90s, 3m, 1m30s"),
        ([4], "a duration is a number of seconds or a text like 90s, 3m, 1m30s"),
        (1e10, "a duration this long is not a practice"),
    ],
)
def test_anything_else_is_refused_with_a_message_for_the_user(
    written: object, message: str
) -> None:
    """Words, negative numbers, true/false (which YAML makes of yes and no), nothing, lists and
    absurd lengths raise ValueError with a message fit to show to the person who wrote it."""
    with pytest.raises(ValueError) as caught:
        parse_duration_ms(written)
    assert str(caught.value) == message


@pytest.mark.parametrize("written", ["inf", float("inf"), "-inf", "nan", float("nan")])
def test_infinity_and_nan_are_refused_as_not_finite(written: object) -> None:
    """Infinite and not-a-number durations (YAML's .inf and .nan) are refused as such, not as
    negative."""
    with pytest.raises(ValueError) as caught:
        parse_duration_ms(written)
    assert str(caught.value) == "a duration is a finite number of seconds"


def test_a_whole_number_too_big_for_a_float_is_refused_as_too_long() -> None:
    """A 400-digit number of seconds is a ValueError, never an OverflowError."""
    with pytest.raises(ValueError) as caught:
        parse_duration_ms(10**400)
    assert str(caught.value) == "a duration this long is not a practice"


# ------------------------------------------------------------------------------------ showing


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "0s"),
        (500, "0.5s"),
        (2_500, "2.5s"),
        (45_000, "45s"),
        (60_000, "1m"),
        (90_000, "1m30s"),
        (180_000, "3m"),
        (3_600_000, "1h"),
        (3_601_000, "1h1s"),
        (3_720_000, "1h2m"),
        (60_400, "1m"),  # from a minute on, whole seconds
    ],
)
def test_format_duration_is_short_and_drops_zero_parts(ms: int, text: str) -> None:
    """The same notation a routine file uses: 45s, 1m30s, 1h2m; fractions only under a minute."""
    assert format_duration(ms) == text


@pytest.mark.parametrize(
    ("ms", "clock"),
    [
        (0, "0:00"),
        (1, "0:01"),
        (999, "0:01"),
        (1_000, "0:01"),
        (1_001, "0:02"),
        (59_001, "1:00"),
        (90_000, "1:30"),
        (3_599_001, "1:00:00"),
        (3_661_000, "1:01:01"),
        (-5, "0:00"),
    ],
)
def test_format_clock_rounds_up_so_a_countdown_never_shows_zero_early(ms: int, clock: str) -> None:
    """m:ss, or h:mm:ss from an hour on. Any part of a second left counts as a whole second, so
    "0:00" appears only when nothing is left; a negative remainder shows as 0:00."""
    assert format_clock(ms) == clock
