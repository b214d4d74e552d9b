"""Saving the scheduler's memory, and picking it up at start: the time the app was not running
is quiet time: with the quiet time before the save (the user last seen then), it makes an absence
when it reaches the away threshold.

The downtime is measured on boottime when the saved readings come from this boot (the clock is
immune to wall-clock changes and counts sleep), else on the wall clock. When the two disagree the
longer wins: a wrong guess then costs a reminder, never brings one too early. Quiet for less than
the away threshold: the work count is kept (the downtime itself is not work). Longer: a fresh
interval, and no reminder at start.
"""

from __future__ import annotations

from datetime import datetime

from app.core.reminders.clocks import Readings, epoch_ns
from app.core.reminders.holds import Holds, wall_of
from app.core.reminders.ledger import SAME_MOMENT_NS, WorkLedger
from app.core.reminders.rules import ReminderRules
from app.core.reminders.state_store import SchedulerState
from app.core.reminders.work_hours import period_at


def downtime_ns(state: SchedulerState, now: Readings) -> int | None:
    """How long the app was not running, or None when the state carries no readings."""
    if state.saved_at is None:
        return None
    wall_gap = now.wall - epoch_ns(state.saved_at)
    boot_gap = 0
    if same_boot(state, now) and state.saved_boottime_ns is not None:
        boot_gap = now.boot - state.saved_boottime_ns
    return max(0, wall_gap, boot_gap)


def same_boot(state: SchedulerState, now: Readings) -> bool:
    """Whether the state was saved since the machine last started (its clocks then go on)."""
    if state.saved_boottime_ns is None or state.saved_monotonic_ns is None:
        return False
    slept_before = state.saved_boottime_ns - state.saved_monotonic_ns
    return (
        now.mono >= state.saved_monotonic_ns
        and now.boot >= state.saved_boottime_ns
        and now.boot - now.mono >= slept_before
    )


def restore(
    state: SchedulerState, rules: ReminderRules, now: Readings, ledger: WorkLedger
) -> Holds:
    """Fill ``ledger`` from ``state``; return the holds still ahead, in this run's clocks."""
    down = downtime_ns(state, now)

    def boot_of(moment: datetime | None) -> int | None:
        return None if moment is None else now.boot + (epoch_ns(moment) - now.wall)

    def ahead(moment: datetime | None) -> datetime | None:
        return moment if moment is not None and epoch_ns(moment) > now.wall else None

    pause = ahead(state.pause_until)
    relative = state.pause_relative
    holds = Holds(
        last_session_end=boot_of(state.last_session_end),
        pause_until_boot=boot_of(pause) if relative else None,
        pause_until_wall=epoch_ns(pause) if pause is not None and not relative else None,
    )
    if down is None or state.saved_at is None:
        return holds
    seen = state.last_seen_at
    before = 0 if seen is None else max(0, epoch_ns(state.saved_at) - epoch_ns(seen))
    quiet = down + before
    ledger.restart_quiet(now.boot - quiet, now.boot)
    if seen is not None and same_boot(state, now):
        # Idle time counts awake time, and the desktop's count goes on while the app is not
        # running: an input it tells of from before the save is the one last seen.
        ledger.known_before = state.saved_monotonic_ns
    if quiet >= ledger.threshold_ns:
        ledger.away = True  # an absence: a pause
        return holds
    holds.snooze_until = boot_of(ahead(state.snooze_until))
    ledger.period = period_at(rules, now.zone, epoch_ns(state.saved_at))
    if ledger.period is None or ledger.period[1] <= now.wall:
        ledger.period = None  # the work was not done in a period that still runs: not carried
    else:
        ledger.work_ns = min(state.accrued_work_ns, rules.interval_ns)
    return holds


def last_seen(ledger: WorkLedger, now: Readings) -> int:
    """When the user was last seen, as far as is known now: with no reading since the quiet
    time was last known, they may have been there until now."""
    if ledger.quiet_until >= now.boot - SAME_MOMENT_NS:
        return ledger.seen_at
    return now.boot


def snapshot(ledger: WorkLedger, holds: Holds, pending: bool, now: Readings) -> SchedulerState:
    """The state to save at ``now``, with the readings a restart compares against."""

    def local(wall: int | None) -> datetime | None:
        return None if wall is None else now.local(wall)

    return SchedulerState(
        accrued_work_ns=ledger.work_ns,
        last_session_end=local(wall_of(holds.last_session_end, now)),
        snooze_until=local(wall_of(holds.snooze_until, now)),
        pause_until=local(holds.pause_end_wall(now)),
        pause_relative=holds.pause_until_boot is not None,
        reminder_pending=pending,
        last_seen_at=local(wall_of(last_seen(ledger, now), now)),
        saved_at=now.local(now.wall),
        saved_monotonic_ns=now.mono,
        saved_boottime_ns=now.boot,
    )
