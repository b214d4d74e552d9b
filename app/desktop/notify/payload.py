"""The reminder's notification as the Desktop Notifications specification spells it: its actions,
its hints, the icon argument, and what each answer the server sends back means."""

from __future__ import annotations

import enum
import os
from pathlib import Path

from PySide6.QtCore import QUrl

from app.core.reminders.runner import ReminderChoice

__all__ = [
    "ACTION_CHOICES",
    "CATEGORY",
    "CLOSE_CHOICES",
    "DESKTOP_ENTRY",
    "URGENCY_NORMAL",
    "CloseReason",
    "actions",
    "icon_argument",
]


def actions(snooze_min: int) -> tuple[tuple[str, str], ...]:
    """The notification's actions, as (key, label) pairs."""
    return (
        ("start", "Start"),
        ("snooze", f"Snooze {snooze_min} min"),
        ("skip", "Skip"),
        ("default", "Start"),  # a click on the notification itself
    )


ACTION_CHOICES: dict[str, ReminderChoice] = {
    "start": ReminderChoice.START,
    "snooze": ReminderChoice.SNOOZE,
    "skip": ReminderChoice.SKIP,
    "default": ReminderChoice.START,
}


class CloseReason(enum.IntEnum):
    """The reasons of ``NotificationClosed``, from the specification."""

    EXPIRED = 1
    DISMISSED = 2
    CLOSED_BY_CALL = 3
    UNDEFINED = 4


CLOSE_CHOICES: dict[int, ReminderChoice | None] = {
    CloseReason.EXPIRED: ReminderChoice.MISSED,
    CloseReason.DISMISSED: ReminderChoice.DISMISSED,
    CloseReason.CLOSED_BY_CALL: None,  # we closed it: nothing to report
}
"""Any other reason (4 and the reserved ones): it vanished unanswered, so MISSED."""

URGENCY_NORMAL = 1
CATEGORY = "x-unbrace.reminder"  # a vendor category, as the specification allows
DESKTOP_ENTRY = "unbrace"


def icon_argument(icon: str) -> str:
    """An icon name stays as it is; a path becomes the ``file://`` URI the specification wants."""
    if "/" in icon or os.sep in icon:
        return QUrl.fromLocalFile(str(Path(icon).absolute())).toString()
    return icon
