"""The reminder choices the user makes in the settings dialog, as stored in the settings file.

This is the user-facing part of the reminder rules: days, work hours, interval, idle threshold
the snooze length and the routine a reminder offers. Its bounds are narrower than the scheduler's
(:class:`app.core.reminders.rules.ReminderRules`), because they are what a person picks from a
spin box; :meth:`ReminderSettings.to_rules` carries them over onto the scheduler's rules, leaving
the scheduler's own knobs (retry, minimum gap) as they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_serializer,
    model_validator,
)

from app.core.reminders.rules import LocalTime, ReminderRules
from app.core.routine.choices import DEFAULT_PAUSE_ROUTINE

#: minutes of work between two reminders, as the dialog offers them
INTERVAL_RANGE: Final = (15, 240)
#: minutes without input after which the user counts as away (a pause)
IDLE_THRESHOLD_RANGE: Final = (1, 60)
WORKDAYS: Final = frozenset({0, 1, 2, 3, 4})

NO_DAY = "Choose at least one day for reminders."
SAME_HOURS = "The work hours need an end different from their start."

Weekday = Annotated[int, Field(ge=0, le=6)]  # 0 is Monday, as ``date.weekday()``
#: the snooze lengths offered (``app.core.reminders.rules.SNOOZE_CHOICES_MIN``)
SnoozeChoice = Literal[5, 10, 15, 30]
RoutineId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]


def schedule_problems(days: Iterable[int], start: time, end: time) -> list[str]:
    """What keeps these days and hours from being saved, in words for the user (empty if fine).

    The model's validator and the settings dialog both ask this, so they never disagree.
    """
    problems: list[str] = []
    if not set(days):
        problems.append(NO_DAY)
    if start == end:
        problems.append(SAME_HOURS)
    return problems


class ReminderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    #: the days on which a work period *starts* (a 22:00–06:00 period belongs to its evening)
    days: frozenset[Weekday] = WORKDAYS
    start: LocalTime = time(9, 0)
    #: before ``start`` means the period crosses midnight; equal to ``start`` is not allowed
    end: LocalTime = time(17, 30)
    interval_min: Annotated[int, Field(ge=INTERVAL_RANGE[0], le=INTERVAL_RANGE[1])] = 90
    idle_threshold_min: Annotated[
        int, Field(ge=IDLE_THRESHOLD_RANGE[0], le=IDLE_THRESHOLD_RANGE[1])
    ] = 5
    #: how long Snooze puts a reminder off, in minutes
    snooze_min: SnoozeChoice = 10
    #: the routine a reminder offers to start
    pause_routine: RoutineId = DEFAULT_PAUSE_ROUTINE

    @model_validator(mode="after")
    def _schedule(self) -> ReminderSettings:
        problems = schedule_problems(self.days, self.start, self.end)
        if problems:
            raise ValueError(" ".join(problems))
        return self

    @field_serializer("days")
    def _sorted_days(self, days: frozenset[int]) -> list[int]:
        return sorted(days)  # a stable file, whatever the set's order

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start

    def to_rules(self, base: ReminderRules | None = None) -> ReminderRules:
        """The scheduler's rules with these choices in place; *base* supplies everything else."""
        base = ReminderRules() if base is None else base
        return ReminderRules.model_validate(
            {
                **base.model_dump(),
                "enabled": self.enabled,
                "days": self.days,
                "start": self.start,
                "end": self.end,
                "interval_min": self.interval_min,
                "idle_threshold_min": self.idle_threshold_min,
                "snooze_min": self.snooze_min,
            }
        )
