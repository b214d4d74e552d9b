"""The tray and reminders for real: an X display with a tray host, a session bus, and a
notification server (run by .ci/test-suite under Xvfb, jwm and dbus-run-session)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from app.core.reminders import ReminderScheduler, SchedulerStateStore
from app.desktop.idle.dbus import DBusIdle
from app.desktop.notify.freedesktop import DBusNotifier
from app.desktop.tray_host.abc import tray_host_probe
from app.qt.tray.icon import Tray, TrayHostWait
from app.qt.tray.reminder_popup import ReminderPopup
from app.qt.tray.reminder_service import ReminderService
from app.qt.tray.wiring import Desktop, attach_desktop, current_pause_routine
from tests.conftest import REPO
from tests.qt.shell.test_app_window import AppUnderTest
from tests.support.fake_idle_server import running_idle_monitor
from tests.support.fake_notification_server import FakeServer, running_server

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display, tray host and session bus that .ci/with-xvfb provides",
    ),
]

BERLIN = ZoneInfo("Europe/Berlin")
NS = 1_000_000_000


class RealTimeClocks:
    """The real monotonic and boot clocks, a wall clock fixed to a working Wednesday, and a
    jump forward on request (to bring the reminder within a second without waiting 90 min)."""

    def __init__(self) -> None:
        self._offset = 0
        self._mono0 = time.monotonic_ns()
        self._wall0 = datetime(2026, 3, 4, 10, 0, tzinfo=BERLIN)

    def monotonic_ns(self) -> int:
        return time.monotonic_ns() + self._offset

    def boottime_ns(self) -> int:
        return time.clock_gettime_ns(time.CLOCK_BOOTTIME) + self._offset

    def now(self) -> datetime:
        elapsed = self.monotonic_ns() - self._mono0
        return self._wall0 + timedelta(microseconds=elapsed // 1000)

    def jump(self, seconds: float) -> None:
        self._offset += round(seconds * NS)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FakeServer]:
    address = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    with running_server(address, tmp_path / "notifications.jsonl") as fake:
        yield fake


def _desktop(qtbot: QtBot, tmp_path: Path) -> tuple[AppUnderTest, Desktop, RealTimeClocks]:
    unbrace = AppUnderTest(qtbot, tmp_path)
    bus = QDBusConnection.sessionBus()
    clocks = RealTimeClocks()
    icons = REPO / "assets" / "icons"
    app = unbrace.app
    tray = Tray(QIcon(str(icons / "unbrace-tray.svg")))
    popup = ReminderPopup(anchor=tray.geometry)
    reminders = ReminderService(
        ReminderScheduler(app.preferences.current.reminders.to_rules(), clocks, None),
        clocks,
        SchedulerStateStore(tmp_path / "reminders.json"),
        DBusNotifier(bus, icon=str(icons / "unbrace.svg")),
        popup,
        DBusIdle(bus),
        lambda: current_pause_routine(app),
        app.owner,
    )
    desktop = attach_desktop(
        app,
        clocks,
        reminders,
        popup,
        tray,
        TrayHostWait(bus, tray_host_probe(QGuiApplication.platformName()), wait_ms=300),
    )
    qtbot.addWidget(desktop.popup, before_close_func=lambda _popup: desktop.stop())
    desktop.start()
    qtbot.waitUntil(lambda: desktop.host_wait.done, timeout=5_000)
    return unbrace, desktop, clocks


def _reminder_in_a_second(desktop: Desktop, clocks: RealTimeClocks) -> None:
    due = desktop.reminders.next_wake_ns()
    assert due is not None
    clocks.jump((due - clocks.monotonic_ns()) / NS - 1.0)
    desktop.reminders.wake()  # re-arms for the second that is left


def test_the_icon_registers_and_its_menu_works(qtbot: QtBot, tmp_path: Path) -> None:
    """jwm hosts the tray: the icon shows, with the status as its tooltip, and the menu's
    Open entry shows the window; closing the window then keeps the app in the tray."""
    unbrace, desktop, _ = _desktop(qtbot, tmp_path)
    assert QSystemTrayIcon.isSystemTrayAvailable()
    icon = desktop.tray.icon
    assert icon is not None and icon.isVisible()
    assert icon.toolTip() == "Unbrace — Next pause around 11:30"
    window = unbrace.app.window
    window.close()
    assert not window.isVisible()
    assert not QApplication.quitOnLastWindowClosed()
    desktop.tray.open_action.trigger()
    qtbot.waitUntil(window.isVisible)


def test_a_due_reminder_is_a_notification_and_start_starts(
    qtbot: QtBot, tmp_path: Path, server: FakeServer
) -> None:
    """A reminder due in a second arrives at the notification server with its actions; the
    server invoking Start opens the pause routine's session."""
    unbrace, desktop, clocks = _desktop(qtbot, tmp_path)
    _reminder_in_a_second(desktop, clocks)
    qtbot.waitUntil(lambda: bool(server.calls("Notify")), timeout=5_000)
    (call,) = server.calls("Notify")
    assert call["signature"] == "susssasa{sv}i"
    app_name, replaces_id, _icon, summary, _body, actions, _hints, _timeout = call["args"]
    assert (app_name, replaces_id, summary) == ("Unbrace", 0, "Time for a pause")
    assert actions[:6] == ["start", "Start", "snooze", "Snooze 10 min", "skip", "Skip"]
    server.invoke(call["returned"], "start")
    qtbot.waitUntil(lambda: unbrace.app.window.showing_session, timeout=5_000)
    assert unbrace.app.window.session_view.title.text() == "3-Minute Diaphragmatic Breathing"
    assert not desktop.popup.isVisible()


