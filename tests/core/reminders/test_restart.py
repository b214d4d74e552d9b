"""State that survives a restart, and the time the app was not running counted as an absence."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from app.core.reminders import ReminderRules, SchedulerState, SchedulerStateStore
from tests.core.reminders.rig import MIN, make_rig, wednesday

THIRTY = ReminderRules(interval_min=30)


def saved_and_loaded(state: SchedulerState, path: Path) -> SchedulerState:
    store = SchedulerStateStore(path)
    store.save(state)
    loaded = store.load()
    assert loaded.notice is None
    return loaded.state


def test_a_restart_a_minute_later_keeps_the_work_done(tmp_path: Path) -> None:
    """Killed at minute 18 of a 30-minute interval, started a minute later: the minute away is
    not work, so the reminder comes 12 minutes after the start (11 ± 1)."""
    rig = make_rig(wednesday(9), THIRTY)
    rig.clocks.advance(minutes=18)
    state = saved_and_loaded(rig.scheduler.state(), tmp_path / "reminders.json")
    rig.clocks.advance(minutes=1)
    rig.restart(state)
    assert rig.poll() == []
    assert 10 <= rig.minutes_to_reminder() <= 12


def test_a_restart_two_hours_later_starts_a_fresh_interval(tmp_path: Path) -> None:
    """Started again two hours after being killed: no reminder at start, a full interval."""
    rig = make_rig(wednesday(9), THIRTY)
    rig.clocks.advance(minutes=18)
    state = saved_and_loaded(rig.scheduler.state(), tmp_path / "reminders.json")
    rig.clocks.advance(hours=2)
    rig.restart(state)
    assert rig.poll() == []
    assert rig.minutes_to_reminder() == 30


def test_a_reminder_pending_at_a_crash_comes_again_after_a_quick_restart() -> None:
    """The popup vanished with the app; started again at once, the reminder is asked for again."""
    rig = make_rig(wednesday(9), THIRTY)
    rig.minutes_to_reminder()
    state = rig.scheduler.state()
    assert state.reminder_pending
    rig.clocks.advance(10)
    rig.restart(state)
    assert rig.dues() == 1


def test_a_restart_after_work_hours_ended_drops_the_work() -> None:
    """Saved at 17:29 with work counted, started at 17:31: the period is over, nothing carried."""
    rig = make_rig(wednesday(17), THIRTY)
    rig.clocks.advance(minutes=29)
    state = rig.scheduler.state()
    rig.clocks.advance(minutes=2)
    rig.restart(state)
    assert rig.scheduler.accrued_work_ns == 0


def test_pauses_and_snoozes_survive_a_restart() -> None:
    """A pause until 14:00 and a snooze both hold after a quick restart."""
    rig = make_rig(wednesday(9), THIRTY)
    rig.scheduler.pause_until(wednesday(14))
    rig.clocks.advance(minutes=1)
    rig.restart(rig.scheduler.state())
    assert rig.scheduler.status_text() == "Paused until 14:00"
    rig.scheduler.resume()
    rig.minutes_to_reminder()
    rig.scheduler.snooze(10)
    rig.clocks.advance(minutes=1)
    rig.restart(rig.scheduler.state())
    assert rig.minutes_to_reminder() == 9


def test_a_relative_pause_survives_as_a_length() -> None:
    """pause_for(60) saved and restored after a minute: 59 minutes of pause remain."""
    rig = make_rig(wednesday(10), THIRTY)
    rig.scheduler.pause_for(60)
    state = rig.scheduler.state()
    assert state.pause_relative
    rig.clocks.advance(minutes=1)
    rig.restart(state)
    assert rig.delay_ns() == 59 * MIN


def test_the_minimum_gap_survives_a_restart() -> None:
    """A session completed just before a restart still holds the gap after it."""
    rig = make_rig(wednesday(9), ReminderRules(interval_min=10, min_gap_min=40))
    rig.scheduler.session_started()
    rig.scheduler.session_finished(completed=True)
    rig.clocks.advance(minutes=1)
    rig.restart(rig.scheduler.state())
    assert rig.minutes_to_reminder() == 39


def test_state_round_trips_through_the_store(tmp_path: Path) -> None:
    """Saved state loads back equal, as private JSON carrying its version and the readings."""
    rig = make_rig(wednesday(9))
    rig.clocks.advance(minutes=42)
    rig.scheduler.pause_until(wednesday(15))
    state = rig.scheduler.state()
    path = tmp_path / "state" / "reminders.json"
    assert saved_and_loaded(state, path) == state
    raw = json.loads(path.read_text())
    assert raw["version"] == 1
    assert raw["accrued_work_ns"] == 42 * MIN
    assert raw["saved_monotonic_ns"] == rig.clocks.mono
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_file_is_a_fresh_start(tmp_path: Path) -> None:
    """No file: the default state, no notice."""
    loaded = SchedulerStateStore(tmp_path / "none.json").load()
    assert loaded.state == SchedulerState()
    assert loaded.notice is None


def test_a_corrupt_file_is_moved_aside_with_a_notice(tmp_path: Path) -> None:
    """Garbage in the file: defaults, the file kept beside under a new name, one sentence."""
    path = tmp_path / "reminders.json"
    path.write_text('{"version": 1, "accrued_work_ns": ')
    loaded = SchedulerStateStore(path).load()
    assert loaded.state == SchedulerState()
    assert loaded.notice is not None
    assert "starts afresh" in loaded.notice
    assert not path.exists()
    (kept,) = tmp_path.glob("reminders.json.broken-*")
    assert kept.name in loaded.notice


def test_an_unknown_version_or_a_bad_value_is_refused_not_guessed(tmp_path: Path) -> None:
    """A newer version, or a negative work count, is treated like corruption."""
    for body in ({"version": 2}, {"version": 1, "accrued_work_ns": -5}):
        path = tmp_path / f"v{len(list(tmp_path.iterdir()))}.json"
        path.write_text(json.dumps(body))
        assert SchedulerStateStore(path).load().notice is not None


def test_an_unreadable_path_gives_a_notice(tmp_path: Path) -> None:
    """A folder where the file should be: defaults and a notice, no exception."""
    (tmp_path / "reminders.json").mkdir()
    loaded = SchedulerStateStore(tmp_path / "reminders.json").load()
    assert loaded.state == SchedulerState()
    assert loaded.notice is not None


def test_a_state_without_readings_starts_afresh() -> None:
    """A hand-made state with work but no readings cannot prove the app was running: fresh."""
    rig = make_rig(wednesday(9), THIRTY)
    state = SchedulerState(accrued_work_ns=25 * MIN)
    rig.restart(state)
    assert rig.minutes_to_reminder() == 30


def test_a_reboot_measures_the_downtime_on_the_wall_clock() -> None:
    """Saved on an earlier boot (its monotonic reading is ahead of today's): the wall clock says
    how long the app was away — here 3 minutes, so the work is kept."""
    rig = make_rig(wednesday(9), THIRTY)
    rig.clocks.advance(minutes=20)
    saved = rig.scheduler.state().model_copy(
        update={"saved_monotonic_ns": rig.clocks.mono + 10**15, "saved_boottime_ns": 10**16}
    )
    rig.clocks.advance(minutes=3)
    rig.restart(saved)
    assert rig.minutes_to_reminder() == 10


def test_quiet_time_before_a_quit_counts_with_the_downtime(tmp_path: Path) -> None:
    """No input for 3 minutes before Unbrace is closed, then 3 minutes closed (threshold 5):
    one absence of 6 minutes, so a pause; 1 minute and 3 minutes: the work is kept."""
    for quiet_min, kept in ((3, False), (1, True)):
        rig = make_rig(wednesday(9), THIRTY)
        rig.at_work()
        rig.clocks.advance(minutes=20)
        rig.report_idle(quiet_min * 60)
        state = saved_and_loaded(rig.scheduler.state(), tmp_path / "reminders.json")
        rig.clocks.advance(minutes=3)
        rig.restart(state)
        rig.report_idle((quiet_min + 3) * 60)  # the desktop: no input since
        assert (rig.scheduler.accrued_work_ns == 20 * MIN) is kept
