"""The idle backend chosen at start-up: what the desktop can tell, or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from app.desktop.idle.abc import NullIdle, idle_source
from app.desktop.idle.dbus import DBusIdle
from app.desktop.idle.x11 import FirstIdle, X11Idle
from tests.support.fake_dbus import private_bus


@pytest.fixture
def bus(tmp_path: Path, qapp: object) -> Iterator[QDBusConnection]:
    with private_bus(tmp_path) as address:
        yield QDBusConnection.connectToBus(address, "unbrace-idle-test")
        QDBusConnection.disconnectFromBus("unbrace-idle-test")


def test_null_idle_leaves_the_user_present() -> None:
    """Nothing can tell: idle time is unknown, so no reminder is held back as if away."""
    assert NullIdle().idle_seconds() is None


def test_no_session_bus_and_no_display_gives_null_idle(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    source = idle_source(QDBusConnection("unbrace-no-such-bus"))
    assert isinstance(source, NullIdle)


def test_no_session_bus_on_x11_asks_the_x_server(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":9999")
    assert isinstance(idle_source(QDBusConnection("unbrace-no-such-bus")), X11Idle)


def test_a_session_bus_without_display_asks_dbus(
    bus: QDBusConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert isinstance(idle_source(bus), DBusIdle)


def test_a_session_bus_on_x11_asks_dbus_then_the_x_server(
    bus: QDBusConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":9999")
    source = idle_source(bus)
    assert isinstance(source, FirstIdle)
    # neither answers here (no idle service on the private bus, no such display)
    assert source.idle_seconds() is None
