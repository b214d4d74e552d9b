"""The three clocks the reminder scheduler reads, and a fake set that tests drive by hand.

- ``monotonic_ns``: awake time. It never jumps with the wall clock and, on Linux, stops while the
  machine sleeps. Work is measured on it.
- ``boottime_ns``: like monotonic, but it keeps counting during a suspend. Its growth minus the
  monotonic growth is exactly the time slept. Where the platform has no such clock it equals
  monotonic (and a suspend goes unseen).
- ``now()``: the wall clock as an aware local datetime. It is read only for calendar rules (work
  hours, pause-until) and may jump when the user or NTP sets the clock.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NS_PER_S = 1_000_000_000
NS_PER_MIN = 60 * NS_PER_S
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class Clocks(Protocol):
    def monotonic_ns(self) -> int: ...

    def boottime_ns(self) -> int: ...

    def now(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class Readings:
    """One reading of all three clocks, taken together. ``wall_ns`` is UTC epoch nanoseconds."""

    mono: int
    boot: int
    wall: int
    zone: tzinfo

    def local(self, wall_ns: int) -> datetime:
        return from_epoch_ns(wall_ns, self.zone)


def read_clocks(clocks: Clocks) -> Readings:
    now = clocks.now()
    if now.tzinfo is None:
        raise ValueError("Clocks.now() must return an aware datetime")
    return Readings(clocks.monotonic_ns(), clocks.boottime_ns(), epoch_ns(now), now.tzinfo)


def epoch_ns(moment: datetime) -> int:
    """UTC nanoseconds since 1970 of an aware datetime (never naive wall-time arithmetic)."""
    if moment.tzinfo is None:
        raise ValueError("a wall-clock instant needs a time zone")
    return (moment - _EPOCH) // _MICROSECOND * 1_000


def from_epoch_ns(wall_ns: int, zone: tzinfo) -> datetime:
    return (_EPOCH + timedelta(microseconds=wall_ns // 1_000)).astimezone(zone)


def local_zone() -> tzinfo:
    """The system's zone as a ``ZoneInfo`` when it can be named (TZ, /etc/localtime), else fixed."""
    candidates: list[str] = []
    if tz := os.environ.get("TZ", "").lstrip(":"):
        candidates.append(tz)
    try:
        target = Path("/etc/localtime").resolve(strict=True)
    except OSError:
        pass
    else:
        parts = target.parts
        if "zoneinfo" in parts:
            candidates.append("/".join(parts[parts.index("zoneinfo") + 1 :]))
    for key in candidates:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    fallback = datetime.now().astimezone().tzinfo
    return fallback if fallback is not None else UTC


@dataclass(frozen=True, slots=True)
class SystemClocks:
    """The real clocks; ``zone`` is the local zone (see ``local_zone``)."""

    zone: tzinfo

    def monotonic_ns(self) -> int:
        return time.monotonic_ns()

    def boottime_ns(self) -> int:
        boottime = getattr(time, "CLOCK_BOOTTIME", None)
        if boottime is None:  # pragma: no cover - not Linux
            return time.monotonic_ns()
        return time.clock_gettime_ns(boottime)

    def now(self) -> datetime:
        return datetime.now(self.zone)


class FakeClocks:
    """Clocks for tests: monotonic, boottime and the wall clock move only when told to."""

    def __init__(self, start: datetime, *, monotonic_ns: int = 1_000 * NS_PER_S) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClocks needs an aware start time")
        self.mono = monotonic_ns
        self.boot = monotonic_ns + 7 * NS_PER_S  # a little sleep before the test began
        self.wall = epoch_ns(start)
        self.zone: tzinfo = start.tzinfo

    def monotonic_ns(self) -> int:
        return self.mono

    def boottime_ns(self) -> int:
        return self.boot

    def now(self) -> datetime:
        return from_epoch_ns(self.wall, self.zone)

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> None:
        """Awake time passes: all three clocks move together."""
        ns = _duration_ns(seconds, minutes, hours)
        self.mono += ns
        self.boot += ns
        self.wall += ns

    def advance_to(self, monotonic_ns: int) -> None:
        """Awake time passes until the monotonic clock reads ``monotonic_ns``."""
        if monotonic_ns < self.mono:
            raise ValueError("a monotonic clock never goes back")
        delta = monotonic_ns - self.mono
        self.mono += delta
        self.boot += delta
        self.wall += delta

    def suspend(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> None:
        """The machine sleeps: boottime and the wall clock move, monotonic does not."""
        ns = _duration_ns(seconds, minutes, hours)
        self.boot += ns
        self.wall += ns

    def set_wall(self, moment: datetime) -> None:
        """The wall clock alone jumps (the user or NTP set it); the zone is kept."""
        self.wall = epoch_ns(moment)

    def set_zone(self, zone: tzinfo) -> None:
        """The local zone changes (travel); the instant does not."""
        self.zone = zone


def _duration_ns(seconds: float, minutes: float, hours: float) -> int:
    ns = round((seconds + 60 * minutes + 3600 * hours) * NS_PER_S)
    if ns < 0:
        raise ValueError("time only moves forward here; use set_wall for a wall-clock jump")
    return ns
