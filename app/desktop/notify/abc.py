"""What the app asks of a notification server, what it gets without a session bus, and the
choice of the backend at start-up."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtDBus import QDBusConnection

from app.core.reminders.runner import ReminderChoice
from app.desktop.notify.freedesktop import DBusNotifier, Reminder

__all__ = ["Notifier", "NullNotifier", "notifier"]


class Notifier(Reminder, Protocol):
    """The reminder as a desktop notification, and the server's do-not-disturb state. Nothing
    waits for the server: what it says arrives later, as signals."""

    @property
    def inhibited_changed(self) -> SignalInstance:
        """Emits the new do-not-disturb state when the server says it changed."""
        ...

    @property
    def show_failed(self) -> SignalInstance:
        """Emits when a reminder ``show_reminder`` sent could not be shown after all."""
        ...

    def start(self) -> bool:
        """Listen to the server and ask whether it is there, without waiting for the answer."""
        ...

    def available(self) -> bool:
        """Whether a notification server was last heard answering."""
        ...

    def inhibited(self) -> bool | None:
        """The do-not-disturb state as last heard; None when it cannot be told."""
        ...


class NullNotifier(QObject):
    """No session bus: no notification is ever shown (the reminder popup is), and do-not-disturb
    cannot be told."""

    choice_made = Signal(ReminderChoice)
    inhibited_changed = Signal(bool)
    show_failed = Signal()

    def start(self) -> bool:
        return False

    def available(self) -> bool:
        return False

    def inhibited(self) -> bool | None:
        return None

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        return False

    def close(self) -> bool:
        return False


def notifier(bus: QDBusConnection, icon: str = "", parent: QObject | None = None) -> Notifier:
    """Notifications over *bus* (the session bus) where it is connected, else ``NullNotifier``."""
    if not bus.isConnected():
        return NullNotifier(parent)
    return DBusNotifier(bus, icon=icon, parent=parent)
