"""What the app asks of the desktop about idle time, what it gets where nothing can tell, and
the choice of the backend at start-up."""

from __future__ import annotations

import os

from PySide6.QtDBus import QDBusConnection

from app.core.reminders.runner import IdleSource
from app.core.reminders.runner import NoIdle as NullIdle

__all__ = ["IdleSource", "NullIdle", "idle_source"]


def idle_source(bus: QDBusConnection, display: str | None = None) -> IdleSource:
    """D-Bus first (GNOME, KDE), then the X server (libXss); ``NullIdle`` where there is neither a
    session bus nor an X display (*display* defaults to ``$DISPLAY``)."""
    from app.desktop.idle.dbus import DBusIdle
    from app.desktop.idle.x11 import FirstIdle, X11Idle

    has_display = bool(display or os.environ.get("DISPLAY"))
    sources: list[IdleSource] = []
    if bus.isConnected():
        sources.append(DBusIdle(bus))
    if has_display:
        sources.append(X11Idle(display))
    if not sources:
        return NullIdle()
    return sources[0] if len(sources) == 1 else FirstIdle(*sources)
