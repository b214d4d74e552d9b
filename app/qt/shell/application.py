"""The composition root: builds every collaborator once and wires them.

``app.qt.shell.startup`` shows the window (or the tray icon) first and calls ``assemble`` once it is
drawn; tests call ``build`` with their own clock, sound and dialogs.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QAction, QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.files.paths import ROUTINE_SUFFIXES, AppPaths
from app.core.history import HistoryStore, OpenedHistory
from app.core.routine.loader import load_routine_file
from app.core.routine.model import Routine
from app.core.routine.problems import RoutineError, printable
from app.core.session.clock import Clock, monotonic_clock
from app.core.session.recorder import SessionRecorder
from app.core.settings.settings import Settings, SettingsStore
from app.desktop.autostart.login import autostart_path, config_home
from app.desktop.instance.socket import InstanceRequest
from app.qt.journal_history.controller import HistoryController
from app.qt.library.controller import LibraryController, OpenUrl
from app.qt.library.view import LibraryView
from app.qt.session.controller import Confirm, SessionController, SessionSound
from app.qt.session.driver import SessionDriver
from app.qt.session.safety_dialog import confirm_notices
from app.qt.session.view import SessionView
from app.qt.settings.preferences import Preferences
from app.qt.shell.main_window import MainWindow

#: The voices are looked for this long after start-up, in a worker thread.
VOICE_SEARCH_DELAY_MS = 1_500

if TYPE_CHECKING:
    from app.qt.tray.icon import Tray, TrayHostWait
    from app.qt.tray.wiring import Desktop


@dataclass
class Unbrace:
    """The assembled application (what tests drive, and what ``app.qt.shell.startup`` runs)."""

    window: MainWindow
    preferences: Preferences
    driver: SessionDriver
    sessions: SessionController
    library: LibraryController
    history: HistoryStore | None
    records: HistoryController
    owner: QObject  # parent of the non-widget collaborators, kept alive with the app

    def start_routine(self, routine: Routine) -> bool:
        started = self.sessions.start(routine)  # asks its notices first, over the current page
        self.window.session_action.setEnabled(self.sessions.active)
        if started:
            self.window.show_session()
        return started

    def start_by_id(self, routine_id: str) -> bool:
        entry = self.library.find(routine_id)
        if entry is None or entry.routine is None:
            return False
        return self.start_routine(entry.routine)

    def quit(self) -> None:
        """Quit for good (the window's and the tray's Quit): closes the window even when closing
        would only hide it in the tray, then ends the event loop; ``shut_down`` follows."""
        self.window.quit()
        QCoreApplication.quit()

    def shut_down(self) -> None:
        """The app is quitting: end a running session (recorded as stopped), save, close."""
        self.sessions.close()
        self.preferences.flush()
        if self.history is not None:
            self.history.close()
            self.history = None

    def leave_session(self) -> None:
        self.sessions.close()
        self.window.session_action.setEnabled(False)
        self.window.show_library()

    def handle_request(self, request: InstanceRequest) -> None:
        """Another `unbrace` start handed this over: show the window, start what it asked."""
        if request.command == "tray":
            return  # already running: nothing to change
        self.window.bring_forward()
        if request.command == "run" and request.routine is not None:
            self.start_named(request.routine)

    def start_named(self, name: str) -> bool:
        """Start a routine given by id or by path; say so when there is none. False if not."""
        candidate = Path(name)
        if candidate.suffix in ROUTINE_SUFFIXES or candidate.is_absolute():
            try:
                routine = load_routine_file(candidate)
            except RoutineError as error:
                print(error, file=sys.stderr)
                QMessageBox.warning(self.window, "Routine not valid", error.first_line)
                return False
            return self.start_routine(routine)
        if self.library.find(name) is None:
            shown = printable(name if len(name) <= 80 else f"{name[:80]}...")
            message = f"There is no routine with id '{shown}' (`unbrace list` shows them)."
            print(f"unbrace: {message}", file=sys.stderr)
            QMessageBox.warning(self.window, "Unbrace", message)
            return False
        return self.start_by_id(name)


def build(
    paths: AppPaths,
    clock: Clock,
    sound: SessionSound,
    preferences_store: SettingsStore,
    settings: Settings,
    history: OpenedHistory,
    confirm: Confirm = confirm_notices,
    open_url: OpenUrl = QDesktopServices.openUrl,
    window: MainWindow | None = None,
) -> Unbrace:
    """The app's parts, wired; into *window* when it is given (shown already, say), else into
    a new one."""
    owner = QObject()
    preferences = Preferences(preferences_store, settings, owner)
    driver = SessionDriver(clock, owner)
    session_view = SessionView()
    library_view = LibraryView()
    if window is None:
        window = MainWindow()
    window.set_views(library_view, session_view)
    recorder = SessionRecorder(history.store, history.notice)
    sessions = SessionController(driver, session_view, sound, preferences, confirm, recorder, owner)
    library = LibraryController(paths, library_view, open_url, owner)
    records = HistoryController(window, history.store, history.notice, date.today, parent=owner)
    app = Unbrace(window, preferences, driver, sessions, library, history.store, records, owner)

    def start_selected(routine_id: str) -> None:
        app.start_by_id(routine_id)

    library_view.start_requested.connect(start_selected)

    def toggle_favourite(routine_id: str, on: bool) -> None:
        rest = [r for r in preferences.current.favourites if r != routine_id]
        preferences.update(favourites=[*rest, routine_id] if on else rest)

    library_view.favourite_toggled.connect(toggle_favourite)
    library_view.set_favourites(preferences.current.favourites)
    preferences.changed.connect(lambda s: library_view.set_favourites(s.favourites))
    records.start_requested.connect(start_selected)
    window.journal_action.triggered.connect(records.open_journal)
    window.history_action.triggered.connect(records.open_history)
    window.export_action.triggered.connect(records.export_all)
    window.delete_action.triggered.connect(records.delete_all)
    sessions.session_ended.connect(lambda _finished: records.refresh())
    session_view.done_requested.connect(app.leave_session)
    sessions.start_cancelled.connect(app.leave_session)
    session_view.focus_mode_toggled.connect(window.toggle_focus_mode)
    session_view.escape_pressed.connect(window.escape)
    window.hidden_to_tray.connect(sessions.pause)  # out of sight: the session waits
    window.watched_changed.connect(sessions.set_watched)
    window.closing.connect(sessions.close)
    window.closing.connect(library.stop)
    window.new_routine_action.triggered.connect(library.new_routine)
    window.open_folder_action.triggered.connect(library.open_folder)
    window.quit_action.triggered.connect(app.quit)
    _bind_toggle(window.reduced_motion_action, preferences, "reduced_motion")
    _bind_toggle(window.breath_tone_action, preferences, "breath_tone")
    _bind_toggle(window.count_in_action, preferences, "count_in")
    _bind_toggle(window.check_ins_action, preferences, "check_ins")
    preferences.changed.connect(lambda s: session_view.pacer.set_reduced_motion(s.reduced_motion))
    library.problem.connect(lambda text: QMessageBox.warning(window, "Unbrace", text))
    preferences.save_failed.connect(lambda text: QMessageBox.warning(window, "Settings", text))
    window.closing.connect(preferences.flush)
    library.reload()
    return app


def _bind_toggle(action: QAction, preferences: Preferences, field: str) -> None:
    """A checkable menu item that edits one yes/no setting and follows it when it changes."""

    def follow(settings: Settings) -> None:
        action.blockSignals(True)
        action.setChecked(bool(getattr(settings, field)))
        action.blockSignals(False)

    follow(preferences.current)
    preferences.changed.connect(follow)
    action.toggled.connect(lambda on: preferences.update(**{field: on}))


def assemble(
    qt_app: QApplication,
    paths: AppPaths,
    window: MainWindow,
    early_tray: tuple[Tray, TrayHostWait] | None,
    routine: str | None,
    start_in_tray: bool,
    guard_notice: str | None = None,
) -> tuple[Unbrace, Desktop]:
    """Everything behind the window (or the tray icon) that ``app.qt.shell.startup`` has shown:
    settings, sound, history, library, pages, tray, reminders; then *routine*, if asked for.
    The event loop is already running. *guard_notice* says why a second Unbrace could start
    beside this one, if it could; it is shown once, with the other notices."""
    from app.audio.heap import map_large_buffers
    from app.audio.session_sound import SimpleSessionSound
    from app.core.reminders import SchedulerStateStore, SystemClocks, local_zone
    from app.desktop.fullscreen.x11 import X11FullScreen
    from app.desktop.idle.dbus import DBusIdle
    from app.desktop.idle.x11 import FirstIdle, X11Idle
    from app.desktop.notify.freedesktop import DBusNotifier
    from app.desktop.sleep.logind import SleepWatch
    from app.qt.tray.icon import Tray, TrayHostWait
    from app.qt.tray.wiring import attach_desktop

    map_large_buffers()  # a long session's sound buffers would otherwise fragment the heap
    icons = paths.assets / "icons"
    store = SettingsStore(paths.settings_file)
    loaded = store.load()
    sound = SimpleSessionSound.open(
        monotonic_clock, voices_dir=paths.voices_dir, cache_dir=paths.speech_cache
    )
    history = HistoryStore.open(paths.history_db, lambda: datetime.now(UTC))
    if history.store is not None:  # a session's writes never wait on the disk on this thread
        history.store.start_background_writes()
    app = build(paths, monotonic_clock, sound, store, loaded.settings, history, window=window)
    # the voices are looked for once, off the GUI thread (flite lists its voices in a
    # subprocess), once start-up is over
    QTimer.singleShot(
        VOICE_SEARCH_DELAY_MS,
        threading.Thread(target=sound.voice_choices, name="unbrace-voices", daemon=True).start,
    )
    autostart_file = autostart_path(config_home())

    def show_settings() -> None:
        from app.qt.settings.flow import open_settings  # the dialog loads when first asked for

        open_settings(
            app.window,
            app.preferences,
            app.library.library,
            autostart_file,
            voices=sound.voice_choices,
        )

    app.window.settings_action.triggered.connect(show_settings)
    bus = QDBusConnection.sessionBus()
    hidden = start_in_tray or loaded.settings.start_in_tray
    tray, host_wait = early_tray or (
        Tray(QIcon(str(icons / "unbrace-tray.svg"))),
        # Started by hand, the desktop is up already: a tray host is there or is not.
        TrayHostWait(bus, 1_000),
    )
    clocks = SystemClocks(local_zone())
    state_store = SchedulerStateStore(paths.reminder_state_file)
    state = state_store.load(clocks.now())
    notifier = DBusNotifier(bus, icon=str(icons / "unbrace.svg"), parent=app.owner)
    desktop = attach_desktop(
        app,
        clocks,
        state_store,
        state.state,
        notifier,
        FirstIdle(DBusIdle(bus), X11Idle()),
        tray,
        host_wait,
        start_hidden=hidden,
        fullscreen=X11FullScreen(),
    )
    # Wake the reminders when do-not-disturb changes and around a suspend, not on a timer.
    notifier.inhibited_changed.connect(lambda _inhibited: desktop.reminders.wake())
    sleep = SleepWatch(QDBusConnection.systemBus(), app.owner)
    sleep.sleeping_changed.connect(lambda _sleeping: desktop.reminders.wake())
    sleep.start()
    desktop.reminders.save_failed.connect(
        lambda text: QMessageBox.warning(app.window, "Reminders", text)
    )
    qt_app.aboutToQuit.connect(app.shut_down)
    for title, notice in (
        ("Settings", loaded.notice),
        ("History", history.notice),
        ("Reminders", state.notice),
        ("Unbrace", guard_notice),
    ):
        if notice:
            QMessageBox.information(app.window, title, notice)
    if routine is not None:
        app.start_named(routine)  # when it cannot start, the user is told and the library stays
    return app, desktop