def test_without_a_notification_server_the_popup_appears_without_focus(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """No server on the bus: the reminder is the popup, which takes no keyboard focus."""
    unbrace, desktop, clocks = _desktop(qtbot, tmp_path)
    window = unbrace.app.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    _reminder_in_a_second(desktop, clocks)
    qtbot.waitUntil(desktop.popup.isVisible, timeout=5_000)
    assert desktop.popup.title == "Time for a pause"
    qtbot.wait(200)
    assert QApplication.activeWindow() is window
    desktop.popup.snooze_button.click()
    assert not desktop.popup.isVisible()
    assert desktop.tray.tooltip().startswith("Unbrace — Snoozed until ")


def test_a_user_whose_idle_times_stay_short_is_reminded(
    qtbot: QtBot, tmp_path: Path, server: FakeServer
) -> None:
    """The desktop (Mutter's idle monitor, on the bus) says 5–55 s since the last input each
    time it is asked; with a 2-minute interval and a 1-minute away threshold the app asks it at
    each wake, never takes those gaps for a pause, and the notification comes when two minutes
    of work are counted."""
    address = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    readings = [20_000, 45_000, 5_000, 55_000, 30_000]
    with running_idle_monitor(address, tmp_path / "idle.jsonl", readings) as idle:
        unbrace, desktop, clocks = _desktop(qtbot, tmp_path)
        reminders = desktop.reminders
        started = clocks.monotonic_ns()
        reminders.set_rules(
            reminders.scheduler.rules.model_copy(
                update={"interval_min": 2, "idle_threshold_min": 1}
            )
        )
        statuses: list[str] = []
        reminders.status_changed.connect(statuses.append)
        for _ in range(30):
            if server.calls("Notify"):
                break
            due = reminders.next_wake_ns()
            assert due is not None
            clocks.jump((due - clocks.monotonic_ns()) / NS - 0.3)
            reminders.wake()  # re-armed for what is left: the timer may wake it next
            qtbot.wait(400)
        (call,) = server.calls("Notify")
        assert call["args"][3] == "Time for a pause"
        worked_s = (clocks.monotonic_ns() - started) / NS
        assert 120 <= worked_s <= 121
        assert len(idle.answers_ms()) >= 3  # asked at each wake, each answer under a minute
        assert not any(status.startswith("Away") for status in statuses)
        assert not unbrace.app.window.showing_session
