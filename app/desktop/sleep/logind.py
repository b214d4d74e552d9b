"""Tells when the machine is about to sleep and when it woke, from logind (system bus).

The reminder scheduler reads suspend exactly from the clocks; being woken just before and just
after a sleep lets it place the sleep exactly within the span it accounts for.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage

PATH = "/org/freedesktop/login1"
INTERFACE = "org.freedesktop.login1.Manager"
MEMBER = "PrepareForSleep"
_SLOT = cast(bytes, SLOT("_on_signal(QDBusMessage)"))


class SleepWatch(QObject):
    sleeping_changed = Signal(bool)  # True: about to sleep; False: just woke

    def __init__(self, bus: QDBusConnection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus
        self._listening = False

    @property
    def listening(self) -> bool:
        return self._listening

    def start(self) -> bool:
        """Listen (where there is a system bus with logind); False when there is none."""
        if not self._listening and self._bus.isConnected():
            # Any sender: the path and interface are logind's own; on a test bus, a stand-in.
            self._listening = self._bus.connect("", PATH, INTERFACE, MEMBER, self, _SLOT)
        return self._listening

    @Slot(QDBusMessage)
    def _on_signal(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if len(arguments) == 1 and isinstance(arguments[0], bool):
            self.sleeping_changed.emit(arguments[0])
