"""Finding the length a routine's words give for the whole routine, and only that."""

from __future__ import annotations

import math

import pytest

from tests.support.stated_length import StatedLength, number_value, stated_lengths


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("3", 3),
        ("1.5", 1.5),
        ("ten", 10),
        ("Ten", 10),
        ("nineteen", 19),
        ("thirty", 30),
        ("twenty-five", 25),
        ("forty five", 45),
        ("three and a half", 3.5),
        ("2 and a half", 2.5),
    ],
)
def test_numbers_in_digits_or_words(written: str, value: float) -> None:
    assert number_value(written) == value


def test_a_word_that_is_no_number_is_refused() -> None:
    with pytest.raises(ValueError, match="not a number"):
        number_value("several")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("About four minutes.", 240),
        ("3-Minute Diaphragmatic Breathing", 180),
        ("30-Second Cold Finish", 30),
        ("A ten-minute practice for the evening.", 600),
        ("Three unhurried minutes of breathing low into the belly.", 180),
        ("Ten minutes, sitting or lying down.", 600),
        ("Sitting on the edge of the bed, it takes about five minutes.", 300),
        ("The whole practice lasts about twelve minutes.", 720),
        ("Some twenty-five minutes in all.", 1500),
        ("Rest and breathe. Eight minutes in total, most of it lying down.", 480),
        ("A minute and a half.", 90),
        ("Half a minute, no more.", 30),
        ("Two minutes and thirty seconds.", 150),
        ("1.5 minutes.", 90),
        ("An hour of slow practice.", 3600),
        ("Three and a half minutes, in your chair.", 210),
    ],
)
def test_a_length_of_the_whole_routine_is_found(text: str, seconds: float) -> None:
    """At the start of a sentence (after hedges like "about"), after "takes"/"lasts", or before
    "in all": the length is the routine's."""
    (found,) = stated_lengths(text)
    assert found.low_s == found.high_s == seconds


@pytest.mark.parametrize(
    "text",
    [
        "Hold for thirty seconds.",
        "Slow breathing under warm water, thirty seconds of cold at the end of your shower.",
        "Then you breathe in fully, hold for fifteen seconds, and let go.",
        "Four even sides of four seconds each, in, hold, out, hold.",
        "Four slow cycles of in for 4, hold for 7 and out for 8.",
        "A few minutes of quiet.",
        "Three short rounds, with ordinary breathing in between.",
        "Slow the breath to about five and a half breaths a minute: five and a half seconds in.",
        "Stay for two minutes, or as long as feels right.",
        "Walk for ten minutes or so.",
    ],
)
def test_the_length_of_a_part_is_not_the_routines(text: str) -> None:
    """A length inside a sentence belongs to a step: a hold, the cold water, a count."""
    assert stated_lengths(text) == []


def test_ranges_and_bounds() -> None:
    """A range allows anything between its ends; "under" and "over" are bounds."""
    assert stated_lengths("Three to four minutes.") == [
        StatedLength("Three to four minutes", 180, 240)
    ]
    assert stated_lengths("3–4 min, in your chair.") == [StatedLength("3–4 min", 180, 240)]
    assert stated_lengths("Four or five minutes.") == [
        StatedLength("Four or five minutes", 240, 300)
    ]
    assert stated_lengths("Under three minutes.") == [StatedLength("three minutes", 0, 180)]
    assert stated_lengths("It takes more than an hour.") == [
        StatedLength("an hour", 3600, math.inf)
    ]


def test_every_sentence_is_read() -> None:
    text = "About four minutes. In two minutes you will lie down. Hold for ten seconds."
    assert [found.text for found in stated_lengths(text)] == ["four minutes", "two minutes"]


@pytest.mark.parametrize(
    ("stated", "low", "high", "allowed"),
    [
        (StatedLength("four minutes", 240, 240), 240, 240, True),
        (StatedLength("four minutes", 240, 240), 220, 220, True),  # 9 % off
        (StatedLength("four minutes", 240, 240), 208, 208, False),  # 15 % off
        (StatedLength("four minutes", 240, 240), 266, 266, True),  # 26 s off, 10 % of 266 s
        (StatedLength("four minutes", 240, 240), 267, 267, False),  # 27 s off, 10 % is 26.7 s
        (StatedLength("four minutes", 240, 240), 150, math.inf, True),  # open steps
        (StatedLength("four minutes", 240, 240), 300, math.inf, False),  # the fixed part is longer
        (StatedLength("four minutes", 240, 240), 100, 200, False),  # capped holds fall short
        (StatedLength("three to four minutes", 180, 240), 200, 200, True),
        (StatedLength("under three minutes", 0, 180), 120, 120, True),
        (StatedLength("under three minutes", 0, 180), 240, 240, False),
    ],
)
def test_a_stated_length_allows_the_timeline_within_ten_percent(
    stated: StatedLength, low: float, high: float, allowed: bool
) -> None:
    assert stated.allows(low, high) is allowed
