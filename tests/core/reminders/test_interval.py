"""The interval and the user's answers: snooze, skip, pause, sessions, missed reminders."""

from __future__ import annotations

import pytest

from app.core.reminders import ReminderDue, ReminderRules, ReminderWithdrawn
from tests.core.reminders.rig import MIN, Rig, S, make_rig, wednesday


def due_rig(rules: ReminderRules | None = None) -> Rig:
    """A rig whose first reminder has just been asked for (Wednesday 10:30)."""
    rig = make_rig(wednesday(9), rules)
    rig.minutes_to_reminder()
    return rig


def test_the_reminder_comes_exactly_at_ninety_minutes_of_work() -> None:
    """From 09:00 the scheduler names 10:30 to the nanosecond; one ns earlier nothing is due."""
    rig = make_rig(wednesday(9))
    wake = rig.scheduler.next_wakeup()
    assert wake == rig.clocks.mono + 90 * MIN
    rig.clocks.advance_to(wake - 1)
    assert rig.poll() == []
    assert rig.delay_ns() == 1
    rig.clocks.advance_to(wake)
    assert rig.poll() == [ReminderDue(wake)]


def test_polling_twice_gives_one_reminder() -> None:
    """At most one reminder is pending: a second poll, or hours of waiting, add no other."""
    rig = due_rig()
    assert rig.poll() == []
    rig.clocks.advance(hours=2)
    assert rig.poll() == []
    assert rig.scheduler.reminder_pending
    assert rig.scheduler.status_text() == "Time for a pause"


def test_a_pending_reminder_is_withdrawn_when_work_hours_end() -> None:
    """A reminder still unanswered at 17:30 is withdrawn, and the count starts afresh."""
    rig = make_rig(wednesday(15, 50))
    assert rig.minutes_to_reminder() == 90
    assert rig.wake() == [ReminderWithdrawn(rig.clocks.mono, "outside work hours")]
    assert rig.local() == wednesday(17, 30)
    assert not rig.scheduler.reminder_pending


@pytest.mark.parametrize("minutes", [5, 10, 20])
def test_a_snooze_brings_the_reminder_back_after_exactly_that_long(minutes: int) -> None:
    """Snoozing for 5, 10 or 20 minutes: nothing until then, one reminder at that instant."""
    rig = due_rig()
    rig.scheduler.snooze(minutes)
    assert rig.delay_ns() == minutes * MIN
    assert rig.scheduler.status_text().startswith("Snoozed until 10:")
    rig.clocks.advance(minutes * 60 - 1)
    assert rig.dues() == 0
    assert rig.minutes_to_reminder() == pytest.approx(1 / 60)
    assert rig.dues() == 0


def test_skip_starts_a_fresh_interval() -> None:
    """Dismissing a reminder: the next comes after another full interval of work."""
    rig = due_rig()
    rig.scheduler.skip()
    assert rig.minutes_to_reminder() == 90


def test_a_missed_reminder_comes_back_once_after_the_retry_delay() -> None:
    """A popup that closed by itself counts as missed: one reminder again 10 minutes later."""
    rig = due_rig()
    rig.scheduler.reminder_shown()
    rig.scheduler.reminder_missed()
    assert rig.poll() == []
    assert rig.minutes_to_reminder() == 10
    assert rig.dues() == 0


def test_pause_until_holds_reminders_until_that_time() -> None:
    """Paused at 10:00 until 14:00 with an hour of work: nothing in between, the hour is kept,
    and the reminder comes at 14:30."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.pause_until(wednesday(14))
    assert rig.scheduler.status_text() == "Paused until 14:00"
    assert rig.delay_ns() == 4 * 60 * MIN
    assert rig.minutes_to_reminder() == 4 * 60 + 30
    assert rig.local() == wednesday(14, 30)


def test_pause_for_is_a_length_of_real_time() -> None:
    """pause_for(30) at 10:00: no count until 10:30, the reminder at 11:00."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.pause_for(30)
    assert rig.minutes_to_reminder() == 60
    assert rig.local() == wednesday(11)


