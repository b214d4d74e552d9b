"""The reminder popup, made the first time a reminder needs it.

The popup is for desktops without a notification server; where one answers, it is never shown,
and its widgets (and the module that draws them) need not be in memory while the app waits in
the tray. ``PopupOnDemand`` stands in for it behind ``app.desktop.notify.freedesktop.Reminder``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.desktop.notify.freedesktop import Reminder, ReminderChoice


class PopupOnDemand(QObject):
    """A ``Reminder`` that makes the real popup with *make* when it is first shown, and passes
    its answers on as its own."""

    choice_made = Signal(ReminderChoice)

    def __init__(self, make: Callable[[], Reminder], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self._popup: Reminder | None = None

    @property
    def made(self) -> Reminder | None:
        """The real popup, once a reminder needed it."""
        return self._popup

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        if self._popup is None:
            self._popup = self._make()
            self._popup.choice_made.connect(self.choice_made)
        return self._popup.show_reminder(title, body, routine_name, snooze_min)

    def close(self) -> bool:
        return self._popup.close() if self._popup is not None else True
