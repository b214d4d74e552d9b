"""What ``ReminderScheduler.poll`` tells the caller to do; each stamped in monotonic ns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReminderDue:
    """Show the reminder now. At most one is ever outstanding until the user answers it."""

    at_ns: int


@dataclass(frozen=True, slots=True)
class ReminderWithdrawn:
    """The outstanding reminder no longer applies (the user was away, work hours ended...)."""

    at_ns: int
    reason: str


@dataclass(frozen=True, slots=True)
class ClockChanged:
    """The wall clock jumped by ``jump_ns`` more than a suspend explains; times are recomputed."""

    at_ns: int
    jump_ns: int


Decision = ReminderDue | ReminderWithdrawn | ClockChanged
