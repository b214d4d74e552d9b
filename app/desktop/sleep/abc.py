"""What the app asks of the desktop about sleep and wake, what it gets without a system bus,
and the choice of the backend at start-up."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtDBus import QDBusConnection

__all__ = ["NullSleepWatch", "SleepSource", "sleep_watch"]


class SleepSource(Protocol):
    @property
    def sleeping_changed(self) -> SignalInstance:
        """Emits True just before the machine sleeps, False just after it woke."""
        ...

    @property
    def listening(self) -> bool: ...

    def start(self) -> bool:
        """Start listening; False when the machine cannot tell."""
        ...


class NullSleepWatch(QObject):
    """No system bus (a container, a console): sleep and wake are never told; the reminders
    still read a suspend from the clocks at their next wake."""

    sleeping_changed = Signal(bool)

    @property
    def listening(self) -> bool:
        return False

    def start(self) -> bool:
        return False


def sleep_watch(bus: QDBusConnection, parent: QObject | None = None) -> SleepSource:
    """logind's signals on *bus* (the system bus) where it is connected, else ``NullSleepWatch``."""
    if not bus.isConnected():
        return NullSleepWatch(parent)
    from app.desktop.sleep.logind import SleepWatch

    return SleepWatch(bus, parent)
