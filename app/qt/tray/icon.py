"""The tray icon and its menu. It shows what it is told and forwards what the user picks.

Python keeps references to the icon, the menu and every action (Qt would otherwise let them be
collected, and the menu would vanish). The icon is made only once the desktop's tray host is
there: Qt picks the tray protocol once per process, at the first check.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import QObject, QRect, QTimer, Signal
from PySide6.QtDBus import QDBusConnection, QDBusServiceWatcher
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.desktop.tray_host.abc import TrayHostProbe

SNI_WATCHER = "org.kde.StatusNotifierWatcher"
TRAY_HOST_WAIT_MS = 30_000


class PauseChoice(enum.Enum):
    ONE_HOUR = "one_hour"
    UNTIL_TOMORROW = "until_tomorrow"
    RESUME = "resume"


class Tray(QObject):
    start_requested = Signal(str)  # a routine id
    open_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    reminders_toggled = Signal(bool)
    pause_requested = Signal(PauseChoice)
    pacer_requested = Signal(object)  # minutes (int), or None: until stopped
    pacer_move_requested = Signal()
    pacer_stop_requested = Signal()
    pacer_tone_toggled = Signal(bool)

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icon_image = icon
        self._icon: QSystemTrayIcon | None = None
        self._pause_routine = ""
        self.menu = QMenu()
        self.menu.setObjectName("tray-menu")
        self.start_action = self.menu.addAction("Start the pause routine")
        self.start_action.triggered.connect(lambda: self.start_requested.emit(self._pause_routine))
        self.routines_menu = self.menu.addMenu("Routines")
        self.pacer_menu = self.menu.addMenu("Breathe while working")
        for minutes, text in ((5, "5 min"), (15, "15 min"), (None, "Until I stop")):
            action = self.pacer_menu.addAction(text)
            action.triggered.connect(lambda _=False, m=minutes: self.pacer_requested.emit(m))
        self.pacer_menu.addSeparator()
        self.pacer_tone_action = self.pacer_menu.addAction("Breath tone")
        self.pacer_tone_action.setCheckable(True)
        self.pacer_tone_action.toggled.connect(self.pacer_tone_toggled)
        self.pacer_move_action = self.pacer_menu.addAction("Move the pacer")
        self.pacer_move_action.triggered.connect(self.pacer_move_requested)
        self.pacer_stop_action = self.pacer_menu.addAction("Stop the pacer")
        self.pacer_stop_action.triggered.connect(self.pacer_stop_requested)
        self.set_pacer_running(False)
        self.menu.addSeparator()
        self.reminders_action = self.menu.addAction("Reminders on")
        self.reminders_action.setCheckable(True)
        self.reminders_action.toggled.connect(self.reminders_toggled)
        self.pause_menu = self.menu.addMenu("Pause reminders")
        self.pause_actions: dict[PauseChoice, QAction] = {}
        for choice, text in (
            (PauseChoice.ONE_HOUR, "For 1 hour"),
            (PauseChoice.UNTIL_TOMORROW, "Until tomorrow"),
            (PauseChoice.RESUME, "Resume now"),
        ):
            action = self.pause_menu.addAction(text)
            action.triggered.connect(lambda _=False, c=choice: self.pause_requested.emit(c))
            self.pause_actions[choice] = action
        self.pause_actions[PauseChoice.RESUME].setEnabled(False)  # nothing to resume yet
        self.menu.addSeparator()
        self.open_action = self.menu.addAction("Open Unbrace")
        self.open_action.triggered.connect(self.open_requested)
        self.settings_action = self.menu.addAction("Settings…")
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = self.menu.addAction("Quit")
        self.quit_action.triggered.connect(self.quit_requested)
        self._routine_actions: list[QAction] = []
        self._status = ""

    # ---------------------------------------------------------------------------- showing

    @property
    def icon(self) -> QSystemTrayIcon | None:
        """The tray icon, once the tray host was there to take it."""
        return self._icon

    @property
    def visible(self) -> bool:
        return self._icon is not None and self._icon.isVisible()

    def create_icon(self) -> bool:
        """Make and show the icon if a tray is available now; False when there is none."""
        if self._icon is not None:
            return True
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return False
        icon = QSystemTrayIcon(self._icon_image, self)
        icon.setContextMenu(self.menu)
        icon.setToolTip(self._tooltip())
        icon.activated.connect(self._on_activated)
        icon.show()
        self._icon = icon
        return True

    def hide(self) -> None:
        if self._icon is not None:
            self._icon.hide()

    def geometry(self) -> QRect | None:
        """Where the icon sits on screen, for placing the reminder popup next to it."""
        if self._icon is None:
            return None
        rect = self._icon.geometry()
        return rect if rect.isValid() and not rect.isEmpty() else None

    def set_status(self, text: str) -> None:
        self._status = text
        if self._icon is not None:
            self._icon.setToolTip(self._tooltip())

    def tooltip(self) -> str:
        return self._tooltip()

    def set_pause_routine(self, routine_id: str, name: str) -> None:
        self._pause_routine = routine_id
        self.start_action.setText(f"Start {name}")

    def set_reminders_enabled(self, enabled: bool) -> None:
        self.reminders_action.blockSignals(True)
        self.reminders_action.setChecked(enabled)
        self.reminders_action.blockSignals(False)
        self.pause_menu.setEnabled(enabled)

    def set_pause_state(self, paused: bool, until_tomorrow: bool) -> None:
        """Offer only what would change something: Resume while paused, Until tomorrow unless
        the pause already lasts that long."""
        self.pause_actions[PauseChoice.RESUME].setEnabled(paused)
        self.pause_actions[PauseChoice.UNTIL_TOMORROW].setEnabled(not until_tomorrow)

    def set_pacer_running(self, running: bool) -> None:
        """Moving and stopping the mini pacer are offered while it runs."""
        self.pacer_move_action.setEnabled(running)
        self.pacer_stop_action.setEnabled(running)

    def set_pacer_tone(self, on: bool) -> None:
        self.pacer_tone_action.blockSignals(True)
        self.pacer_tone_action.setChecked(on)
        self.pacer_tone_action.blockSignals(False)

    def set_routines(self, routines: Sequence[tuple[str, str]]) -> None:
        """The routines offered in the Routines submenu (recent ones first), as (id, name)."""
        self.routines_menu.clear()
        self._routine_actions = []
        for routine_id, name in routines:
            action = self.routines_menu.addAction(name)
            action.triggered.connect(lambda _=False, r=routine_id: self.start_requested.emit(r))
            self._routine_actions.append(action)
        self.routines_menu.addSeparator()
        more = self.routines_menu.addAction("All routines…")
        more.triggered.connect(self.open_requested)
        self._routine_actions.append(more)

    def _tooltip(self) -> str:
        return f"Unbrace — {self._status}" if self._status else "Unbrace"

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()


class TrayHostWait(QObject):
    """Waits (up to a limit) for a StatusNotifier tray host on the session bus, then reports.

    ``ready`` is emitted once: as soon as the host's name appears, at once when *host* sees an
    XEmbed tray already running on the X display (there is a tray then, and Qt will use it), or
    when the wait runs out (an XEmbed tray, or none, is then all there is). Nothing happens
    before ``start()``.
    """

    ready = Signal()

    def __init__(
        self,
        bus: QDBusConnection,
        host: TrayHostProbe,
        wait_ms: int = TRAY_HOST_WAIT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._host = host
        self._watcher: QDBusServiceWatcher | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("tray-host-wait")
        self._timer.setSingleShot(True)
        self._timer.setInterval(wait_ms)
        self._timer.timeout.connect(self._done)
        self._done_already = False
        self._started = False

    @property
    def done(self) -> bool:
        """Whether ``ready`` was emitted."""
        return self._done_already

    def start(self) -> None:
        """Start waiting; once only (later calls change nothing)."""
        if self._started:
            return
        self._started = True
        if not self._bus.isConnected() or self._host_present():
            QTimer.singleShot(0, self._done)
            return
        self._watcher = QDBusServiceWatcher(
            SNI_WATCHER, self._bus, QDBusServiceWatcher.WatchModeFlag.WatchForRegistration, self
        )
        self._watcher.serviceRegistered.connect(self._done)
        self._timer.start()
        QTimer.singleShot(0, self._check_xembed)  # after the window is up: it asks the X server

    def _check_xembed(self) -> None:
        if not self._done_already and self._host.tray_running():
            self._done()

    def _host_present(self) -> bool:
        reply = self._bus.interface().isServiceRegistered(SNI_WATCHER)
        return bool(reply.isValid() and reply.value())

    def _done(self, *_: object) -> None:
        if self._done_already:
            return
        self._done_already = True
        self._timer.stop()
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        self.ready.emit()
