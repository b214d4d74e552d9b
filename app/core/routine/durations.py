"""Durations in routine files: seconds (``4``, ``2.5``) or ``90s``, ``3m``, ``1m30s``, ``1h``.

Inside the app every duration is a whole number of milliseconds, so that sums are exact.
"""

from __future__ import annotations

import math
import re

_UNIT_MS = {"h": 3_600_000, "m": 60_000, "s": 1_000}
_PART = r"(?:\d+(?:\.\d+)?)"
_DURATION_RE = re.compile(rf"^(?:(?P<h>{_PART})h)?(?:(?P<m>{_PART})m)?(?:(?P<s>{_PART})s)?$")

#: The pattern of the string form, for the JSON Schema.
DURATION_PATTERN = r"^\s*(\d+(\.\d+)?h)?(\d+(\.\d+)?m)?(\d+(\.\d+)?s)?\s*$|^\s*\d+(\.\d+)?\s*$"


def parse_duration_ms(value: object) -> int:
    """Return *value* as whole milliseconds, or raise ``ValueError`` with a message for a user."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a text like 90s, 3m, 1m30s")
    if isinstance(value, int) and abs(value) > 1e9:
        raise ValueError("a duration this long is not a practice")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = _parse_text(value.strip())
    else:
        raise ValueError("a duration is a number of seconds or a text like 90s, 3m, 1m30s")
    if not math.isfinite(seconds):
        raise ValueError("a duration is a finite number of seconds")
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    if seconds > 1e9:
        raise ValueError("a duration this long is not a practice")
    return round(seconds * 1000)


def _parse_text(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    match = _DURATION_RE.match(text.replace(" ", ""))
    if not text or match is None or not any(match.groupdict().values()):
        raise ValueError(f"'{text}' is not a duration; write seconds (45) or 90s, 3m, 1m30s, 1h")
    return sum(
        float(amount) * _UNIT_MS[unit] / 1000
        for unit, amount in match.groupdict().items()
        if amount is not None
    )


def format_duration(ms: int) -> str:
    """A short human form: ``45s``, ``3m``, ``1m30s``, ``1h2m``, ``2.5s``."""
    if ms < 60_000:
        seconds = ms / 1000
        return f"{seconds:g}s"
    total_s = round(ms / 1000)
    hours, rest = divmod(total_s, 3600)
    minutes, seconds = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{seconds}s" if seconds else "")


def format_clock(ms: int) -> str:
    """``m:ss`` (or ``h:mm:ss``) for counters; rounds up so a countdown never shows 0 too early."""
    total_s = max(0, math.ceil(ms / 1000))
    hours, rest = divmod(total_s, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
