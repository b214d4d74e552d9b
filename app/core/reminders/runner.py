"""The reminder service without a toolkit: when to wake, what to ask, what to show, what to save.

The app (``app.qt.tray.reminder_service``) wires a timer, the desktop and the reminder's windows to
it; the workday simulator (``bench/workday.py``) drives the very same object with fake clocks, a
fake desktop and scripted answers. At each wake the runner asks the desktop once how long the
user has been idle and whether reminders are held back (do not disturb, a full-screen window),
lets the scheduler decide with that fresh reading, shows or withdraws the reminder, saves the
scheduler's state and names the next instant it must be woken at.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.core.reminders.clocks import Clocks
from app.core.reminders.decisions import ReminderDue, ReminderWithdrawn
from app.core.reminders.deferral import deferral_reason
from app.core.reminders.rules import ReminderRules
from app.core.reminders.scheduler import ReminderScheduler
from app.core.reminders.state_store import SchedulerState

REMINDER_TIMEOUT_MS = 4 * 60 * 1000
"""How long a reminder waits for an answer before it counts as missed (notification and popup)."""
TITLE = "Time for a pause"


class ReminderChoice(enum.Enum):
    """What became of a reminder."""

    START = "start"
    SNOOZE = "snooze"
    SKIP = "skip"
    DISMISSED = "dismissed"  # closed by the user without choosing
    MISSED = "missed"  # nobody answered before it expired


@dataclass(frozen=True, slots=True)
class ReminderOffer:
    """One reminder, as the user sees it."""

    title: str
    body: str
    routine_id: str
    routine_name: str
    snooze_min: int


class IdleSource(Protocol):
    def idle_seconds(self) -> float | None:
        """Seconds since the user last touched keyboard or mouse; None when unknown."""
        ...


class NoIdle:
    """No desktop tells us: idle time is unknown (the user always counts as present)."""

    def idle_seconds(self) -> float | None:
        return None


class FullScreenSource(Protocol):
    def active_window_fullscreen(self) -> bool | None:
        """Whether the window in front is full screen; None when it cannot be told."""
        ...


class Presenter(Protocol):
    """Puts a reminder in front of the user (a notification, or a popup) and takes it away."""

    def present(self, offer: ReminderOffer) -> None: ...

    def withdraw(self) -> None: ...

    def inhibited(self) -> bool | None:
        """The desktop's do-not-disturb state; None when it cannot be told."""
        ...


class StateSink(Protocol):
    def save(self, state: SchedulerState) -> None: ...


def offer_for(routine_id: str, routine_name: str, snooze_min: int) -> ReminderOffer:
    body = f"Your back has been working for a while. {routine_name} is ready when you are."
    return ReminderOffer(TITLE, body, routine_id, routine_name, snooze_min)


