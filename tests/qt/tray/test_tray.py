"""The tray menu and the desktop wiring, on the offscreen platform (where there is no tray)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.reminders import FakeClocks, ReminderScheduler, SchedulerStateStore
from app.desktop.tray_host.abc import NullTrayHost
from app.qt.tray.icon import PauseChoice, Tray, TrayHostWait
from app.qt.tray.reminder_popup import ReminderPopup
from app.qt.tray.reminder_service import ReminderService
from app.qt.tray.wiring import Desktop, attach_desktop, current_pause_routine
from tests.qt.shell.test_app_window import AppUnderTest
from tests.qt.tray.test_reminder_service import FakeReminder, Idle

BERLIN = ZoneInfo("Europe/Berlin")


def test_menu_actions_say_what_the_user_picked(qtbot: QtBot) -> None:
    """Each menu entry emits its request; the start entry names the pause routine."""
    tray = Tray(QIcon())
    tray.set_pause_routine("box-breathing", "Box Breathing")
    tray.set_routines([("humming-vagus", "Humming for the Vagus Nerve")])
    assert tray.start_action.text() == "Start Box Breathing"
    with qtbot.waitSignal(tray.start_requested) as started:
        tray.start_action.trigger()
    assert started.args == ["box-breathing"]
    with qtbot.waitSignal(tray.start_requested) as recent:
        tray.routines_menu.actions()[0].trigger()
    assert recent.args == ["humming-vagus"]
    with qtbot.waitSignal(tray.pause_requested) as paused:
        tray.pause_actions[PauseChoice.UNTIL_TOMORROW].trigger()
    assert paused.args == [PauseChoice.UNTIL_TOMORROW]
    with qtbot.waitSignal(tray.reminders_toggled) as toggled:
        tray.reminders_action.trigger()
    assert toggled.args == [True]
    for action, signal in (
        (tray.open_action, tray.open_requested),
        (tray.settings_action, tray.settings_requested),
        (tray.quit_action, tray.quit_requested),
    ):
        with qtbot.waitSignal(signal):
            action.trigger()


class DesktopRig:
    def __init__(self, qtbot: QtBot, tmp_path: Path, start: bool = True) -> None:
        self.unbrace = AppUnderTest(qtbot, tmp_path)
        self.clocks = FakeClocks(datetime(2026, 3, 4, 10, 0, tzinfo=BERLIN))
        self.server = FakeReminder()
        self.store = SchedulerStateStore(tmp_path / "reminders.json")
        no_bus = QDBusConnection("unbrace-tests-no-bus")
        app = self.unbrace.app
        tray = Tray(QIcon())
        popup = ReminderPopup(anchor=tray.geometry)
        scheduler = ReminderScheduler(
            app.preferences.current.reminders.to_rules(), self.clocks, None
        )
        reminders = ReminderService(
            scheduler,
            self.clocks,
            self.store,
            self.server,
            popup,
            Idle(),
            lambda: current_pause_routine(app),
            app.owner,
        )
        self.desktop: Desktop = attach_desktop(
            app,
            self.clocks,
            reminders,
            popup,
            tray,
            TrayHostWait(no_bus, NullTrayHost()),
        )
        qtbot.addWidget(self.desktop.popup, before_close_func=lambda _popup: self.desktop.stop())
        if start:
            self.desktop.start()


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> DesktopRig:
    return DesktopRig(qtbot, tmp_path)


def test_nothing_runs_until_the_desktop_starts(qtbot: QtBot, tmp_path: Path) -> None:
    """Built and attached, the reminders wait: no timer armed and no tray icon until
    ``Desktop.start``; then the reminders' timer is armed."""
    rig = DesktopRig(qtbot, tmp_path, start=False)
    desktop = rig.desktop
    assert desktop.reminders.wake_in_ms() is None
    assert desktop.tray.icon is None
    desktop.start()
    assert desktop.reminders.wake_in_ms() is not None


