"""The tray's one line about reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.core.reminders import ReminderRules
from tests.core.reminders.rig import BERLIN, make_rig, wednesday


def test_the_countdown_rounds_up_to_whole_minutes() -> None:
    """48 minutes and 30 seconds of work: 41.5 minutes left read as 42, so at 09:48:30 the next
    pause is around 10:30 - a clock time that stays true without the tooltip being redrawn."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=48, seconds=30)
    assert rig.scheduler.status_text() == "Next pause around 10:30"


def test_a_pause_into_another_day_names_the_day() -> None:
    """Paused until Thursday 09:00 from Wednesday: the weekday is shown."""
    rig = make_rig(wednesday(16))
    rig.scheduler.pause_until(wednesday(9) + timedelta(days=1))
    assert rig.scheduler.status_text() == "Paused until Thu 09:00"


def test_a_naive_pause_time_is_local() -> None:
    """pause_until with a naive time reads it in the clock's zone."""
    rig = make_rig(wednesday(10))
    rig.scheduler.pause_until(datetime(2026, 3, 4, 13, 15))
    assert rig.scheduler.status_text() == "Paused until 13:15"
    assert rig.clocks.now().tzinfo is BERLIN


def test_a_pause_in_the_past_is_no_pause() -> None:
    """pause_until a time already gone leaves reminders running."""
    rig = make_rig(wednesday(10))
    rig.scheduler.pause_until(wednesday(9))
    assert rig.scheduler.status_text() == "Next pause around 11:30"


def test_the_snooze_and_the_off_switch_read_plainly() -> None:
    """A snooze names its end; disabled rules say so."""
    rig = make_rig(wednesday(10))
    rig.scheduler.snooze(10)
    assert rig.scheduler.status_text() == "Snoozed until 10:10"
    rig.scheduler.set_rules(ReminderRules(enabled=False))
    assert rig.scheduler.status_text() == "Reminders are off"