class ReminderRunner:
    """Construct, then ``start()``; after every call, wake it again at ``next_wake_ns()``."""

    def __init__(
        self,
        scheduler: ReminderScheduler,
        clocks: Clocks,
        store: StateSink,
        presenter: Presenter,
        idle: IdleSource,
        pause_routine: Callable[[], tuple[str, str]],
        fullscreen: FullScreenSource | None = None,
    ) -> None:
        self._scheduler = scheduler
        self._clocks = clocks
        self._store = store
        self._presenter = presenter
        self._idle = idle
        self._pause_routine = pause_routine
        self._fullscreen = fullscreen
        self._offer: ReminderOffer | None = None
        self._next: int | None = None
        #: what the runner tells its owner: the status line, a routine to start, a failed save
        self.on_status: Callable[[str], None] = _ignore
        self.on_start: Callable[[str], None] = _ignore
        self.on_save_failed: Callable[[str], None] = _ignore
        self.on_armed: Callable[[int | None], None] = _ignore_wake
        #: whether the user is practising now (the mini pacer runs): a reminder then waits
        self.practising: Callable[[], bool] = _not_practising

    # ---------------------------------------------------------------------------- reading

    @property
    def scheduler(self) -> ReminderScheduler:
        return self._scheduler

    @property
    def offer(self) -> ReminderOffer | None:
        """The reminder on screen, waiting for an answer; None when there is none."""
        return self._offer

    def next_wake_ns(self) -> int | None:
        """The monotonic instant to be woken at (None: only when something happens)."""
        return self._next

    def status_text(self) -> str:
        return self._scheduler.status_text()

    # ---------------------------------------------------------------------------- commands

    def start(self) -> None:
        self.wake()

    def stop(self) -> None:
        """The app ends: one last reading of idle time, so that the quiet time before the quit
        counts with the time the app is not running; then the state is saved."""
        self._scheduler.report_idle(self._idle.idle_seconds())
        self._next = None
        self.on_armed(None)
        self._save()

    def wake(self) -> None:
        """Catch up: ask the desktop, let the scheduler decide, act, save, re-arm."""
        self._scheduler.report_idle(self._idle.idle_seconds())
        self._scheduler.report_deferral(self._deferral())
        for decision in self._scheduler.poll():
            if isinstance(decision, ReminderDue):
                self._show()
            elif isinstance(decision, ReminderWithdrawn):
                self._withdraw()
        self._after_change()

    def answer(self, choice: ReminderChoice) -> None:
        """The user's answer to the reminder on screen (or its expiry)."""
        offer, self._offer = self._offer, None
        if offer is None:
            return
        scheduler = self._scheduler
        if choice is ReminderChoice.START:
            scheduler.skip()  # answered; the session that starts resets the interval
            self._after_change()
            self.on_start(offer.routine_id)
            return
        if choice is ReminderChoice.SNOOZE:
            scheduler.snooze(offer.snooze_min)
        elif choice is ReminderChoice.MISSED:
            scheduler.reminder_missed()
        else:  # SKIP, DISMISSED
            scheduler.skip()
        self.wake()

    def session_started(self) -> None:
        self._withdraw()
        self._scheduler.session_started()
        self._after_change()

    def session_finished(self, completed: bool) -> None:
        self._scheduler.session_finished(completed)
        self.wake()

    def set_rules(self, rules: ReminderRules) -> None:
        if rules != self._scheduler.rules:
            self._scheduler.set_rules(rules)
            if not rules.enabled:
                self._withdraw()
            self.wake()

    def pause_for(self, minutes: int) -> None:
        self._withdraw()
        self._scheduler.pause_for(minutes)
        self.wake()

    def pause_until(self, moment: datetime) -> None:
        self._withdraw()
        self._scheduler.pause_until(moment)
        self.wake()

    def resume(self) -> None:
        self._scheduler.resume()
        self.wake()

    # ---------------------------------------------------------------------------- internals

    def _deferral(self) -> str | None:
        """Why a reminder should wait now: the user practising, do-not-disturb, or a
        full-screen window in front (the desktop is asked only when it matters)."""
        if self.practising():
            return deferral_reason(practising=True, inhibited=None, fullscreen=None)
        fullscreen = self._fullscreen
        return deferral_reason(
            practising=False,
            inhibited=self._presenter.inhibited(),
            fullscreen=None if fullscreen is None else fullscreen.active_window_fullscreen(),
        )

    def _show(self) -> None:
        routine_id, routine_name = self._pause_routine()
        self._offer = offer_for(routine_id, routine_name, self._scheduler.rules.snooze_min)
        self._presenter.present(self._offer)
        self._scheduler.reminder_shown()

    def _withdraw(self) -> None:
        if self._offer is not None:
            self._offer = None
            self._presenter.withdraw()

    def _after_change(self) -> None:
        self._save()
        self._next = self._scheduler.next_wakeup()
        self.on_armed(self._next)
        self.on_status(self._scheduler.status_text())

    def _save(self) -> None:
        try:
            self._store.save(self._scheduler.state())
        except OSError as error:
            self.on_save_failed(f"Reminder state could not be saved: {error.strerror or error}")


def _ignore(_text: str) -> None:
    pass


def _ignore_wake(_at: int | None) -> None:
    pass


def _not_practising() -> bool:
    return False
