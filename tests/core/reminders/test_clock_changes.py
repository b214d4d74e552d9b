"""Wall-clock changes, DST switches and zone changes: work hours stay local, timing stays
monotonic."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.core.reminders import ClockChanged, ReminderDue, ReminderRules
from tests.core.reminders.rig import BERLIN, MIN, NEW_YORK, S, make_rig, wednesday

EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize("jump_h", [-3, 3])
def test_setting_the_clock_by_three_hours_leaves_the_next_reminder_alone(jump_h: int) -> None:
    """An hour of work from 12:00; at 13:00 the clock is set back or forward 3 hours (still in
    work hours): the change is reported, and the reminder is still 30 minutes away (± 1 s)."""
    rig = make_rig(wednesday(12))
    rig.clocks.advance(minutes=60)
    assert rig.delay_ns() == 30 * MIN
    rig.clocks.set_wall(rig.local() + timedelta(hours=jump_h))
    decisions = rig.poll()
    assert [type(d) for d in decisions] == [ClockChanged]
    assert isinstance(decisions[0], ClockChanged)
    assert abs(decisions[0].jump_ns - jump_h * 3600 * S) < S
    delay = rig.delay_ns()
    assert delay is not None
    assert abs(delay - 30 * MIN) <= S
    assert rig.minutes_to_reminder() == pytest.approx(30, abs=1 / 60)


def test_a_clock_set_forward_past_the_end_of_work_hours_ends_the_period() -> None:
    """At 16:00 the clock jumps to 19:00: work hours are over by the clock now in force."""
    rig = make_rig(wednesday(15))
    rig.clocks.advance(minutes=60)
    rig.clocks.set_wall(wednesday(19))
    rig.poll()
    assert rig.scheduler.accrued_work_ns == 0
    assert rig.scheduler.status_text() == "Outside work hours"


def test_a_zone_change_keeps_work_hours_local() -> None:
    """Flying from Berlin to New York at 10:00 Berlin time (04:00 there): outside work hours
    until 09:00 New York time."""
    rig = make_rig(wednesday(10))
    rig.clocks.set_zone(NEW_YORK)
    rig.scheduler.clock_changed()
    assert rig.scheduler.status_text() == "Outside work hours"
    rig.minutes_to_reminder()
    assert rig.local() == datetime(2026, 3, 4, 10, 30, tzinfo=NEW_YORK)


#: (zone, the Saturday before the switch, hours from Saturday 17:30 to Sunday 09:00)
SWITCHES = [
    (BERLIN, datetime(2026, 3, 28), 14.5),
    (BERLIN, datetime(2026, 10, 24), 16.5),
    (NEW_YORK, datetime(2026, 3, 7), 14.5),
    (NEW_YORK, datetime(2026, 10, 31), 16.5),
]


@pytest.mark.parametrize(("zone", "saturday", "hours"), SWITCHES)
def test_work_hours_stay_local_across_a_dst_switch(
    zone: ZoneInfo, saturday: datetime, hours: float
) -> None:
    """Working every day, from Saturday 17:30 the next period starts at Sunday 09:00 local — an
    hour sooner or later in monotonic time — and the reminder still comes 90 minutes later."""
    rules = ReminderRules(days=EVERY_DAY)
    rig = make_rig(saturday.replace(hour=17, minute=30, tzinfo=zone), rules)
    assert rig.delay_ns() == round(hours * 60) * MIN
    rig.wake()
    assert rig.local().time() == time(9, 0)
    assert rig.local().date() == saturday.date() + timedelta(days=1)
    assert rig.minutes_to_reminder() == 90
    assert rig.local().time() == time(10, 30)


#: (zone, the Sunday of the switch, hours from 01:45 to 06:00 local)
NIGHTS_ACROSS = [
    (BERLIN, datetime(2026, 3, 29), 3.25),
    (BERLIN, datetime(2026, 10, 25), 5.25),
    (NEW_YORK, datetime(2026, 3, 8), 3.25),
    (NEW_YORK, datetime(2026, 11, 1), 5.25),
]


@pytest.mark.parametrize(("zone", "sunday", "hours"), NIGHTS_ACROSS)
def test_a_reminder_across_a_dst_switch_comes_after_ninety_real_minutes(
    zone: ZoneInfo, sunday: datetime, hours: float
) -> None:
    """A night shift (22:00–06:00) working from 01:45 through the switch: the reminder comes
    after exactly 90 monotonic minutes, and the period still ends at 06:00 local."""
    rules = ReminderRules(days=EVERY_DAY, start=time(22), end=time(6))
    rig = make_rig(sunday.replace(hour=1, minute=45, tzinfo=zone), rules)
    start = rig.clocks.mono
    assert rig.delay_ns() == 90 * MIN
    assert rig.wake() == [ReminderDue(start + 90 * MIN)]
    rig.scheduler.skip()
    while rig.local().time() != time(6, 0):
        rig.wake()
    assert rig.clocks.mono - start == round(hours * 60) * MIN
