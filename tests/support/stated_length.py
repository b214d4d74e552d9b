"""Lengths a routine states in words, found so that a test can hold them to its timeline.

A routine's name, summary and description sometimes say how long it takes: "3-Minute
Diaphragmatic Breathing", "About four minutes.", "it takes about five minutes", "Ten minutes,
sitting or lying down." Others name the length of one part: "hold for fifteen seconds", "thirty
seconds of cold at the end of your shower". Only the first kind is the length of the routine.

A length counts as the routine's when

- it opens a sentence (the name, the summary and each sentence of the description), after
  nothing but hedges and articles: "About four minutes.", "3-Minute Diaphragmatic
  Breathing", "Three unhurried minutes of breathing", "A ten-minute practice";
- or it follows "takes", "lasts" or "runs": "it takes about five minutes";
- or "in all", "in total" or "altogether" follows it: "twelve minutes in all".

Every other length in the text belongs to a part of the routine and is left alone.

Numbers may be digits (``3``, ``1.5``) or words up to ninety-nine (``ten``, ``twenty-five``), with
"a"/"an" for one, "and a half", "half a minute", ranges ("three to four minutes", "3–4 min") and
compounds ("two minutes and thirty seconds"). "Under"/"less than" and "over"/"more than" make the
length a bound.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

_SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS: dict[str, int] = {word: n for n, word in enumerate(_SMALL)}
WORD_NUMBERS.update({word: 20 + 10 * n for n, word in enumerate(_TENS)})

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}

_DIGITS = r"\d+(?:\.\d+)?"
_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?"
    rf"|{'|'.join(sorted(_SMALL, key=len, reverse=True))})"
)
_NUMBER = rf"(?:{_DIGITS}|{_WORD})(?:\s+and\s+a\s+half)?"
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)"

# One length: "half a minute", "a minute and a half", "three to four minutes", "3-minute",
# "ten unhurried minutes" (one describing word may stand between a number and its unit).
_ONE = re.compile(
    rf"""
    \b(?:
        half\s+an?\s+(?P<half_unit>{_UNIT})
      | an?\s+(?P<one_unit>{_UNIT})(?P<one_half>\s+and\s+a\s+half)?
      | (?P<number>{_NUMBER})(?:-|\s+(?:(?!and\b|or\b|to\b)[a-z]+\s+)?)(?P<unit>{_UNIT})
            (?P<number_half>\s+and\s+a\s+half)?
      | (?P<low>{_NUMBER})\s*(?:-|–|\bto\b|\bor\b)\s*(?P<high>{_NUMBER})
            [\s-]+(?P<range_unit>{_UNIT})
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_JOIN = re.compile(r"\s*(?:,\s*|\s+and\s+|\s+)$", re.IGNORECASE)

_HEDGES = (
    r"about|around|roughly|nearly|almost|approximately|some|only|just|in|a|an|the|this|these"
    r"|under|over|less\s+than|more\s+than|a\s+little|a\s+bit|just\s+over|just\s+under"
)
_OPENS_SENTENCE = re.compile(rf"^\W*(?:(?:{_HEDGES})\s+)*$", re.IGNORECASE)
_AFTER_VERB = re.compile(
    rf"\b(?:takes?|taking|lasts?|lasting|runs?|running)\s+(?:for\s+)?(?:(?:{_HEDGES})\s+)*$",
    re.IGNORECASE,
)
_IN_ALL = re.compile(r"^\s+(?:in\s+all|in\s+total|altogether)\b", re.IGNORECASE)
_UPPER_BOUND = re.compile(r"\b(?:under|less\s+than)\s+$", re.IGNORECASE)
_LOWER_BOUND = re.compile(r"\b(?:over|more\s+than)\s+$", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


@dataclass(frozen=True, slots=True)
class StatedLength:
    """A length written in a routine's text, as the seconds it allows (*high* may be infinite)."""

    text: str
    low_s: float
    high_s: float

    def allows(self, low_s: float, high_s: float, tolerance: float = 0.1) -> bool:
        """Whether some length between *low_s* and *high_s* (what the timeline can take) is
        within *tolerance* of this stated length, measured against the timeline's length."""
        shortest = max(low_s, self.low_s / (1 + tolerance))
        longest = min(high_s, self.high_s / (1 - tolerance))
        return shortest <= longest


def number_value(text: str) -> float:
    """``3`` → 3, ``1.5`` → 1.5, ``twenty-five`` → 25, ``three and a half`` → 3.5."""
    words = text.lower().strip()
    half = 0.0
    if re.search(r"\s+and\s+a\s+half$", words):
        words = re.sub(r"\s+and\s+a\s+half$", "", words)
        half = 0.5
    if re.fullmatch(_DIGITS, words):
        return float(words) + half
    total = 0
    for word in re.split(r"[- ]+", words):
        if word not in WORD_NUMBERS:
            raise ValueError(f"not a number: {text!r}")
        total += WORD_NUMBERS[word]
    return total + half


def _unit_seconds(unit: str) -> int:
    return _UNIT_SECONDS[unit.lower()[0]]


def _lengths(sentence: str) -> Iterator[tuple[int, int, float, float]]:
    """Every length in *sentence*: (start, end, low seconds, high seconds), compounds joined."""
    pending: tuple[int, int, float, float, int] | None = None  # ..., unit of the last part
    for match in _ONE.finditer(sentence):
        if match["half_unit"]:
            unit = _unit_seconds(match["half_unit"])
            low = high = 0.5 * unit
        elif match["one_unit"]:
            unit = _unit_seconds(match["one_unit"])
            low = high = (1.5 if match["one_half"] else 1.0) * unit
        elif match["range_unit"]:
            unit = _unit_seconds(match["range_unit"])
            low, high = number_value(match["low"]) * unit, number_value(match["high"]) * unit
        else:
            unit = _unit_seconds(match["unit"])
            value = number_value(match["number"]) + (0.5 if match["number_half"] else 0.0)
            low = high = value * unit
        if (
            pending is not None
            and unit < pending[4]
            and _JOIN.fullmatch(sentence[pending[1] : match.start()] or " ")
        ):
            pending = (pending[0], match.end(), pending[2] + low, pending[3] + high, unit)
            continue
        if pending is not None:
            yield pending[:4]
        pending = (match.start(), match.end(), low, high, unit)
    if pending is not None:
        yield pending[:4]


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCES.split(text) if part.strip()]


def stated_lengths(text: str) -> list[StatedLength]:
    """The lengths of the whole routine that *text* states (see the module's docstring)."""
    found = []
    for sentence in sentences(text):
        for start, end, low, high in _lengths(sentence):
            before, after = sentence[:start], sentence[end:]
            if not (
                _OPENS_SENTENCE.match(before) or _AFTER_VERB.search(before) or _IN_ALL.match(after)
            ):
                continue
            if _UPPER_BOUND.search(before):
                low = 0.0
            elif _LOWER_BOUND.search(before):
                high = math.inf
            found.append(StatedLength(sentence[start:end], low, high))
    return found
