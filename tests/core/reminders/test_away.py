"""Time away — a suspend, an idle or locked session — is a pause, never work."""

from __future__ import annotations

import pytest

from app.core.reminders import ReminderWithdrawn
from tests.core.reminders.rig import MIN, S, make_rig, wednesday


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
    rig.report_idle(300)
    assert rig.scheduler.accrued_work_ns == 0
    rig.clocks.advance(minutes=10)
    rig.at_work()
    assert rig.minutes_to_reminder() == 90


def test_idle_that_goes_on_becomes_a_pause_when_it_reaches_the_threshold() -> None:
    """Reported idle for 2 minutes, still idle 3 minutes later: the scheduler wakes at the
    threshold, asks again, and makes it a pause then."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.report_idle(120)
    assert rig.delay_ns() == 3 * MIN
    rig.wake()
    assert rig.scheduler.accrued_work_ns == 0
    assert rig.scheduler.status_text() == "Away — the break counts as a pause"


def test_no_pause_is_made_on_an_old_reading() -> None:
    """Idle for 2 minutes, then back at work: at the threshold the fresh reading shows input,
    so nothing is reset and the reminder comes on time."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.report_idle(120)
    rig.clocks.advance(minutes=1)
    rig.at_work()
    assert rig.delay_ns() == 5 * MIN  # the next look: when this stretch would reach 5 minutes
    rig.wake()
    assert rig.scheduler.accrued_work_ns == 66 * MIN
    assert rig.minutes_to_reminder() == 24


def test_a_gap_shorter_than_the_threshold_is_work() -> None:
    """Idle for 2 minutes, back after 3 (threshold 5): the whole gap is work."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.report_idle(120)
    assert rig.scheduler.accrued_work_ns == 60 * MIN
    rig.clocks.advance(minutes=1)
    rig.at_work()
    assert rig.scheduler.accrued_work_ns == 61 * MIN
    assert rig.minutes_to_reminder() == 29


def test_short_gaps_do_not_add_up_to_a_pause() -> None:
    """Three 4-minute gaps with input between them: no absence, all of it work."""
    rig = make_rig(wednesday(9))
    rig.at_work()
    for _ in range(3):
        rig.clocks.advance(minutes=4)
        rig.report_idle(4 * 60)
        rig.clocks.advance(10)
        rig.report_idle(1)
    assert rig.scheduler.accrued_work_ns == 12 * MIN + 30 * S


def test_a_short_suspend_and_idleness_after_it_add_up_to_a_pause() -> None:
    """Input just before a 3-minute suspend, then 2.5 minutes without input after the wake
    (idle time counts awake time): one absence of 5.5 minutes."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.report_idle(0)
    rig.clocks.suspend(minutes=3)
    rig.poll()
    assert rig.scheduler.accrued_work_ns == 60 * MIN
    rig.clocks.advance(150)
    rig.report_idle(150)
    assert rig.scheduler.accrued_work_ns == 0


def test_idle_reports_during_a_session_are_ignored() -> None:
    """Eyes closed during a breathing session make the desktop idle; that is not an absence."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.session_started()
    rig.clocks.advance(minutes=8)
    rig.report_idle(8 * 60)
    rig.scheduler.session_finished(completed=False)
    assert rig.scheduler.accrued_work_ns == 0  # an 8-minute session is itself a pause
    rig.at_work()
    assert rig.minutes_to_reminder() == 90


def test_the_same_idle_stretch_reported_again_grows_into_a_pause() -> None:
    """Idle reported at 3, 4 and 5 minutes: one stretch, which becomes a pause at 5."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.report_idle(180)
    rig.clocks.advance(60)
    rig.report_idle(240)
    assert rig.scheduler.accrued_work_ns == 61 * MIN
    rig.clocks.advance(60)
    rig.report_idle(300)
    assert rig.scheduler.accrued_work_ns == 0
