"""Time away — a suspend, an idle or locked session — is a pause, never work."""

from __future__ import annotations

import pytest

from app.core.reminders import ReminderWithdrawn
from tests.core.reminders.rig import MIN, make_rig, wednesday


@pytest.mark.parametrize("asleep_min", [45, 180])
def test_no_reminder_at_wake_after_a_long_suspend(asleep_min: int) -> None:
    """80 minutes of work, then a 45-minute or 3-hour suspend: nothing at wake, a fresh interval,
    and exactly one reminder after it."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=80)
    assert rig.dues() == 0
    rig.clocks.suspend(minutes=asleep_min)
    assert rig.poll() == []
    assert rig.scheduler.accrued_work_ns == 0
    assert rig.delay_ns() == 90 * MIN
    assert rig.minutes_to_reminder() == 90
    assert rig.dues() == 0


def test_a_timer_that_fires_after_a_suspend_brings_no_reminder() -> None:
    """The caller's timer, armed for 10:30, fires 10 awake minutes after a 45-minute suspend
    (nobody polled at the wake): still no reminder, and a fresh interval is counted."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=80)
    assert rig.dues() == 0
    due = rig.scheduler.next_wakeup()
    assert due is not None
    rig.clocks.suspend(minutes=45)
    rig.clocks.advance_to(due)
    assert rig.poll() == []
    assert rig.delay_ns() == 90 * MIN


def test_a_short_suspend_is_kept_but_not_counted() -> None:
    """A 3-minute suspend after an hour of work: no reset, and the 3 minutes are not work."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.poll()
    rig.clocks.suspend(minutes=3)
    assert rig.poll() == []
    assert rig.delay_ns() == 30 * MIN


def test_a_suspend_withdraws_a_pending_reminder() -> None:
    """A reminder left on screen before a long suspend is withdrawn at wake."""
    rig = make_rig(wednesday(9))
    rig.minutes_to_reminder()
    rig.clocks.suspend(minutes=30)
    assert rig.poll() == [ReminderWithdrawn(rig.clocks.mono, "away")]


def test_idle_beyond_the_threshold_is_a_pause() -> None:
    """Idle for 5 minutes after an hour of work: the count restarts; the reminder comes a full
    interval after the user is back."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.report_idle(300)
    assert rig.scheduler.accrued_work_ns == 0
    rig.clocks.advance(minutes=10)
    rig.scheduler.report_idle(0)
    assert rig.minutes_to_reminder() == 90


def test_idle_that_goes_on_becomes_a_pause_when_it_reaches_the_threshold() -> None:
    """Reported idle for 2 minutes, still idle 3 minutes later: the scheduler wakes at the
    threshold and resets then, without another report."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.report_idle(120)
    assert rig.delay_ns() == 3 * MIN
    rig.wake()
    assert rig.scheduler.accrued_work_ns == 0


def test_short_idleness_is_not_work_and_not_a_pause() -> None:
    """Idle for 2 minutes, back after 3: those 3 minutes are not work, the rest is kept."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.report_idle(120)
    assert rig.scheduler.accrued_work_ns == 58 * MIN
    rig.clocks.advance(minutes=1)
    rig.scheduler.report_idle(0)
    assert rig.scheduler.accrued_work_ns == 58 * MIN
    assert rig.minutes_to_reminder() == 32


def test_a_short_suspend_and_idleness_after_it_add_up_to_a_pause() -> None:
    """3 minutes asleep, then 2.5 minutes idle after the wake: one absence of 5.5 minutes."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.poll()
    rig.clocks.suspend(minutes=3)
    rig.poll()
    rig.clocks.advance(150)
    rig.scheduler.report_idle(150)
    assert rig.scheduler.accrued_work_ns == 0


def test_idle_reports_during_a_session_are_ignored() -> None:
    """Eyes closed during a breathing session make the desktop idle; that is not an absence."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.session_started()
    rig.clocks.advance(minutes=8)
    rig.scheduler.report_idle(8 * 60)
    rig.scheduler.session_finished(completed=False)
    assert rig.scheduler.accrued_work_ns == 0  # an 8-minute session is itself a pause
    assert rig.delay_ns() == 90 * MIN


def test_the_same_idle_stretch_reported_twice_counts_once() -> None:
    """Idle reported at 60 s and again at 90 s: one stretch, begun at the first report's start."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.report_idle(60)
    rig.clocks.advance(30)
    rig.scheduler.report_idle(90)
    assert rig.scheduler.accrued_work_ns == 59 * MIN
    rig.clocks.advance(30)
    rig.scheduler.report_idle(0)
    assert rig.delay_ns() == 31 * MIN
