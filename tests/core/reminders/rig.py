"""A scheduler on fake clocks, and the few moves every reminder test makes with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.core.reminders import (
    Decision,
    FakeClocks,
    ReminderDue,
    ReminderRules,
    ReminderScheduler,
    SchedulerState,
)
from app.core.reminders.clocks import NS_PER_MIN, NS_PER_S

S = NS_PER_S
MIN = NS_PER_MIN
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def wednesday(hour: int, minute: int = 0) -> datetime:
    """4 March 2026, a Wednesday, in Berlin."""
    return datetime(2026, 3, 4, hour, minute, tzinfo=BERLIN)


@dataclass
class Rig:
    clocks: FakeClocks
    scheduler: ReminderScheduler
    #: the desktop's last input (monotonic: desktops count idle time in awake time); None: the
    #: desktop tells no idle time and is never asked
    input_at: int | None = None
    #: the user is at the keyboard: the desktop says 0 whenever asked
    working: bool = False

    def at_work(self) -> None:
        """The user works on, with input all the time; the desktop is asked now and at every
        wake."""
        self.working = True
        self.scheduler.report_idle(0)

    def report_idle(self, seconds: float) -> None:
        """The desktop says the user has been idle this long: asked now, and at every wake."""
        self.input_at = self.clocks.mono - round(seconds * S)
        self.working = False
        self.scheduler.report_idle(seconds)

    def idle_s(self) -> float | None:
        if self.working:
            return 0.0
        return None if self.input_at is None else (self.clocks.mono - self.input_at) / S

    def poll(self) -> list[Decision]:
        return self.scheduler.poll()

    def dues(self) -> int:
        """Poll and count the reminders it asks for."""
        return sum(isinstance(d, ReminderDue) for d in self.poll())

    def delay_ns(self) -> int | None:
        """How long until the scheduler wants to be woken, from now."""
        wake = self.scheduler.next_wakeup()
        return None if wake is None else wake - self.clocks.mono

    def delay_min(self) -> float | None:
        delay = self.delay_ns()
        return None if delay is None else delay / MIN

    def wake(self) -> list[Decision]:
        """Sleep (awake) until the instant the scheduler named, then poll."""
        wake = self.scheduler.next_wakeup()
        assert wake is not None, "the scheduler asked for no wake-up"
        self.clocks.advance_to(wake)
        idle = self.idle_s()
        if idle is not None:  # asked at every wake, as the app does
            self.scheduler.report_idle(idle)
        return self.poll()

    def minutes_to_reminder(self, limit_wakes: int = 50) -> float:
        """Follow the scheduler's wake-ups until it asks for a reminder; the awake minutes taken."""
        began = self.clocks.mono
        for _ in range(limit_wakes):
            if any(isinstance(d, ReminderDue) for d in self.wake()):
                return (self.clocks.mono - began) / MIN
        raise AssertionError("no reminder came")

    def local(self) -> datetime:
        return self.clocks.now()

    def restart(self, state: SchedulerState | None = None) -> None:
        """The app starts again (with the state given, or with none)."""
        self.scheduler = ReminderScheduler(self.scheduler.rules, self.clocks, state)


def make_rig(start: datetime | None = None, rules: ReminderRules | None = None) -> Rig:
    clocks = FakeClocks(start or wednesday(9))
    rig = Rig(clocks, ReminderScheduler(rules or ReminderRules(), clocks))
    rig.poll()
    return rig
