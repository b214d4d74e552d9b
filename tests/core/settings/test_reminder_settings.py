"""The reminder choices kept in the settings file: bounds in the type, carried onto the rules."""

from __future__ import annotations

import json
from datetime import UTC, time

import pytest
from pydantic import ValidationError

from app.core.reminders.rules import ReminderRules
from app.core.routine.choices import DEFAULT_PAUSE_ROUTINE
from app.core.settings.reminder_settings import (
    NO_DAY,
    SAME_HOURS,
    ReminderSettings,
    schedule_problems,
)


def test_the_defaults_are_a_working_week() -> None:
    """Monday to Friday, 09:00–17:30, every 90 minutes, 5 idle minutes, the 3-minute routine."""
    defaults = ReminderSettings()
    assert defaults.enabled
    assert defaults.days == frozenset({0, 1, 2, 3, 4})
    assert (defaults.start, defaults.end) == (time(9, 0), time(17, 30))
    assert defaults.interval_min == 90
    assert defaults.idle_threshold_min == 5
    assert defaults.pause_routine == DEFAULT_PAUSE_ROUTINE == "diaphragmatic-3min"
    assert not defaults.crosses_midnight


@pytest.mark.parametrize(
    "changes",
    [
        {"interval_min": 14},
        {"interval_min": 241},
        {"idle_threshold_min": 0},
        {"idle_threshold_min": 61},
        {"days": []},
        {"days": [7]},
        {"days": [-1]},
        {"start": "10:00", "end": "10:00"},
        {"start": time(9, 0, tzinfo=UTC)},
        {"pause_routine": "Not An Id"},
        {"pause_routine": ""},
        {"snooze": 5},
        {"snooze_min": 7},
        {"snooze_min": 0},
    ],
)
def test_values_out_of_bounds_are_refused(changes: dict[str, object]) -> None:
    """Every limit lives in the model, so a bad file is caught when read."""
    with pytest.raises(ValidationError):
        ReminderSettings.model_validate(changes)


def test_the_bounds_themselves_are_allowed() -> None:
    """15 and 240 minutes apart, 1 and 60 idle minutes, one single day."""
    ReminderSettings(interval_min=15, idle_threshold_min=1, days=frozenset({6}))
    ReminderSettings(interval_min=240, idle_threshold_min=60)


@pytest.mark.parametrize("minutes", [5, 10, 15, 30])
def test_each_snooze_length_offered_is_allowed_and_reaches_the_scheduler(minutes: int) -> None:
    """The four snooze lengths the settings offer are read from a file and passed on."""
    choices = ReminderSettings.model_validate_json(f'{{"snooze_min": {minutes}}}', strict=True)
    assert choices.to_rules().snooze_min == minutes


def test_hours_may_cross_midnight() -> None:
    """An end before the start is a night period."""
    night = ReminderSettings(start=time(22, 0), end=time(6, 0))
    assert night.crosses_midnight


def test_the_problems_are_named_in_words() -> None:
    """The same sentences the dialog shows; none when the schedule is fine."""
    assert schedule_problems({0}, time(9), time(17)) == []
    assert schedule_problems(set(), time(9), time(17)) == [NO_DAY]
    assert schedule_problems([1], time(9), time(9)) == [SAME_HOURS]
    assert schedule_problems((), time(9), time(9)) == [NO_DAY, SAME_HOURS]


def test_json_round_trip_with_sorted_days() -> None:
    """Days are written sorted (a stable file), times as text, and read back equal."""
    choices = ReminderSettings(days=frozenset({6, 0, 3}), start=time(7, 45), end=time(1, 15))
    dumped = choices.model_dump(mode="json")
    assert dumped["days"] == [0, 3, 6]
    assert dumped["start"] == "07:45:00"
    assert ReminderSettings.model_validate(json.loads(json.dumps(dumped))) == choices
    # the settings store reads strictly, straight from JSON
    assert ReminderSettings.model_validate_json(choices.model_dump_json(), strict=True) == choices


def test_to_rules_carries_the_choices_and_keeps_the_rest() -> None:
    """The scheduler's rules take the user's choices (the snooze too); retry and gap stay."""
    base = ReminderRules(min_gap_min=45, snooze_min=5, missed_retry_min=20)
    choices = ReminderSettings(
        enabled=False,
        days=frozenset({5, 6}),
        start=time(22, 0),
        end=time(2, 0),
        interval_min=30,
        idle_threshold_min=7,
        snooze_min=30,
    )
    rules = choices.to_rules(base)
    assert not rules.enabled
    assert rules.days == frozenset({5, 6})
    assert (rules.start, rules.end) == (time(22, 0), time(2, 0))
    assert rules.interval_min == 30
    assert rules.idle_threshold_min == 7
    assert rules.crosses_midnight
    assert rules.min_gap_min == 45
    assert rules.snooze_min == 30
    assert rules.missed_retry_min == 20
    assert ReminderSettings().to_rules() == ReminderRules(interval_min=90, idle_threshold_min=5)
