"""What the user chose about reminders: work days and hours, the interval and its companions.

Every bound lives in the type. Hours are local wall times (naive ``time``); they are read in the
zone of the clock at each use, so a DST switch or a move to another zone keeps 09:00 at 09:00.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    model_validator,
)

from app.core.reminders.clocks import NS_PER_MIN


def _local(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("work hours are local times, without a zone")
    return value


#: a time of day on the user's own clock: work hours are local times, without a zone
LocalTime = Annotated[time, AfterValidator(_local)]
Weekday = Annotated[int, Field(ge=0, le=6)]  # 0 is Monday, as ``date.weekday()``
SnoozeMinutes = Annotated[int, Field(ge=1, le=240)]
#: the snooze lengths a user can pick; the notification, the popup and the scheduler use the one
#: chosen
SNOOZE_CHOICES_MIN = (5, 10, 15, 30)


class ReminderRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    #: the days on which a work period *starts* (a 22:00–06:00 period belongs to its evening)
    days: frozenset[Weekday] = frozenset({0, 1, 2, 3, 4})
    start: LocalTime = time(9, 0)
    #: before ``start`` means the period crosses midnight; equal to ``start`` is not allowed
    end: LocalTime = time(17, 30)
    #: work time, in minutes, between two reminders
    interval_min: Annotated[int, Field(ge=1, le=480)] = 90
    #: after a completed session, no reminder for at least this long (real time)
    min_gap_min: Annotated[int, Field(ge=0, le=480)] = 30
    #: an absence (sleep, idle, locked, app closed) this long or longer is a pause
    idle_threshold_min: Annotated[int, Field(ge=1, le=120)] = 5
    #: how long Snooze puts the reminder off
    snooze_min: SnoozeMinutes = 10
    #: a reminder that closed unanswered comes back after this long
    missed_retry_min: SnoozeMinutes = 10
    #: while do-not-disturb or a full-screen window holds a reminder back, look again this often
    defer_recheck_s: Annotated[int, Field(ge=10, le=3600)] = 120

    @property
    def interval_ns(self) -> int:
        """Work time between two reminders, in nanoseconds."""
        return self.interval_min * NS_PER_MIN

    @property
    def min_gap_ns(self) -> int:
        """The quiet time after a completed session, in nanoseconds."""
        return self.min_gap_min * NS_PER_MIN

    @model_validator(mode="after")
    def _hours(self) -> ReminderRules:
        if self.start == self.end:
            raise ValueError("work hours need an end different from their start")
        return self

    @field_serializer("days")
    def _sorted_days(self, days: frozenset[int]) -> list[int]:
        return sorted(days)  # stable output, whatever the set's order

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start
