"""How long the user has been idle, asked of the desktop over D-Bus (once per reminder wake).

GNOME answers through Mutter's IdleMonitor, KDE and others through the freedesktop ScreenSaver
interface (whose idle time goes on counting while the screen is locked). Where neither answers,
idle time is unknown and the scheduler treats the user as present.
"""

from __future__ import annotations

from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

CALL_TIMEOUT_MS = 500

MUTTER = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core")
MUTTER_INTERFACE = "org.gnome.Mutter.IdleMonitor"
SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"


class DBusIdle:
    def __init__(self, bus: QDBusConnection) -> None:
        self._bus = bus

    def idle_seconds(self) -> float | None:
        if not self._bus.isConnected():
            return None
        mutter = self._ask(*MUTTER, MUTTER_INTERFACE, "GetIdletime")
        if mutter is not None:
            return mutter / 1000  # milliseconds
        return self._ask(*SCREENSAVER, SCREENSAVER_INTERFACE, "GetSessionIdleTime")  # seconds

    def _ask(self, service: str, path: str, interface: str, method: str) -> float | None:
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        reply = self._bus.call(message, QDBus.CallMode.Block, CALL_TIMEOUT_MS)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return None
        value = reply.arguments()[0]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return None
