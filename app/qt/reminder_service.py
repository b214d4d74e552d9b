"""Runs the reminder scheduler inside the Qt app: one timer, the reminder, and the answers.

The service holds one precise single-shot timer set for the instant the scheduler names. At each
wake it asks the desktop once how long the user has been idle and whether notifications are held
back (do not disturb), lets the scheduler decide, shows the reminder (as a notification, or the
popup when no notification server answers), and saves the scheduler's state. Where the desktop
tells idle time, it also wakes once per idle threshold during work hours (idle time is only told
when asked); outside work hours, paused or in a session it sleeps until the next edge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.clock import NS_PER_MS, NS_PER_S
from app.core.reminders import (
    Clocks,
    ReminderDue,
    ReminderRules,
    ReminderScheduler,
    ReminderWithdrawn,
    SchedulerStateStore,
)
from app.qt.notifications import Reminder, ReminderChoice

MAX_TIMER_MS = 2**31 - 1
SNOOZE_MIN = 10


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


class NotificationServer(Reminder, Protocol):
    def available(self) -> bool: ...

    def inhibited(self) -> bool | None: ...


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
        self._scheduler = scheduler
        self._clocks = clocks
        self._store = state_store
        self._notifications = notifications
        self._popup = popup
        self._idle = idle
        self._pause_routine = pause_routine
        self._fullscreen = fullscreen
        self._shown: Reminder | None = None
        self._offered: str | None = None
        self._idle_known = False
        self._armed_ns: int | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("reminder-wake")
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.wake)
        popup.choice_made.connect(self._on_choice)
        if notifications is not None:
            notifications.choice_made.connect(self._on_choice)

    # ---------------------------------------------------------------------------- reading

    @property
    def scheduler(self) -> ReminderScheduler:
        return self._scheduler

    @property
    def shown(self) -> Reminder | None:
        """Where the open reminder is shown (the notification or the popup), if any."""
        return self._shown

    def status_text(self) -> str:
        return self._scheduler.status_text()

    def wake_in_ms(self) -> int | None:
        """How long until the service's timer fires; None when it is not armed."""
        return self._timer.remainingTime() if self._timer.isActive() else None

    def next_wake_ns(self) -> int | None:
        """The monotonic instant the armed timer stands for (exact; None when not armed)."""
        return self._armed_ns if self._timer.isActive() else None

    # ---------------------------------------------------------------------------- commands

    def start(self) -> None:
        self.wake()

    def stop(self) -> None:
        self._timer.stop()
        self._save()

    def wake(self) -> None:
        """Catch up: ask the desktop, let the scheduler decide, act, save, re-arm."""
        idle = self._idle.idle_seconds()
        self._idle_known = idle is not None
        if idle is not None:
            self._scheduler.report_idle(idle)
        self._scheduler.report_deferral(self._deferral())
        for decision in self._scheduler.poll():
            if isinstance(decision, ReminderDue):
                self._show()
            elif isinstance(decision, ReminderWithdrawn):
                self._close_shown()
        self._after_change()

    def session_started(self) -> None:
        self._close_shown()
        self._scheduler.session_started()
        self._after_change()

    def session_finished(self, completed: bool) -> None:
        self._scheduler.session_finished(completed)
        self.wake()

    def set_enabled(self, enabled: bool) -> None:
        self.set_rules(self._scheduler.rules.model_copy(update={"enabled": enabled}))

    def set_rules(self, rules: ReminderRules) -> None:
        if rules != self._scheduler.rules:
            self._scheduler.set_rules(rules)
            if not rules.enabled:
                self._close_shown()
            self.wake()

    def pause_for(self, minutes: int) -> None:
        self._close_shown()
        self._scheduler.pause_for(minutes)
        self.wake()

    def pause_until(self, moment: datetime) -> None:
        self._close_shown()
        self._scheduler.pause_until(moment)
        self.wake()

    def resume(self) -> None:
        self._scheduler.resume()
        self.wake()

    # ---------------------------------------------------------------------------- internals

    def _deferral(self) -> str | None:
        """Why a reminder should wait now: do-not-disturb, or a full-screen window in front."""
        server = self._notifications
        if server is not None and server.inhibited():
            return "do not disturb"
        if self._fullscreen is not None and self._fullscreen.active_window_fullscreen():
            return "full screen"
        return None

    def _show(self) -> None:
        routine_id, routine_name = self._pause_routine()
        title = "Time for a pause"
        body = f"Your back has been working for a while. {routine_name} is ready when you are."
        self._offered = routine_id
        server = self._notifications
        if (
            server is not None
            and server.available()
            and server.show_reminder(title, body, routine_name)
        ):
            self._shown = server
        else:
            self._popup.show_reminder(title, body, routine_name)
            self._shown = self._popup
        self._scheduler.reminder_shown()

    def _close_shown(self) -> None:
        shown, self._shown = self._shown, None
        if shown is not None:
            shown.close()

    def _on_choice(self, choice: ReminderChoice) -> None:
        sender: object = self.sender()
        if self._shown is None or sender is not self._shown:
            return  # an answer to a reminder that is no longer ours to settle
        self._shown = None
        if choice is ReminderChoice.START:
            routine = self._offered
            self._scheduler.skip()  # answered; the session that starts resets the interval
            self._after_change()
            if routine is not None:
                self.start_requested.emit(routine)
            return
        if choice is ReminderChoice.SNOOZE:
            self._scheduler.snooze(SNOOZE_MIN)
        elif choice is ReminderChoice.MISSED:
            self._scheduler.reminder_missed()
        else:  # SKIP, DISMISSED
            self._scheduler.skip()
        self.wake()

    def _after_change(self) -> None:
        self._save()
        self._arm()
        self.status_changed.emit(self._scheduler.status_text())

    def _arm(self) -> None:
        due = self._scheduler.next_wakeup()
        if due is None:
            self._timer.stop()
            self._armed_ns = None
            return
        now = self._clocks.monotonic_ns()
        if self._idle_known and self._scheduler.presence_matters():
            # The desktop tells idle time only when asked: ask once per idle threshold during
            # work hours, so that time away is seen as a pause even if the user is back by the
            # time the reminder would be due, and a return is noticed.
            due = min(due, now + self._scheduler.rules.idle_threshold_min * 60 * NS_PER_S)
        self._armed_ns = due
        wait_ms = -(-(due - now) // NS_PER_MS)
        self._timer.start(min(MAX_TIMER_MS, max(0, wait_ms)))

    def _save(self) -> None:
        try:
            self._store.save(self._scheduler.state())
        except OSError as error:
            self.save_failed.emit(f"Reminder state could not be saved: {error.strerror or error}")
