"""Runs the reminder service inside the Qt app: one timer, the reminder's windows, the answers.

What to ask, decide, show and save lives in ``app.core.reminders.runner.ReminderRunner``; this
module only wires it to Qt. It holds one precise single-shot timer set for the instant the runner
names, shows the reminder as a notification (or the popup when no notification server answers),
and hands the answer from whichever of the two showed it back to the runner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance

from app.core.reminders import Clocks, ReminderRules, ReminderScheduler, SchedulerStateStore
from app.core.reminders.runner import (
    FullScreenSource,
    IdleSource,
    NoIdle,
    ReminderOffer,
    ReminderRunner,
)
from app.core.session.clock import NS_PER_MS
from app.desktop.notify.freedesktop import Reminder, ReminderChoice

MAX_TIMER_MS = 2**31 - 1

__all__ = ["FullScreenSource", "IdleSource", "NoIdle", "NotificationServer", "ReminderService"]


class NotificationServer(Reminder, Protocol):
    """The notification side; it answers at once from what it last heard from the server."""

    @property
    def show_failed(self) -> SignalInstance:
        """A reminder it took could not be shown after all."""
        ...

    def inhibited(self) -> bool | None: ...


class _Windows:
    """The runner's presenter: the notification when a server takes it, else the popup (also
    when the server fails to show a reminder it took)."""

    def __init__(self, notifications: NotificationServer | None, popup: Reminder) -> None:
        self.notifications = notifications
        self.popup = popup
        self.shown: Reminder | None = None
        self._offer: ReminderOffer | None = None

    def present(self, offer: ReminderOffer) -> None:
        server = self.notifications
        self._offer = offer
        if server is not None and server.show_reminder(*_shown_as(offer)):
            self.shown = server
        else:
            self._show_in_popup(offer)

    def notification_failed(self) -> None:
        if self._offer is not None and self.shown is self.notifications:
            self._show_in_popup(self._offer)

    def _show_in_popup(self, offer: ReminderOffer) -> None:
        self.popup.show_reminder(*_shown_as(offer))
        self.shown = self.popup

    def withdraw(self) -> None:
        shown, self.shown = self.shown, None
        self._offer = None
        if shown is not None:
            shown.close()

    def inhibited(self) -> bool | None:
        return None if self.notifications is None else self.notifications.inhibited()


def _shown_as(offer: ReminderOffer) -> tuple[str, str, str, int]:
    return offer.title, offer.body, offer.routine_name, offer.snooze_min


class ReminderService(QObject):
    start_requested = Signal(str)  # the routine id the reminder offered
    status_changed = Signal(str)
    save_failed = Signal(str)

    def __init__(
        self,
        scheduler: ReminderScheduler,
        clocks: Clocks,
        state_store: SchedulerStateStore,
        notifications: NotificationServer | None,
        popup: Reminder,
        idle: IdleSource,
        pause_routine: Callable[[], tuple[str, str]],
        parent: QObject | None = None,
        fullscreen: FullScreenSource | None = None,
    ) -> None:
        super().__init__(parent)
        self._clocks = clocks
        self._windows = _Windows(notifications, popup)
        self._runner = ReminderRunner(
            scheduler, clocks, state_store, self._windows, idle, pause_routine, fullscreen
        )
        self._runner.on_status = self.status_changed.emit
        self._runner.on_start = self.start_requested.emit
        self._runner.on_save_failed = self.save_failed.emit
        self._runner.on_armed = self._arm
        self._timer = QTimer(self)
        self._timer.setObjectName("reminder-wake")
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.wake)
        popup.choice_made.connect(self._on_choice)
        if notifications is not None:
            notifications.choice_made.connect(self._on_choice)
            notifications.show_failed.connect(self._windows.notification_failed)

    # ---------------------------------------------------------------------------- reading

    @property
    def scheduler(self) -> ReminderScheduler:
        return self._runner.scheduler

    @property
    def runner(self) -> ReminderRunner:
        return self._runner

    @property
    def shown(self) -> Reminder | None:
        """Where the open reminder is shown (the notification or the popup), if any."""
        return self._windows.shown

    def status_text(self) -> str:
        return self._runner.status_text()

    def wake_in_ms(self) -> int | None:
        """How long until the service's timer fires; None when it is not armed."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def next_wake_ns(self) -> int | None:
        """The monotonic instant the armed timer stands for (exact; None when not armed)."""
        return self._runner.next_wake_ns() if self._timer.isActive() else None

    # ---------------------------------------------------------------------------- commands

    def start(self) -> None:
        self._runner.start()

    def stop(self) -> None:
        self._runner.stop()

    def wake(self) -> None:
        """Catch up: ask the desktop, let the scheduler decide, act, save, re-arm."""
        self._runner.wake()

    def session_started(self) -> None:
        self._runner.session_started()

    def session_finished(self, completed: bool) -> None:
        self._runner.session_finished(completed)

    def set_rules(self, rules: ReminderRules) -> None:
        self._runner.set_rules(rules)

    def pause_for(self, minutes: int) -> None:
        self._runner.pause_for(minutes)

    def pause_until(self, moment: datetime) -> None:
        self._runner.pause_until(moment)

    def resume(self) -> None:
        self._runner.resume()

    # ---------------------------------------------------------------------------- internals

    def _on_choice(self, choice: ReminderChoice) -> None:
        sender: object = self.sender()
        if self._windows.shown is None or sender is not self._windows.shown:
            return  # an answer to a reminder that is no longer ours to settle
        self._windows.shown = None
        self._runner.answer(choice)

    def _arm(self, due: int | None) -> None:
        if due is None:
            self._timer.stop()
            return
        wait_ms = -(-(due - self._clocks.monotonic_ns()) // NS_PER_MS)
        self._timer.start(min(MAX_TIMER_MS, max(0, wait_ms)))
