"""The reminder scheduler: pure, clock-driven, woken by its caller at the instants it names.

Each call first *observes*: it reads the three clocks and accounts for the time since the last
reading. Of that span, the monotonic growth was awake time, read first; the rest of the boottime
growth was a sleep, read last. (Where in the span the sleep fell cannot be known from the clocks;
reading it last can only delay a reminder, never bring one at wake. The app polls when logind
announces a sleep and a wake, which makes the span exact.) Awake time counts as work while inside
a work period, not paused or snoozed, not in a session, the user not idle, and no reminder out.
A stretch without input — idle, a locked screen, sleep, the app not running — that reaches the
away threshold is an absence, and an absence is a pause: the work count starts again when the user
is back. A shorter gap is work, however often it happens. Whether the user is away is decided only
on what is known for certain: the clocks (a sleep, the downtime) and an idle reading taken at that
moment (``report_idle``); a due reminder waits while the user is away, and comes at their return.
Wall-clock rules are turned into instants from the clocks as they read now, so a clock change or a
wake recomputes them. Whether a reminder is due and when to be woken next are decided, from what
this object knows at that reading, in ``app.core.reminders.wakeups``.
"""

from __future__ import annotations

from datetime import datetime

from app.core.reminders.clocks import NS_PER_MIN, NS_PER_S, Clocks, Readings, epoch_ns, read_clocks
from app.core.reminders.decisions import ClockChanged, Decision, ReminderDue, ReminderWithdrawn
from app.core.reminders.holds import Holds, wall_of
from app.core.reminders.ledger import SAME_MOMENT_NS, WorkLedger
from app.core.reminders.restart import restore, snapshot
from app.core.reminders.rules import ReminderRules
from app.core.reminders.state_store import SchedulerState
from app.core.reminders.status import Status, describe
from app.core.reminders.wakeups import Moment, next_wakeup, reminder_due, user_away
from app.core.reminders.work_hours import period_at, periods_overlapping

#: a wall-clock step larger than this, not explained by a suspend, is a clock change
CLOCK_JUMP_NS = 2 * NS_PER_S
AWAY = "away"
OFF_HOURS = "outside work hours"
OFF = "reminders turned off"
SESSION = "a session was done"


