"""Work days and hours: local times in a zone, half-open periods, ranges across midnight."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from pydantic import ValidationError

from app.core.reminders import ReminderRules
from app.core.reminders.clocks import epoch_ns
from app.core.reminders.work_hours import next_start, period_at, start_of_tomorrow
from tests.core.reminders.rig import BERLIN, MIN, make_rig, wednesday

NIGHTS = ReminderRules(start=time(22, 0), end=time(6, 0))


def in_hours(rules: ReminderRules, moment: datetime) -> bool:
    return period_at(rules, BERLIN, epoch_ns(moment)) is not None


@pytest.mark.parametrize(
    ("hour", "minute", "inside"),
    [(8, 59, False), (9, 0, True), (12, 0, True), (17, 29, True), (17, 30, False), (23, 0, False)],
)
def test_default_hours_are_nine_to_half_past_five(hour: int, minute: int, inside: bool) -> None:
    """By default Monday to Friday 09:00 is inside work hours and 17:30 is already outside."""
    assert in_hours(ReminderRules(), wednesday(hour, minute)) is inside


def test_weekends_are_outside_by_default() -> None:
    """Saturday and Sunday noon are outside; the next start after Friday evening is Monday 09:00."""
    rules = ReminderRules()
    assert not in_hours(rules, datetime(2026, 3, 7, 12, tzinfo=BERLIN))
    assert not in_hours(rules, datetime(2026, 3, 8, 12, tzinfo=BERLIN))
    friday_evening = epoch_ns(datetime(2026, 3, 6, 18, tzinfo=BERLIN))
    assert next_start(rules, BERLIN, friday_evening) == epoch_ns(
        datetime(2026, 3, 9, 9, tzinfo=BERLIN)
    )


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime(2026, 3, 4, 21, 59, tzinfo=BERLIN), False),  # Wednesday evening
        (datetime(2026, 3, 4, 22, 0, tzinfo=BERLIN), True),
        (datetime(2026, 3, 5, 0, 0, tzinfo=BERLIN), True),  # Wednesday's night, on Thursday
        (datetime(2026, 3, 5, 5, 59, tzinfo=BERLIN), True),
        (datetime(2026, 3, 5, 6, 0, tzinfo=BERLIN), False),
        (datetime(2026, 3, 7, 3, 0, tzinfo=BERLIN), True),  # Friday's night, on Saturday
        (datetime(2026, 3, 7, 23, 0, tzinfo=BERLIN), False),  # Saturday's night: not a work day
        (datetime(2026, 3, 9, 3, 0, tzinfo=BERLIN), False),  # Sunday's night, on Monday
    ],
)
def test_a_range_across_midnight_belongs_to_the_day_it_starts(
    moment: datetime, inside: bool
) -> None:
    """22:00–06:00 on work days: the night that starts on Friday counts, Sunday's does not."""
    assert in_hours(NIGHTS, moment) is inside


def test_equal_start_and_end_are_refused() -> None:
    """A period needs a length: start == end is a validation error, not a silent 24 hours."""
    with pytest.raises(ValidationError):
        ReminderRules(start=time(9), end=time(9))


def test_work_starts_counting_at_nine_not_at_eight_fifty_nine() -> None:
    """Running from 08:59, the scheduler wakes at 09:00, and the reminder comes at 10:30."""
    rig = make_rig(wednesday(8, 59))
    assert rig.scheduler.status_text() == "Outside work hours"
    assert rig.delay_ns() == 1 * MIN
    assert rig.dues() == 0
    assert rig.minutes_to_reminder() == 91
    assert rig.local() == wednesday(10, 30)


def test_half_past_five_stops_the_count_and_the_next_day_starts_afresh() -> None:
    """An hour of work from 16:30 ends at 17:30; Thursday's reminder comes at 10:30, not 09:30."""
    rig = make_rig(wednesday(16, 30))
    assert rig.delay_ns() == 60 * MIN  # the end of the period comes before the due moment
    assert rig.wake() == []
    assert rig.local() == wednesday(17, 30)
    assert rig.scheduler.accrued_work_ns == 0
    rig.minutes_to_reminder()
    assert rig.local() == wednesday(10, 30) + timedelta(days=1)


def test_the_weekend_is_skipped() -> None:
    """From Friday 17:00, the half hour of work is dropped at 17:30; the next reminder is Monday
    10:30, after a single wake-up for Monday 09:00."""
    rig = make_rig(datetime(2026, 3, 6, 17, 0, tzinfo=BERLIN))
    rig.wake()
    assert rig.delay_min() == (2 * 24 + 15.5) * 60
    rig.minutes_to_reminder()
    assert rig.local() == datetime(2026, 3, 9, 10, 30, tzinfo=BERLIN)


def test_a_night_shift_reminds_across_midnight() -> None:
    """With 22:00–06:00, work from 23:00 brings the reminder at 00:30, on the next date."""
    rig = make_rig(wednesday(23, 0), NIGHTS)
    assert rig.minutes_to_reminder() == 90
    assert rig.local() == datetime(2026, 3, 5, 0, 30, tzinfo=BERLIN)


def test_a_night_shift_ends_at_six() -> None:
    """At 05:30 with no work counted yet, the next wake-up is the end of the period at 06:00,
    then the start of the next night at 22:00."""
    rig = make_rig(datetime(2026, 3, 5, 5, 30, tzinfo=BERLIN), NIGHTS)
    assert rig.delay_ns() == 30 * MIN
    rig.wake()
    assert rig.local().time() == time(6, 0)
    assert rig.delay_ns() == 16 * 60 * MIN


def test_until_tomorrow_ends_at_the_next_local_midnight_whatever_the_hour() -> None:
    berlin = BERLIN
    assert start_of_tomorrow(datetime(2026, 3, 28, 23, 59, tzinfo=berlin)) == datetime(
        2026, 3, 29, 0, 0, tzinfo=berlin
    )
    # the night the clocks go forward: still the next calendar day's midnight, local
    assert start_of_tomorrow(datetime(2026, 3, 29, 0, 0, tzinfo=berlin)) == datetime(
        2026, 3, 30, 0, 0, tzinfo=berlin
    )
