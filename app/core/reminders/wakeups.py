"""When a reminder is due, and the next instant the scheduler must be woken at.

Both are pure functions of what the scheduler knows at one reading of the clocks (``Moment``):
the scheduler (``app.core.reminders.scheduler``) builds the moment, and decides and sleeps by
these answers. The scheduler never asks to be polled: the next wake-up is the earliest of the
instants something can change — the work count reaching the interval, a hold or the gap after a
session ending, a work period ending or starting, a quiet stretch becoming an absence, a held-back
reminder's recheck, and, while the user is away in work hours, a look every minute for the return.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.reminders.clocks import NS_PER_MIN, NS_PER_S, Readings
from app.core.reminders.holds import Holds
from app.core.reminders.ledger import WorkLedger
from app.core.reminders.rules import ReminderRules
from app.core.reminders.work_hours import next_start, period_at

#: while the user is away in work hours, idle time is asked this often to see the return (the
#: next reminder is one interval of work after it)
RETURN_CHECK_NS = 60 * NS_PER_S
#: a due reminder waiting for the user to come back looks again this often
BACK_CHECK_NS = 15 * NS_PER_S


def away_at_due_ns(threshold_ns: int) -> int:
    """Without input this long when a reminder falls due, the user is away: the reminder waits
    for the return. Within a minute of the threshold, so that a gap shorter than the threshold
    never holds a reminder back by more than a minute."""
    return max(NS_PER_MIN, threshold_ns - NS_PER_MIN)


@dataclass(frozen=True, slots=True)
class Moment:
    """What the scheduler knows at one reading of the clocks (read here, never changed)."""

    now: Readings
    rules: ReminderRules
    ledger: WorkLedger
    holds: Holds
    in_session: bool
    pending: bool  # a reminder is out, waiting for an answer
    presumed: bool  # no idle reading: the user counts as present while awake
    held_at: int | None  # monotonic: a due reminder was held back (do not disturb...) then
    waiting_back: bool  # a due reminder waits for the user to come back

    @property
    def gap_end(self) -> int | None:
        """When the minimum gap after the last session ends (boottime); None: no session."""
        return self.holds.gap_end(self.rules.min_gap_ns)


def reminder_due(moment: Moment) -> bool:
    """Enough work in a work period, and nothing holds the reminder back or has it out already."""
    now, rules, gap_end = moment.now, moment.rules, moment.gap_end
    return (
        rules.enabled
        and not moment.pending
        and not moment.in_session
        and moment.ledger.work_ns >= moment.rules.interval_ns
        and not moment.holds.blocked()
        and (gap_end is None or gap_end <= now.boot)
        and period_at(rules, now.zone, now.wall) is not None
    )


def user_away(moment: Moment) -> bool:
    """Whether the user has been without input long enough, when a reminder falls due, to be
    taken as away (never while presence is only presumed)."""
    if moment.presumed:
        return False
    quiet = moment.now.boot - moment.ledger.seen_at
    return quiet >= away_at_due_ns(moment.ledger.threshold_ns)


def next_wakeup(moment: Moment) -> int | None:
    """The monotonic instant (ns) at which the scheduler is next needed; None: only when the
    user or the desktop reports something (reminders off, or a session running)."""
    now, rules, ledger, holds = moment.now, moment.rules, moment.ledger, moment.holds
    if not rules.enabled or moment.in_session:
        return None
    wall_off, boot_off = now.wall - now.mono, now.boot - now.mono
    instants: list[int] = []
    period = period_at(rules, now.zone, now.wall)
    if not moment.presumed and period is not None:
        if ledger.away:  # see the return soon after it happens
            instants.append(now.mono + RETURN_CHECK_NS)
        else:  # the quiet stretch becomes an absence then, unless there was input: ask
            instants.append(ledger.seen_at + ledger.threshold_ns - boot_off)
    if ledger.period is not None:
        instants.append(ledger.period[1] - wall_off)
    if not moment.pending:
        instants += holds.ends(now)
        gap_end = moment.gap_end
        gap_ahead = gap_end is not None and gap_end > now.boot
        if gap_end is not None and gap_ahead:
            instants.append(gap_end - boot_off)
        if moment.held_at is not None:
            instants.append(moment.held_at + rules.defer_recheck_s * NS_PER_S)
        if period is None:
            start = next_start(rules, now.zone, now.wall)
            instants += [] if start is None else [start - wall_off]
        else:
            instants.append(period[1] - wall_off)
            if not holds.blocked() and not ledger.away:
                missing = moment.rules.interval_ns - ledger.work_ns
                if missing > 0:
                    instants.append(now.mono + missing)
                elif moment.waiting_back:
                    instants.append(now.mono + BACK_CHECK_NS)
                elif moment.held_at is None and not gap_ahead:
                    instants.append(now.mono)  # due now: poll
    return max(now.mono, min(instants)) if instants else None