class ReminderScheduler:
    """Decides when to remind. Construct, then ``poll()`` on every wake and after every report;
    arm one timer for ``next_wakeup()``. Constructing reads the clocks and nothing else."""

    def __init__(
        self, rules: ReminderRules, clocks: Clocks, state: SchedulerState | None = None
    ) -> None:
        self._rules = rules
        self._clocks = clocks
        self._last: Readings = read_clocks(clocks)
        self._ledger = WorkLedger(threshold_ns=rules.idle_threshold_min * NS_PER_MIN)
        self._holds = Holds()
        self._pending = False
        self._withdrawn: str | None = None
        self._clock_jump_ns = 0
        self._session_since: int | None = None  # boottime
        self._deferral: str | None = None
        self._held_at: int | None = None  # monotonic: a due reminder was held back then
        #: no desktop tells idle time (yet): the user counts as present while the machine is awake
        self._presumed = True
        #: a due reminder waits for the user to come back
        self._waiting_back = False
        #: the last sleep seen: (monotonic instant, length)
        self._last_sleep: tuple[int, int] | None = None
        self._ledger.seen_at = self._ledger.quiet_until = self._last.boot
        if state is not None:
            self._holds = restore(state, rules, self._last, self._ledger)
            if self._ledger.away:
                self._reset(AWAY)

    # ------------------------------------------------------------------------------ queries

    @property
    def rules(self) -> ReminderRules:
        return self._rules

    @property
    def reminder_pending(self) -> bool:
        return self._pending

    @property
    def accrued_work_ns(self) -> int:
        return self._ledger.work_ns

    def poll(self) -> list[Decision]:
        """Catch up with the clocks and say what to do now: at most one ``ReminderDue``."""
        now = self._observe()
        decisions: list[Decision] = []
        if self._clock_jump_ns:
            decisions.append(ClockChanged(now.mono, self._clock_jump_ns))
            self._clock_jump_ns = 0
        if self._withdrawn is not None:
            decisions.append(ReminderWithdrawn(now.mono, self._withdrawn))
            self._withdrawn = None
        self._waiting_back = False
        moment = self._moment(now)
        if not reminder_due(moment):
            self._held_at = None
        elif self._deferral is not None:
            self._held_at = now.mono
        elif user_away(moment):
            self._held_at = None
            self._waiting_back = True
        else:
            self._held_at = None
            self._pending = True
            decisions.append(ReminderDue(now.mono))
        return decisions

    def next_wakeup(self) -> int | None:
        """The monotonic instant (ns) at which ``poll()`` is next needed; None: only on reports."""
        return next_wakeup(self._moment(self._observe()))

    def status_text(self) -> str:
        """One line for the tray tooltip: "Next pause around 14:42", "Outside work hours"..."""
        now = self._observe()
        gap_end = self._holds.gap_end(self._rules.min_gap_ns)
        return describe(
            Status(
                rules=self._rules,
                now=now,
                in_session=self._session_since is not None,
                pending=self._pending,
                pause_until_wall=self._holds.pause_end_wall(now),
                held_by=self._deferral if self._held_at is not None else None,
                snooze_until_wall=wall_of(self._holds.snooze_until, now),
                work_ns=self._ledger.work_ns,
                gap_left_ns=0 if gap_end is None else max(0, gap_end - now.boot),
                away=self._ledger.away and not self._presumed,
                waiting_back=self._waiting_back,
            )
        )

    def state(self) -> SchedulerState:
        """A snapshot to save; it carries the clock readings so a restart sees the downtime."""
        return snapshot(self._ledger, self._holds, self._pending, self._observe())

    @property
    def paused(self) -> bool:
        """Whether the user paused reminders (for a while or until a time); snoozes aside."""
        now = self._observe()
        return self._holds.pause_end_wall(now) is not None

    @property
    def pause_end(self) -> datetime | None:
        """When the user's pause ends, as a local time; None when not paused."""
        now = self._observe()
        end = self._holds.pause_end_wall(now)
        return None if end is None else now.local(end)

    # ----------------------------------------------------------------------------- commands

    def session_started(self) -> None:
        now = self._observe()
        self._see(now, now.boot, now.mono)
        self._answered()
        if self._session_since is None:
            self._session_since = now.boot

    def session_finished(self, completed: bool) -> None:
        """A completed session (the app also passes one stopped when mostly practised: see
        ``Finished.mostly_practised``) starts a fresh interval and the minimum gap; a stopped
        one is a pause only if it lasted the away threshold, else an unanswered reminder comes
        back."""
        now = self._observe()
        began, self._session_since = self._session_since, None
        self._see(now, now.boot, now.mono)
        if completed:
            self._reset(SESSION)
            self._holds.last_session_end = now.boot
        elif began is None:
            return  # no session was running: nothing to finish
        elif now.boot - began >= self._ledger.threshold_ns:
            self._reset(SESSION)
        elif self._ledger.work_ns >= self._rules.interval_ns:
            self._holds.snooze_until = now.boot + self._rules.missed_retry_min * NS_PER_MIN

    def snooze(self, minutes: int) -> None:
        now = self._observe()
        if minutes <= 0:
            raise ValueError("a snooze lasts at least a minute")
        self._answered()
        self._holds.snooze_until = now.boot + minutes * NS_PER_MIN

    def skip(self) -> None:
        """Dismiss this reminder: a fresh interval starts now."""
        self._observe()
        self._answered()
        self._reset(None)

    def pause_until(self, moment: datetime) -> None:
        """No reminders until this wall-clock time (naive: local), whatever the clock does."""
        now = self._observe()
        until = epoch_ns(moment if moment.tzinfo else moment.replace(tzinfo=now.zone))
        self._answered()
        self._holds.clear_pause()
        self._holds.pause_until_wall = until if until > now.wall else None

    def pause_for(self, minutes: int) -> None:
        """No reminders for this long (real time, immune to clock changes)."""
        now = self._observe()
        if minutes <= 0:
            raise ValueError("a pause lasts at least a minute")
        self._answered()
        self._holds.clear_pause()
        self._holds.pause_until_boot = now.boot + minutes * NS_PER_MIN

    def resume(self) -> None:
        """End a pause or a snooze now."""
        self._observe()
        self._holds.clear_pause()
        self._holds.snooze_until = None

    def set_rules(self, rules: ReminderRules) -> None:
        now = self._observe()
        self._rules = rules
        self._ledger.threshold_ns = rules.idle_threshold_min * NS_PER_MIN
        self._ledger.work_ns = min(self._ledger.work_ns, self._rules.interval_ns)
        if not rules.enabled:
            self._reset(OFF)
        if self._ledger.period is not None:
            self._ledger.period = period_at(rules, now.zone, now.wall)
            if self._ledger.period is None:
                self._reset(OFF_HOURS)

    def report_idle(self, idle_seconds: float | None) -> None:
        """How long the desktop session has gone without input (or been locked), read now; 0
        when the user is active; None when the desktop cannot tell (the user then counts as
        present while the machine is awake). Read in awake time, as desktops count it."""
        self._observe(None if idle_seconds is None else round(idle_seconds * NS_PER_S), read=True)

    def report_deferral(self, reason: str | None) -> None:
        """Do-not-disturb or a full-screen window (``reason``) holds reminders back; None: clear."""
        self._observe()
        self._deferral = reason

    def reminder_shown(self) -> None:
        """The popup is on screen. Nothing changes: the reminder stays the one outstanding."""

    def reminder_missed(self) -> None:
        """The reminder closed unanswered: it comes back after the retry delay."""
        now = self._observe()
        if self._pending:
            self._answered()
            self._holds.snooze_until = now.boot + self._rules.missed_retry_min * NS_PER_MIN

    def clock_changed(self) -> None:
        """The desktop says the wall clock or the zone changed; the next answers use the new one."""
        self._observe()

    # ---------------------------------------------------------------------------- internals

    def _observe(self, idle_ns: int | None = None, *, read: bool = False) -> Readings:
        now = read_clocks(self._clocks)
        last, self._last = self._last, now
        awake = max(0, now.mono - last.mono)
        slept = max(0, (now.boot - last.boot) - awake)
        jump = (now.wall - last.wall) - max(0, now.boot - last.boot)
        if abs(jump) > CLOCK_JUMP_NS:
            self._clock_jump_ns += jump
        ledger = self._ledger
        if read and idle_ns is not None and self._presumed and self._session_since is None:
            # The first reading after presence was only presumed: what it says is the truth.
            ledger.seen_at = ledger.quiet_until = min(ledger.seen_at, now.boot - idle_ns)
        if read:
            self._presumed = idle_ns is None
        present = self._presumed or self._session_since is not None
        awake_end = now.boot - slept
        if awake:
            self._count_work(now, now.mono - awake, slept, count=not ledger.away)
        if slept:
            if present or ledger.quiet_until < awake_end - SAME_MOMENT_NS:
                # Present up to the sleep, or nothing known of the moments before it: the quiet
                # stretch starts with the sleep at the latest.
                self._see(now, awake_end, now.mono - awake, slept)
            before = self._last_sleep
            if before is not None and now.mono - before[0] <= SAME_MOMENT_NS:
                slept_in_all = before[1] + slept  # no awake time between: one sleep
            else:
                slept_in_all = slept
            self._last_sleep = (now.mono, slept_in_all)
            if ledger.quiet(now.boot):
                self._reset(AWAY)
        if present:
            self._see(now, now.boot, now.mono - awake, slept)
        elif idle_ns is not None:
            at = ledger.input_at(now.mono, now.boot, idle_ns, self._last_sleep)
            self._see(now, at, now.mono - awake, slept)
            if ledger.quiet(now.boot):
                self._reset(AWAY)
        self._holds.expire(now)
        if ledger.period is not None and ledger.period[1] <= now.wall:
            ledger.period = None
            self._reset(OFF_HOURS)
        return now

    def _see(self, now: Readings, at_boot: int, span_start: int, slept: int = 0) -> None:
        """Input (or presence) at ``at_boot``; back from an absence, the awake time since then
        in this observation's span (which began at the monotonic ``span_start``) is work."""
        if not self._ledger.seen(at_boot):
            return
        at_mono = now.mono - (now.boot - slept - at_boot)  # the span's sleep comes last
        if at_mono < now.mono:
            self._count_work(now, max(span_start, at_mono), slept, count=True)

    def _count_work(self, now: Readings, start: int, slept: int, *, count: bool) -> None:
        """Count the awake span ``[start, now.mono)``, read as before the sleep."""
        span = (start, now.mono)
        wall_off = now.wall - slept - now.mono
        boot_off = now.boot - slept - now.mono
        counting = (
            count and self._rules.enabled and self._session_since is None and not self._pending
        )
        periods = periods_overlapping(self._rules, now.zone, span[0] + wall_off, span[1] + wall_off)
        free_from = self._holds.free_from(span[0], wall_off, boot_off)
        cap = self._rules.interval_ns if counting else None
        if self._ledger.count_span(span, wall_off, periods, free_from, cap):
            self._reset(OFF_HOURS, clear_work=False)

    def _reset(self, reason: str | None, *, clear_work: bool = True) -> None:
        """A pause happened: a fresh interval; an outstanding reminder is withdrawn."""
        if clear_work:
            self._ledger.clear_work()
        self._holds.snooze_until = None
        self._held_at = None
        self._waiting_back = False
        if self._pending and reason is not None:
            self._withdrawn = reason
        self._pending = False

    def _answered(self) -> None:
        self._pending = False
        self._held_at = None
        self._holds.snooze_until = None

    def _moment(self, now: Readings) -> Moment:
        return Moment(
            now=now,
            rules=self._rules,
            ledger=self._ledger,
            holds=self._holds,
            in_session=self._session_since is not None,
            pending=self._pending,
            presumed=self._presumed,
            held_at=self._held_at,
            waiting_back=self._waiting_back,
        )