def test_resume_ends_a_pause_early() -> None:
    """Paused for an hour at 10:00, resumed at 10:10: the reminder comes at 10:40."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.pause_for(60)
    rig.clocks.advance(minutes=10)
    rig.scheduler.resume()
    assert rig.minutes_to_reminder() == 30


def test_a_pause_answers_a_pending_reminder() -> None:
    """Pausing while a reminder is out answers it; it is not withdrawn later, nor repeated."""
    rig = due_rig()
    rig.scheduler.pause_for(20)
    assert rig.poll() == []
    assert not rig.scheduler.reminder_pending
    assert rig.minutes_to_reminder() == 20


def test_no_reminder_while_a_session_runs() -> None:
    """During a two-hour session nothing is due and no wake-up is asked for; a stopped session
    that long counts as a pause, so a fresh interval follows."""
    rig = make_rig(wednesday(9))
    rig.scheduler.session_started()
    for _ in range(12):
        rig.clocks.advance(minutes=10)
        assert rig.dues() == 0
        assert rig.scheduler.next_wakeup() is None
    assert rig.scheduler.status_text() == "Session in progress"
    rig.scheduler.session_finished(completed=False)
    assert rig.minutes_to_reminder() == 90


def test_a_completed_session_resets_the_interval() -> None:
    """A reminder answered with a session: the next comes a full interval after it ends."""
    rig = due_rig()
    rig.scheduler.session_started()
    rig.clocks.advance(minutes=3)
    rig.scheduler.session_finished(completed=True)
    assert rig.minutes_to_reminder() == 90


def test_any_completed_session_resets_the_interval() -> None:
    """A session started from the library after an hour of work also starts a fresh interval."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=60)
    rig.scheduler.session_started()
    rig.clocks.advance(minutes=1)
    rig.scheduler.session_finished(completed=True)
    assert rig.minutes_to_reminder() == 90


def test_the_minimum_gap_after_a_session_holds_a_short_interval_back() -> None:
    """With a 20-minute interval and a 45-minute gap, the reminder after a session comes at 45."""
    rig = make_rig(wednesday(9), ReminderRules(interval_min=20, min_gap_min=45))
    rig.scheduler.session_started()
    rig.scheduler.session_finished(completed=True)
    assert rig.delay_ns() == 20 * MIN
    assert rig.wake() == []
    assert rig.scheduler.status_text() == "Next pause around 09:45"  # 25 min after 09:20
    assert rig.minutes_to_reminder() == 25


def test_a_session_stopped_at_once_brings_the_reminder_back_later() -> None:
    """Starting a session from the reminder and stopping it after a minute is no pause: the
    reminder returns after the retry delay, once."""
    rig = due_rig()
    rig.scheduler.session_started()
    rig.clocks.advance(minutes=1)
    rig.scheduler.session_finished(completed=False)
    assert rig.dues() == 0
    assert rig.minutes_to_reminder() == 10


def test_do_not_disturb_defers_the_reminder_which_comes_once_when_it_clears() -> None:
    """Due under do-not-disturb: nothing shown, a re-check every 2 minutes; once it clears, the
    reminder comes at the next poll, once."""
    rig = make_rig(wednesday(9))
    rig.scheduler.report_deferral("do not disturb")
    rig.clocks.advance(minutes=90)
    assert rig.poll() == []
    assert rig.delay_ns() == 120 * S
    assert rig.scheduler.status_text() == "Pause reminder waiting (do not disturb)"
    assert rig.wake() == []
    assert rig.delay_ns() == 120 * S
    rig.clocks.advance(30)
    rig.scheduler.report_deferral(None)
    assert rig.dues() == 1
    assert rig.dues() == 0


def test_a_full_screen_window_that_clears_at_a_recheck_releases_the_reminder() -> None:
    """The caller reports at the re-check that the full-screen window is gone: one reminder."""
    rig = make_rig(wednesday(9))
    rig.scheduler.report_deferral("full-screen window")
    rig.clocks.advance(minutes=90)
    assert rig.dues() == 0
    rig.clocks.advance_to(rig.scheduler.next_wakeup() or 0)
    rig.scheduler.report_deferral(None)
    assert rig.dues() == 1


def test_shorter_rules_apply_at_once_and_turning_off_withdraws() -> None:
    """Lowering the interval below the work done makes a reminder due now; disabling withdraws
    it, and no wake-up is asked for while off."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=40)
    rig.scheduler.set_rules(ReminderRules(interval_min=30))
    assert rig.dues() == 1
    rig.scheduler.set_rules(ReminderRules(enabled=False))
    assert [type(d) for d in rig.poll()] == [ReminderWithdrawn]
    assert rig.scheduler.next_wakeup() is None
    assert rig.scheduler.status_text() == "Reminders are off"


def test_snooze_needs_a_positive_length() -> None:
    """A snooze or pause of zero minutes is a programming error."""
    rig = make_rig()
    with pytest.raises(ValueError, match="snooze"):
        rig.scheduler.snooze(0)
    with pytest.raises(ValueError, match="pause"):
        rig.scheduler.pause_for(0)


def test_finishing_a_session_that_never_started_changes_nothing_unless_completed() -> None:
    """A stray "stopped" report leaves a snooze alone; a completed session always counts."""
    rig = due_rig()
    rig.scheduler.snooze(20)
    rig.scheduler.session_finished(completed=False)
    assert rig.minutes_to_reminder() == 20
    rig.scheduler.session_finished(completed=True)
    assert [type(d) for d in rig.poll()] == [ReminderWithdrawn]
    assert rig.minutes_to_reminder() == 90
