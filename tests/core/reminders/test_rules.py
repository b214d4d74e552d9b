"""The reminder rules: defaults from the issue, bounds in the type, a stable JSON form."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from app.core.reminders import ReminderRules
from tests.core.reminders.rig import BERLIN


def test_the_defaults_are_the_issues() -> None:
    """Monday to Friday 09:00–17:30, every 90 minutes, 5-minute away threshold, 10-minute snooze."""
    rules = ReminderRules()
    assert rules.days == frozenset({0, 1, 2, 3, 4})
    assert (rules.start, rules.end) == (time(9), time(17, 30))
    assert rules.interval_min == 90
    assert rules.idle_threshold_min == 5
    assert rules.snooze_min == 10
    assert not rules.crosses_midnight


def test_rules_round_trip_through_json_with_sorted_days() -> None:
    """The JSON form lists the days in order and reads back equal."""
    rules = ReminderRules(days=frozenset({4, 0, 2}), start=time(22), end=time(6))
    text = rules.model_dump_json()
    assert '"days":[0,2,4]' in text
    assert ReminderRules.model_validate_json(text) == rules
    assert rules.crosses_midnight


@pytest.mark.parametrize(
    "bad",
    [
        {"interval_min": 0},
        {"days": frozenset({7})},
        {"snooze_min": 0},
        {"snooze_min": 241},
        {"idle_threshold_min": 0},
        {"start": time(9, tzinfo=BERLIN)},
        {"surprise": True},
    ],
)
def test_values_out_of_bounds_are_refused(bad: dict[str, object]) -> None:
    """Limits live in the type: nothing is clamped later."""
    with pytest.raises(ValidationError):
        ReminderRules.model_validate(bad)
