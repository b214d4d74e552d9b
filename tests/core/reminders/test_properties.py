"""Properties over random days: whatever happens, at most one reminder is out, and none comes
outside work hours, during a session, while paused or snoozed, or at the wake from a long sleep.

The profile (``ci`` or ``dev``) comes from tests/support/hypothesis_profiles.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

import tests.support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from app.core.reminders import (
    FakeClocks,
    ReminderDue,
    ReminderRules,
    ReminderScheduler,
    ReminderWithdrawn,
    SchedulerState,
)
from app.core.reminders.clocks import epoch_ns
from app.core.reminders.rules import SNOOZE_CHOICES_MIN
from tests.core.reminders.rig import BERLIN, MIN, NEW_YORK, S

RULES = ReminderRules(interval_min=30)
THRESHOLD = RULES.idle_threshold_min * MIN
#: Mondays of ordinary weeks and of the weeks after each 2026 DST switch
MONDAYS = [(2026, 3, 2), (2026, 3, 9), (2026, 3, 30), (2026, 10, 26), (2026, 11, 2)]
KINDS = [
    "advance",
    "advance",
    "advance",
    "wake",
    "wake",
    "suspend",
    "wall",
    "snooze",
    "skip",
    "start",
    "finish",
    "pause_for",
    "pause_until",
    "resume",
    "idle",
    "active",
    "defer",
    "undefer",
    "missed",
    "shown",
    "restart",
]
OPS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 4 * 3600)), max_size=40)


@dataclass
class Model:
    """What the test knows independently of the scheduler."""

    outstanding: bool = False
    in_session: bool = False
    pause_wall: int | None = None
    pause_boot: int | None = None
    snooze_boot: int | None = None
    just_back_from_long_absence: bool = False
    #: the desktop's last input (monotonic); None: no idle time told yet
    input_at: int | None = None


def in_work_hours(moment: datetime) -> bool:
    return moment.weekday() < 5 and time(9) <= moment.time() < time(17, 30)


def apply(kind: str, n: int, clocks: FakeClocks, box: list[ReminderScheduler], m: Model) -> None:
    scheduler = box[0]
    m.just_back_from_long_absence = False
    if kind == "advance":
        clocks.advance(n)
    elif kind == "wake":
        wake = scheduler.next_wakeup()
        if wake is not None and wake - clocks.mono <= 24 * 3600 * S:
            clocks.advance_to(wake)
    elif kind == "suspend":
        clocks.suspend(n)
        m.just_back_from_long_absence = n * S >= THRESHOLD
    elif kind == "wall":
        clocks.set_wall(clocks.now() + timedelta(seconds=[-10800, -300, 300, 10800][n % 4]))
    elif kind == "snooze":
        minutes = SNOOZE_CHOICES_MIN[n % len(SNOOZE_CHOICES_MIN)]
        scheduler.snooze(minutes)
        m.outstanding, m.snooze_boot = False, clocks.boot + minutes * MIN
    elif kind == "skip":
        scheduler.skip()
        m.outstanding, m.snooze_boot = False, None
    elif kind == "start":
        scheduler.session_started()
        m.outstanding, m.in_session, m.snooze_boot = False, True, None
    elif kind == "finish":
        scheduler.session_finished(completed=n % 2 == 0)
        m.in_session = False
    elif kind == "pause_for":
        scheduler.pause_for(n % 120 + 1)
        m.outstanding, m.snooze_boot, m.pause_wall = False, None, None
        m.pause_boot = clocks.boot + (n % 120 + 1) * MIN
    elif kind == "pause_until":
        scheduler.pause_until(clocks.now() + timedelta(seconds=n))
        m.outstanding, m.snooze_boot, m.pause_boot = False, None, None
        m.pause_wall = clocks.wall + n * S if n else None
    elif kind == "resume":
        scheduler.resume()
        m.pause_wall = m.pause_boot = m.snooze_boot = None
    elif kind == "idle":
        scheduler.report_idle(n % 900)
        m.input_at = clocks.mono - n % 900 * S
        m.just_back_from_long_absence = n % 900 * S >= THRESHOLD
    elif kind == "active":
        scheduler.report_idle(0)
        m.input_at = clocks.mono
    elif kind in ("defer", "undefer"):
        scheduler.report_deferral("do not disturb" if kind == "defer" else None)
    elif kind == "missed":
        if m.outstanding:
            m.snooze_boot = clocks.boot + RULES.missed_retry_min * MIN
        scheduler.reminder_missed()
        m.outstanding = False
    elif kind == "shown":
        scheduler.reminder_shown()
    elif kind == "restart":
        saved = SchedulerState.model_validate_json(scheduler.state().model_dump_json())
        clocks.advance(n % 3600)
        box[0] = ReminderScheduler(RULES, clocks, saved)
        m.outstanding = m.in_session = False


def check_poll(clocks: FakeClocks, scheduler: ReminderScheduler, m: Model) -> None:
    if m.input_at is not None:  # the app asks the desktop before each decision
        idle = clocks.mono - m.input_at
        scheduler.report_idle(idle / S)
        m.just_back_from_long_absence |= idle >= THRESHOLD
    for decision in scheduler.poll():
        if isinstance(decision, ReminderWithdrawn):
            assert m.outstanding
            m.outstanding = False
        elif isinstance(decision, ReminderDue):
            assert not m.outstanding, "two reminders out at once"
            assert not m.in_session, "a reminder during a session"
            assert in_work_hours(clocks.now()), f"a reminder at {clocks.now()}"
            assert m.pause_wall is None or m.pause_wall <= clocks.wall, "a reminder while paused"
            assert m.pause_boot is None or m.pause_boot <= clocks.boot, "a reminder while paused"
            assert m.snooze_boot is None or m.snooze_boot <= clocks.boot, "a reminder in a snooze"
            assert not m.just_back_from_long_absence, "a reminder right after a long absence"
            m.outstanding = True
    # a pause that ended stays ended, even if the wall clock is later set back before its end
    if m.pause_wall is not None and m.pause_wall <= clocks.wall:
        m.pause_wall = None
    wake = scheduler.next_wakeup()
    # after a poll the scheduler always names a later instant: the caller never spins
    assert (wake is None) == m.in_session
    assert wake is None or wake > clocks.mono
    assert scheduler.reminder_pending == m.outstanding


@given(
    monday=st.sampled_from(MONDAYS),
    start_min=st.integers(0, 7 * 24 * 60 - 1),
    zone=st.sampled_from([BERLIN, NEW_YORK]),
    ops=OPS,
)
def test_random_days_never_break_the_reminder_rules(
    monday: tuple[int, int, int], start_min: int, zone: ZoneInfo, ops: list[tuple[str, int]]
) -> None:
    """After any sequence of awake time, suspends, clock jumps, answers, sessions, pauses, idle
    reports, deferrals and restarts, each poll keeps every rule of the module docstring."""
    start = datetime(*monday, tzinfo=zone) + timedelta(minutes=start_min)
    clocks = FakeClocks(datetime.fromtimestamp(epoch_ns(start) / 1e9, zone))
    box = [ReminderScheduler(RULES, clocks)]
    model = Model()
    check_poll(clocks, box[0], model)
    for kind, n in ops:
        apply(kind, n, clocks, box, model)
        check_poll(clocks, box[0], model)
