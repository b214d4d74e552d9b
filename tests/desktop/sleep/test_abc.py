"""The sleep backend chosen at start-up: logind on the system bus, or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from app.desktop.sleep.abc import NullSleepWatch, sleep_watch
from app.desktop.sleep.logind import SleepWatch
from tests.support.fake_dbus import private_bus


@pytest.fixture
def bus(tmp_path: Path, qapp: object) -> Iterator[QDBusConnection]:
    with private_bus(tmp_path) as address:
        yield QDBusConnection.connectToBus(address, "unbrace-sleep-abc-test")
        QDBusConnection.disconnectFromBus("unbrace-sleep-abc-test")


def test_null_sleep_watch_says_it_cannot_listen(qapp: object) -> None:
    watch = NullSleepWatch()
    assert not watch.start()
    assert not watch.listening


def test_no_system_bus_gives_the_null_watch(qapp: object) -> None:
    assert isinstance(sleep_watch(QDBusConnection("unbrace-no-such-bus")), NullSleepWatch)


def test_a_system_bus_gives_logind(bus: QDBusConnection) -> None:
    watch = sleep_watch(bus)
    assert isinstance(watch, SleepWatch)
    assert watch.start()
