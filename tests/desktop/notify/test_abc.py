"""The notification backend chosen at start-up: the session bus's server, or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from app.desktop.notify.abc import NullNotifier, notifier
from app.desktop.notify.freedesktop import DBusNotifier
from tests.support.fake_dbus import private_bus


@pytest.fixture
def bus(tmp_path: Path, qapp: object) -> Iterator[QDBusConnection]:
    with private_bus(tmp_path) as address:
        yield QDBusConnection.connectToBus(address, "unbrace-notify-abc-test")
        QDBusConnection.disconnectFromBus("unbrace-notify-abc-test")


def test_null_notifier_shows_nothing_so_the_popup_does(qapp: object) -> None:
    """Unavailable, refuses to show (the reminder service then shows its popup), cannot tell
    do-not-disturb."""
    null = NullNotifier()
    assert not null.available()
    assert not null.show_reminder("Time for a pause", "Breathe", "Box breathing", 10)
    assert not null.close()
    assert null.inhibited() is None


def test_no_session_bus_gives_the_null_notifier(qapp: object) -> None:
    assert isinstance(notifier(QDBusConnection("unbrace-no-such-bus")), NullNotifier)


def test_a_session_bus_gives_freedesktop_notifications(bus: QDBusConnection) -> None:
    assert isinstance(notifier(bus, icon="/nonexistent/unbrace.svg"), DBusNotifier)