def test_stopping_the_desktop_ends_its_wake_ups(rig: DesktopRig) -> None:
    """When the app quits, no timer of the reminders' is left to wake it."""
    assert rig.desktop.reminders.wake_in_ms() is not None
    rig.desktop.stop()
    assert rig.desktop.reminders.wake_in_ms() is None


def test_the_tray_start_entry_starts_the_pause_routine(rig: DesktopRig) -> None:
    """Start in the tray menu opens the window on the pause routine's session."""
    rig.desktop.tray.start_action.trigger()
    window = rig.unbrace.app.window
    assert window.isVisible() and window.showing_session
    assert window.session_view.title.text() == "3-Minute Diaphragmatic Breathing"


def test_a_session_holds_reminders_and_its_end_restarts_the_interval(rig: DesktopRig) -> None:
    """While a session runs no reminder timer is armed; after it the tooltip counts again. A
    session ended early is over once it can no longer be undone (five seconds later)."""
    rig.unbrace.app.start_by_id("box-breathing")
    assert rig.desktop.reminders.wake_in_ms() is None
    assert rig.desktop.tray.tooltip() == "Unbrace — Session in progress"
    rig.unbrace.app.window.session_view.stop_requested.emit()
    assert rig.desktop.reminders.wake_in_ms() is None  # it may still be undone
    rig.unbrace.run_for(5)
    assert rig.desktop.reminders.wake_in_ms() is not None


def test_reminders_off_in_the_menu_is_saved(rig: DesktopRig) -> None:
    """Unticking Reminders turns them off, in the tooltip and in the saved settings."""
    rig.desktop.tray.reminders_action.trigger()
    assert not rig.unbrace.app.preferences.current.reminders.enabled
    assert rig.desktop.tray.tooltip() == "Unbrace — Reminders are off"
    assert rig.desktop.reminders.wake_in_ms() is None


def test_pause_for_an_hour(rig: DesktopRig) -> None:
    """Pause reminders ▸ For 1 hour: the tooltip names when they come back."""
    rig.desktop.tray.pause_actions[PauseChoice.ONE_HOUR].trigger()
    assert rig.desktop.tray.tooltip() == "Unbrace — Paused until 11:00"


def test_the_pause_menu_offers_only_what_changes_something(rig: DesktopRig) -> None:
    """Resume only while paused; Until tomorrow not while already paused that long."""
    actions = rig.desktop.tray.pause_actions
    assert not actions[PauseChoice.RESUME].isEnabled()
    assert actions[PauseChoice.UNTIL_TOMORROW].isEnabled()
    actions[PauseChoice.ONE_HOUR].trigger()
    assert actions[PauseChoice.RESUME].isEnabled()
    assert actions[PauseChoice.UNTIL_TOMORROW].isEnabled()
    actions[PauseChoice.UNTIL_TOMORROW].trigger()
    assert rig.desktop.tray.tooltip() == "Unbrace — Paused until Thu 00:00"
    assert not actions[PauseChoice.UNTIL_TOMORROW].isEnabled()
    actions[PauseChoice.RESUME].trigger()
    assert rig.desktop.tray.tooltip() == "Unbrace — Next pause around 11:30"
    assert not actions[PauseChoice.RESUME].isEnabled()


def test_the_snooze_length_chosen_is_the_one_offered_and_kept(rig: DesktopRig) -> None:
    """A 5-minute snooze set in the settings: the reminder offers it, and Snooze holds the
    reminder back exactly that long."""
    from app.desktop.notify.freedesktop import ReminderChoice

    prefs = rig.unbrace.app.preferences
    prefs.update(reminders=prefs.current.reminders.model_copy(update={"snooze_min": 5}))
    for _ in range(30):
        due = rig.desktop.reminders.next_wake_ns()
        assert due is not None
        rig.clocks.advance_to(due)
        rig.desktop.reminders.wake()
        if rig.server.shown:
            break
    assert rig.server.snooze_lengths == [5]
    rig.server.choice_made.emit(ReminderChoice.SNOOZE)
    assert rig.desktop.tray.tooltip() == "Unbrace — Snoozed until 11:35"


