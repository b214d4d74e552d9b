"""Work counted since the last pause, and what is known of the user's presence.

Instants here are integers: monotonic ns for work (awake time), boottime ns for presence (real
time, sleep included). The ledger only counts; the scheduler decides what a pause means.

Presence is a quiet stretch: the user was last seen at ``seen_at`` (an input the desktop told
of, or, while no desktop tells idle time, any awake moment) and no input is known between then
and ``quiet_until``. A sleep, a locked screen and the app not running are quiet. A stretch that
reaches the away threshold is an absence, and an absence is a pause; a shorter one is work,
however often it happens. Work is counted as awake time passes; a gap still running counts too,
because it either stays short (work) or becomes a pause (and the count starts again anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

#: two readings this close are the same moment (idle time is told in whole seconds by some
#: desktops, and an input and the reading that reports it are a few ms apart)
SAME_MOMENT_NS = 2_000_000_000
#: the wall clock reads in microseconds: an edge this close to a span's edge is that edge
WALL_GRAIN_NS = 1_000

Period = tuple[int, int]


@dataclass(slots=True)
class WorkLedger:
    #: a quiet stretch at least this long is an absence, and so a pause
    threshold_ns: int
    #: work counted towards the next reminder
    work_ns: int = 0
    #: the work period (wall epoch ns) the work was counted in
    period: Period | None = None
    #: the user was last seen at this boottime instant
    seen_at: int = 0
    #: no input known between ``seen_at`` and this boottime instant
    quiet_until: int = 0
    #: the quiet stretch reached the threshold and the user has not been seen since: a pause
    #: was made, and work waits for the return
    away: bool = False
    #: no input before this monotonic instant is unknown (the app's state was saved then, with
    #: the user last seen at ``seen_at``); None: nothing such
    known_before: int | None = None

    def clear_work(self) -> None:
        self.work_ns = 0

    def add_work(self, start: int, end: int, cap: int) -> None:
        """Count ``[start, end)`` as work, never beyond ``cap`` in all."""
        added = min(end - start, cap - self.work_ns)
        if added > 0:
            self.work_ns += added

    def count_span(
        self,
        span: tuple[int, int],
        wall_off: int,
        periods: list[Period],
        free_from: int,
        cap: int | None,
    ) -> bool:
        """Count the awake monotonic ``span`` as work where it lies in a work period (``periods``,
        wall instants; ``wall = mono + wall_off``) and after ``free_from``, up to ``cap`` in all
        (None: count nothing, only follow the periods). True when a period ended or changed on
        the way: the count then started afresh."""
        start, end = span
        restarted = False
        for period in periods:
            if self.period != period:
                if self.period is not None:
                    self.clear_work()
                    restarted = True
                self.period = period
            low = max(period[0] - wall_off, free_from)
            high = min(period[1] - wall_off, end)
            low = start if low - start < WALL_GRAIN_NS else low
            high = end if end - high < WALL_GRAIN_NS else high
            if cap is not None and high > low:
                self.add_work(low, high, cap)
            if period[1] - wall_off <= end:
                self.period = None
                self.clear_work()
                restarted = True
        return restarted

    # ------------------------------------------------------------------------------ presence

    def quiet_ns(self) -> int:
        """How long the user has gone without input, as far as is known."""
        return self.quiet_until - self.seen_at

    def quiet(self, until: int) -> bool:
        """No input up to the boottime instant ``until``. True when the stretch becomes an
        absence just now (the caller makes it a pause)."""
        self.quiet_until = max(self.quiet_until, until)
        if not self.away and self.quiet_ns() >= self.threshold_ns:
            self.away = True
            return True
        return False

    def seen(self, at: int) -> bool:
        """The user gave input at the boottime instant ``at``. A time at or before the last one
        known (within a reading's grain) tells nothing new. True when it ends an absence."""
        if at <= self.seen_at + SAME_MOMENT_NS:
            return False
        back = self.away
        self.away = False
        self.seen_at = self.quiet_until = at
        return back

    def input_at(
        self, mono: int, boot: int, idle_ns: int, last_sleep: tuple[int, int] | None
    ) -> int:
        """The boottime instant of the last input, from an idle time read at (``mono``,
        ``boot``) and counted in awake time (the idle counters of desktops stop during a sleep,
        as the monotonic clock does); ``last_sleep`` is (monotonic instant, length)."""
        at_mono = mono - max(0, idle_ns)
        boot_off = boot - mono
        if self.known_before is not None and at_mono <= self.known_before + SAME_MOMENT_NS:
            return self.seen_at  # nothing since the app was last running
        if last_sleep is None or at_mono > last_sleep[0] + SAME_MOMENT_NS:
            return at_mono + boot_off  # since the last sleep
        sleep_mono, length = last_sleep
        woke = sleep_mono + boot_off
        if at_mono < sleep_mono - SAME_MOMENT_NS:
            return at_mono + boot_off - length  # before it
        # At the sleep's edge, in awake time: the last input known, if that was right before
        # the sleep (idle time is read as the machine goes to sleep); else the one that woke it.
        if self.seen_at >= woke - length - 2 * SAME_MOMENT_NS:
            return self.seen_at
        return woke

    def restart_quiet(self, seen_at: int, now: int) -> None:
        """Picked up after a restart: last seen at ``seen_at``, quiet until ``now``."""
        self.seen_at = seen_at
        self.quiet_until = max(seen_at, now)
        self.away = False
