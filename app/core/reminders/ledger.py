"""Work accrued since the last pause, and the absence the user is in, if any.

Instants here are integers: monotonic ns for work (awake time), boottime ns for absences (real
time, sleep included). The ledger only counts; the scheduler decides what a pause means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.reminders.clocks import NS_PER_S, Readings

#: two readings this close are the same moment (an idle report and the end of a sleep, say)
SAME_MOMENT_NS = 2_000_000_000
#: the wall clock reads in microseconds: an edge this close to a span's edge is that edge
WALL_GRAIN_NS = 1_000

Period = tuple[int, int]


@dataclass(slots=True)
class WorkLedger:
    #: an absence at least this long is a pause
    threshold_ns: int
    #: work counted towards the next reminder
    work_ns: int = 0
    #: the work period (wall epoch ns) the work was counted in
    period: Period | None = None
    #: user idle (or locked) since this boottime instant, as last reported; None = present
    idle_since: int | None = None
    #: the current absence began at this boottime instant; None = the user is here
    away_since: int | None = None
    #: the last absence that ended, (start, end) in boottime
    last_away: tuple[int, int] | None = None
    #: recent work spans in monotonic ns, kept one threshold back, so that idle time reported
    #: late can be taken out again
    _spans: list[tuple[int, int]] = field(default_factory=list)

    def clear_work(self) -> None:
        self.work_ns = 0
        self._spans.clear()

    def add_work(self, start: int, end: int, cap: int) -> None:
        """Count ``[start, end)`` as work, never beyond ``cap`` in all."""
        added = min(end - start, cap - self.work_ns)
        if added <= 0:
            return
        self.work_ns += added
        if self._spans and self._spans[-1][1] == start:
            self._spans[-1] = (self._spans[-1][0], start + added)
        else:
            self._spans.append((start, start + added))
        horizon = end - self.threshold_ns
        self._spans = [span for span in self._spans if span[1] > horizon]

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

    def take_back(self, start: int, end: int) -> None:
        """``[start, end)`` turned out to be no work (the user was idle): uncount it."""
        kept: list[tuple[int, int]] = []
        for span_start, span_end in self._spans:
            low, high = max(span_start, start), min(span_end, end)
            if high <= low:
                kept.append((span_start, span_end))
                continue
            self.work_ns -= high - low
            if span_start < low:
                kept.append((span_start, low))
            if high < span_end:
                kept.append((high, span_end))
        self._spans = kept

    def report_idle(self, now: Readings, idle_ns: int, *, take_back: bool) -> bool:
        """The desktop says the user has been idle for ``idle_ns`` (0: active). Idle time is taken
        back out of the work count when ``take_back``. True when the absence is now a pause."""
        if idle_ns < NS_PER_S:
            if self.idle_since is not None:
                self.idle_since = None
                self.absence_ends(now.boot)
            return False
        began = now.boot - idle_ns
        if self.idle_since is not None:
            if began <= self.idle_since + SAME_MOMENT_NS:
                return False  # the same stretch of idleness, reported again
            self.absence_ends(began)  # the user came back in between, unseen
        if take_back:
            self.take_back(now.mono - idle_ns, now.mono)
        self.idle_since = began
        self.absence_begins(began)
        return self.is_long_absence(now.boot)

    def absence_begins(self, at_boot: int) -> None:
        """The user left (or the machine slept) at ``at_boot``; joins a run that just ended."""
        if self.away_since is not None:
            self.away_since = min(self.away_since, at_boot)
        elif self.last_away is not None and at_boot <= self.last_away[1] + SAME_MOMENT_NS:
            self.away_since = self.last_away[0]
        else:
            self.away_since = at_boot

    def absence_ends(self, at_boot: int) -> None:
        if self.away_since is not None:
            self.last_away = (self.away_since, max(self.away_since, at_boot))
            self.away_since = None

    def away_for(self, now_boot: int) -> int:
        return 0 if self.away_since is None else now_boot - self.away_since

    def is_long_absence(self, now_boot: int) -> bool:
        return self.away_since is not None and self.away_for(now_boot) >= self.threshold_ns
