"""Clocks: a callable that returns nanoseconds. Production reads ``time.monotonic_ns``.

Everything that keeps time takes a clock as a parameter, so tests drive it by hand with
``FakeClock`` — timing rules are checked in microseconds of CPU, not seconds of sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], int]

NS_PER_MS = 1_000_000
NS_PER_S = 1_000_000_000


def monotonic_clock() -> int:
    """Nanoseconds that never jump with the wall clock (on Linux they stop while asleep)."""
    return time.monotonic_ns()


class FakeClock:
    """A clock for tests that moves only when told to."""

    def __init__(self, start_ns: int = 1_000 * NS_PER_S) -> None:
        self.now_ns = start_ns

    def __call__(self) -> int:
        return self.now_ns

    def advance(self, seconds: float = 0, *, ms: int = 0, ns: int = 0) -> int:
        if seconds < 0 or ms < 0 or ns < 0:
            raise ValueError("a monotonic clock never goes back")
        self.now_ns += round(seconds * NS_PER_S) + ms * NS_PER_MS + ns
        return self.now_ns

    def set(self, now_ns: int) -> None:
        if now_ns < self.now_ns:
            raise ValueError("a monotonic clock never goes back")
        self.now_ns = now_ns
