"""What the desktop offers: a tray host and a notification server, asked over D-Bus."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection, QDBusInterface

SNI_WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"

ProbeLine = tuple[str, bool, str, str]


def probe_desktop() -> list[ProbeLine]:
    _ = QCoreApplication.instance() or QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        reason = bus.lastError().message() or "no session bus"
        return [
            ("D-Bus", False, reason, "reminders appear as a small window near the tray instead"),
        ]
    names = set(bus.interface().registeredServiceNames().value() or [])
    lines: list[ProbeLine] = []
    if SNI_WATCHER in names:
        lines.append(("tray", True, "a StatusNotifier tray host is running", ""))
    else:
        lines.append(
            (
                "tray",
                False,
                "no StatusNotifier tray host on the session bus",
                "an XEmbed tray may still work; without any tray, closing the window quits",
            )
        )
    if NOTIFICATIONS in names:
        server = QDBusInterface(NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS, bus)
        info = server.call("GetServerInformation").arguments()
        name = str(info[0]) if info else "a notification server"
        lines.append(("notifications", True, f"{name} answers", ""))
    else:
        lines.append(
            (
                "notifications",
                False,
                "no notification server answers",
                "reminders appear as a small window near the tray instead",
            )
        )
    return lines
