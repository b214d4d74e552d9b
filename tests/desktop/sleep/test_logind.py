"""logind's PrepareForSleep reaches the app as a Qt signal (on a private bus standing in)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from app.desktop.sleep.logind import SleepWatch
from tests.support.fake_dbus import private_bus


@pytest.fixture
def bus(tmp_path: Path, qapp: object) -> Iterator[tuple[str, QDBusConnection]]:
    with private_bus(tmp_path) as address:
        connection = QDBusConnection.connectToBus(address, "unbrace-sleep-test")
        yield address, connection
        QDBusConnection.disconnectFromBus("unbrace-sleep-test")


def _announce(address: str, sleeping: bool) -> None:
    subprocess.run(
        [
            "dbus-send",
            f"--bus={address}",
            "--type=signal",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager.PrepareForSleep",
            f"boolean:{'true' if sleeping else 'false'}",
        ],
        check=True,
    )


def test_sleep_and_wake_are_announced(qtbot: QtBot, bus: tuple[str, QDBusConnection]) -> None:
    """Going to sleep emits True, waking emits False."""
    address, connection = bus
    watch = SleepWatch(connection)
    assert watch.start()
    with qtbot.waitSignal(watch.sleeping_changed) as going:
        _announce(address, True)
    assert going.args == [True]
    with qtbot.waitSignal(watch.sleeping_changed) as waking:
        _announce(address, False)
    assert waking.args == [False]


def test_without_a_bus_there_is_nothing_to_watch(qapp: object) -> None:
    """No system bus (a container, a test): the watch says so and does nothing."""
    assert not SleepWatch(QDBusConnection("unbrace-no-such-bus")).start()
