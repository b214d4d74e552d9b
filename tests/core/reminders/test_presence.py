"""A person at the keyboard is reminded on time, whatever their short gaps; time away is a pause.

Each test follows the scheduler's own wake-ups, and at each one the desktop is asked for idle
time, as the app does.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from app.core.reminders import ReminderDue, ReminderRules
from tests.core.reminders.rig import MIN, Rig, S, make_rig, wednesday


def reminders_within(
    rig: Rig, minutes: float, idle: Callable[[], float], answer_skip: bool = True
) -> list[float]:
    """Follow the wakes for this many awake minutes, reading ``idle()`` at each; the minutes at
    which reminders came (each skipped at once)."""
    began = rig.clocks.mono
    found: list[float] = []
    rig.scheduler.report_idle(idle())
    rig.poll()
    while True:
        wake = rig.scheduler.next_wakeup()
        assert wake is not None
        if wake - began > minutes * MIN:
            return found
        assert wake > rig.clocks.mono or rig.scheduler.reminder_pending is False
        rig.clocks.advance_to(wake)
        rig.scheduler.report_idle(idle())
        if any(isinstance(d, ReminderDue) for d in rig.poll()):
            found.append((rig.clocks.mono - began) / MIN)
            if answer_skip:
                rig.scheduler.skip()


@pytest.mark.parametrize(("low", "high"), [(0, 0.5), (3, 3), (0, 2), (20, 120), (0, 299)], ids=str)
def test_short_gaps_never_keep_the_reminder_away(low: float, high: float) -> None:
    """Idle readings all under the 5-minute threshold, whatever their pattern: a reminder every
    90 minutes of work, each within a minute of being due (09:00–17:30 holds five)."""
    rig = make_rig(wednesday(9))
    draw = random.Random(7)
    found = reminders_within(rig, 8.5 * 60, lambda: draw.uniform(low, high))
    assert len(found) == 5
    for n, minute in enumerate(found, start=1):
        assert 90 * n <= minute <= 90 * n + 1


def test_the_issue_case_a_mouse_moving_all_the_time() -> None:
    """15-minute interval, 1-minute threshold, 14.5 minutes counted, the mouse moving every
    0.15 s: the reminder comes half a minute later."""
    rig = make_rig(wednesday(9), ReminderRules(interval_min=15, idle_threshold_min=1))
    rig.scheduler.report_idle(0.1)
    rig.clocks.advance(14.5 * 60)
    rig.scheduler.report_idle(0.15)
    assert rig.scheduler.accrued_work_ns == 14.5 * MIN
    found = reminders_within(rig, 1, lambda: 0.15)
    assert found == [0.5]


def test_with_a_long_threshold_the_promised_time_is_kept() -> None:
    """A 60-minute threshold: the tooltip's time is when the reminder comes, to the minute."""
    rig = make_rig(wednesday(9), ReminderRules(idle_threshold_min=60))
    rig.scheduler.report_idle(10)
    assert rig.scheduler.status_text() == "Next pause around 10:30"
    draw = random.Random(3)
    found = reminders_within(rig, 95, lambda: draw.uniform(0, 600), answer_skip=False)
    assert found == [90]
    assert rig.local().strftime("%H:%M") == "10:30"


def test_a_reminder_due_while_the_user_is_away_waits_for_the_return() -> None:
    """No input for 4.5 minutes when it falls due (threshold 5): nothing is shown; the tooltip
    says it comes when the user is back; it comes at the first reading that shows input."""
    rig = make_rig(wednesday(9))
    rig.at_work()
    rig.clocks.advance(minutes=85)
    rig.at_work()
    rig.clocks.advance(minutes=4.5)
    rig.report_idle(4 * 60)  # the last input 4 minutes ago
    rig.clocks.advance(30)
    rig.report_idle(4.5 * 60)
    assert rig.dues() == 0
    assert rig.scheduler.status_text() == "Pause reminder when you are back"
    assert rig.delay_ns() == 15 * S
    rig.clocks.advance(15)
    rig.report_idle(2)  # back
    assert rig.dues() == 1


def test_a_reminder_due_while_away_becomes_a_pause_if_the_absence_reaches_the_threshold() -> None:
    """Away at the due moment and for 5 minutes in all: no reminder, a pause; the next reminder
    is a full interval after the return."""
    rig = make_rig(wednesday(9))
    rig.at_work()
    rig.clocks.advance(minutes=86)
    rig.report_idle(0)
    rig.clocks.advance(minutes=4.5)
    rig.report_idle(4.5 * 60)
    assert rig.dues() == 0
    while rig.scheduler.status_text() == "Pause reminder when you are back":
        assert not any(isinstance(d, ReminderDue) for d in rig.wake())  # asked again
    assert rig.scheduler.status_text() == "Away — the break counts as a pause"
    assert rig.local().strftime("%H:%M") == "10:31"  # at the threshold
    assert rig.scheduler.accrued_work_ns == 0
    rig.clocks.advance(minutes=20)
    rig.at_work()
    assert rig.minutes_to_reminder() == 90


def test_a_short_gap_at_the_due_moment_does_not_hold_the_reminder() -> None:
    """Reading a long page (no input for two minutes) when it falls due: shown at once."""
    rig = make_rig(wednesday(9))
    rig.at_work()
    rig.clocks.advance(minutes=90)
    rig.report_idle(120)
    assert rig.dues() == 1


def test_while_away_the_return_is_looked_for_each_minute_only_in_work_hours() -> None:
    """Away: idle time is asked once a minute (no more) during work hours, never at night."""
    rig = make_rig(wednesday(17))
    rig.report_idle(10 * 60)
    assert rig.scheduler.status_text() == "Away — the break counts as a pause"
    assert rig.delay_ns() == MIN
    rig.clocks.advance(minutes=30)
    rig.report_idle(40 * 60)
    assert rig.local().strftime("%H:%M") == "17:30"
    assert rig.scheduler.status_text() == "Outside work hours"
    assert rig.delay_min() == pytest.approx(15.5 * 60)  # tomorrow at nine