def test_a_reminder_start_opens_the_routine(rig: DesktopRig) -> None:
    """Start on a due reminder opens the window on the offered routine."""
    from app.desktop.notify.freedesktop import ReminderChoice

    for _ in range(30):  # the service wakes about once per idle threshold until it is due
        due = rig.desktop.reminders.next_wake_ns()
        assert due is not None
        rig.clocks.advance_to(due)
        rig.desktop.reminders.wake()
        if rig.server.shown:
            break
    assert len(rig.server.shown) == 1
    rig.server.choice_made.emit(ReminderChoice.START)
    assert rig.unbrace.app.window.showing_session


def test_without_a_tray_closing_the_window_quits(rig: DesktopRig, qtbot: QtBot) -> None:
    """No tray host (offscreen has none): closing the window closes the app."""
    qtbot.waitUntil(lambda: rig.desktop.host_wait.done)  # at once: there is no session bus
    assert rig.desktop.tray.icon is None
    assert QApplication.quitOnLastWindowClosed()
    window = rig.unbrace.app.window
    window.close()
    assert not window.isVisible()
    assert rig.desktop.tray.icon is None


def test_quit_quits_even_when_closing_would_hide_in_the_tray(
    rig: DesktopRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a tray, closing hides the window; Quit (tray or File menu) really ends the app."""
    quits: list[bool] = []
    monkeypatch.setattr(
        "app.qt.shell.application.QCoreApplication.quit", lambda: quits.append(True)
    )
    window = rig.unbrace.app.window
    window.set_close_to_tray(True)
    window.close()
    assert not window.isVisible() and quits == []
    window.show()
    rig.desktop.tray.quit_action.trigger()
    assert not window.isVisible() and quits == [True]
    window.show()
    window.set_close_to_tray(True)
    window.quit_action.trigger()
    assert not window.isVisible() and quits == [True, True]


def test_favourites_lead_the_tray_routines_menu(rig: DesktopRig) -> None:
    """Marking a routine as a favourite in the library puts it first in the tray's Routines
    menu, and keeps it there (saved); unmarking takes it away."""
    app = rig.unbrace.app
    library = app.window.library_view
    assert library.select("box-breathing")
    library.details.favourite_button.click()
    assert app.preferences.current.favourites == ["box-breathing"]
    entries = [action.text() for action in rig.desktop.tray.routines_menu.actions()]
    assert entries[0] == "Box Breathing"
    assert library.details.favourite_button.text() == "★ Favourite"
    library.details.favourite_button.click()
    assert app.preferences.current.favourites == []
    entries = [action.text() for action in rig.desktop.tray.routines_menu.actions()]
    assert "Box Breathing" not in entries


def test_a_session_stopped_near_its_end_counts_as_the_pause(rig: DesktopRig) -> None:
    """Half an hour of work, then the 3-minute pause routine stopped at 2:50 (over 80 % of it,
    under the 5-minute idle threshold): it was the pause, so a fresh interval starts from its
    end, as after a completed one, rather than the half hour already worked counting on."""
    rig.clocks.advance(minutes=30)
    assert rig.desktop.tray.tooltip() == "Unbrace — Next pause around 11:30"
    rig.unbrace.app.start_by_id("diaphragmatic-3min")
    rig.clocks.advance(seconds=170)
    rig.unbrace.run_for(170)
    rig.unbrace.app.window.session_view.stop_requested.emit()
    rig.clocks.advance(seconds=5)
    rig.unbrace.run_for(5)
    assert rig.desktop.tray.tooltip() == "Unbrace — Next pause around 12:02"  # 10:32:55 + 1:30
