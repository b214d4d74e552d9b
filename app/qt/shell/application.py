"""The assembled app: the window's pages, their controllers and how they are wired.

``build`` wires the parts it is given (tests pass their own clock, sound and dialogs);
``app.qt.shell.compose`` is the composition root that opens the real ones and adds the desktop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QDesktopServices

from app.core.files.paths import AppPaths
from app.core.history import HistoryStore, OpenedHistory
from app.core.routine.model import Routine
from app.core.routine.reference import names_a_file
from app.core.session.clock import Clock
from app.core.session.recorder import SessionRecorder
from app.core.settings.settings import Settings, SettingsStore
from app.desktop.instance.socket import InstanceRequest
from app.qt.journal_history.controller import HistoryController
from app.qt.library.controller import LibraryController, OpenUrl
from app.qt.library.view import LibraryView
from app.qt.session.controller import Confirm, SessionController, SessionSound
from app.qt.session.driver import SessionDriver
from app.qt.session.safety_dialog import confirm_notices
from app.qt.session.view import SessionView
from app.qt.settings.preferences import Preferences
from app.qt.shell.find_routine import routine_named
from app.qt.shell.main_window import MainWindow
from app.qt.shell.notice_dialog import warn

if TYPE_CHECKING:
    from app.qt.mini_pacer.on_demand import PacerOnDemand

log = logging.getLogger("unbrace.window")


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
    pacer: PacerOnDemand | None = None  # the mini pacer, which the composition root adds

    def start_routine(self, routine: Routine) -> bool:
        started = self.sessions.start(routine)  # asks its notices first, over the current page
        self.window.session_action.setEnabled(self.sessions.active)
        if started:
            self.window.show_session()
        return started

    def start_by_id(self, routine_id: str) -> bool:
        """Start the library's routine *routine_id*; the library shows it selected, so that
        coming back from the session (or its notices) finds it chosen."""
        entry = self.library.find(routine_id)
        if entry is None or entry.routine is None:
            return False
        self.window.library_view.select(routine_id)
        return self.start_routine(entry.routine)

    def name_of(self, routine_id: str) -> str | None:
        """The name of the routine the library can start under *routine_id*, else None."""
        entry = self.library.find(routine_id)
        return entry.routine.name if entry is not None and entry.routine is not None else None

    def when_built(self, then: Callable[[Unbrace], None]) -> None:
        """Built already: calls *then* at once (``app.qt.shell.on_demand`` builds it later)."""
        then(self)

    def open_window(self) -> None:
        self.window.bring_forward()

    def open_settings(self) -> None:
        self.window.settings_action.trigger()

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
        if request.command == "pacer":
            self.start_pacer(request.routine, request.minutes, request.step or 1)
            return  # beside the work: the window stays where it is
        self.window.bring_forward()
        if request.command == "run" and request.routine is not None:
            self.start_named(request.routine)

    def start_named(self, name: str) -> bool:
        """Start a routine given by id or by path; say so when there is none. False if not."""
        if names_a_file(name):
            routine = self.routine_named(name)
            return routine is not None and self.start_routine(routine)
        if self.routine_named(name) is None:
            return False
        return self.start_by_id(name)

    def start_pacer(self, name: str | None, minutes: int | None, step: int = 1) -> bool:
        """Breathe with the mini pacer (``app.qt.mini_pacer.on_demand``): resonance breathing,
        or a breathe step of the routine *name*. False if it did not start."""
        return self.pacer is not None and self.pacer.start(name, minutes, step)

    def routine_named(self, name: str) -> Routine | None:
        """The routine *name* names (an id, or a file's path); the user is told when none."""
        return routine_named(name, self.library.find, self.window)


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
    shared: tuple[Preferences, QObject] | None = None,
) -> Unbrace:
    """The app's parts, wired; into *window* when it is given (shown already, say), else into
    a new one. *shared*: the preferences and their owner when the tray made them already (else
    they are made from *preferences_store* and *settings*)."""
    if shared is None:
        owner = QObject()
        preferences = Preferences(preferences_store, settings, owner)
    else:
        preferences, owner = shared
    driver = SessionDriver(clock, owner)
    session_view = SessionView(clock=clock)
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
    library_view.pacer_requested.connect(lambda routine_id: app.start_pacer(routine_id, 15))

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

    def journal_after_session() -> None:
        app.leave_session()
        records.open_journal()

    session_view.close_page.journal_requested.connect(journal_after_session)
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
    library.problem.connect(lambda text: warn(window, "Unbrace", text))
    if shared is None:  # shared preferences are the composition root's to watch
        preferences.save_failed.connect(lambda text: warn(window, "Settings", text))
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
