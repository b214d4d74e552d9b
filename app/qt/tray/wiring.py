"""The desktop side of the app: tray icon, pause reminders and the answers to them.

Attached to the assembled app by the composition root, which builds the reminder service, its
scheduler and popup (``app.qt.shell.compose``); everything here is optional, so an app
without a tray or a notification server still works (closing the window then quits, and a
reminder shows as a small popup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.core.history import HistoryStore, HistoryUnavailable
from app.core.reminders import Clocks
from app.core.reminders.work_hours import start_of_tomorrow
from app.core.routine.choices import NameOf, pause_routine, tray_routines
from app.core.session.player import Finished
from app.core.settings.settings import Settings
from app.qt.library.controller import LibraryController
from app.qt.session.controller import SessionController
from app.qt.settings.preferences import Preferences
from app.qt.shell.main_window import MainWindow
from app.qt.tray.icon import PauseChoice, Tray, TrayHostWait
from app.qt.tray.reminder_popup import ReminderPopup
from app.qt.tray.reminder_service import ReminderService

CLOSE_TO_TRAY_NOTICE = (
    "Unbrace keeps running in the tray, so it can remind you to take a pause. "
    "Choose Quit in the tray menu to close it."
)


class Unbrace(Protocol):
    """What the desktop side needs of the assembled app: the tray takes its collaborators from
    here, so it never imports the composition root that attaches it."""

    @property
    def window(self) -> MainWindow: ...
    @property
    def preferences(self) -> Preferences: ...
    @property
    def sessions(self) -> SessionController: ...
    @property
    def library(self) -> LibraryController: ...
    @property
    def history(self) -> HistoryStore | None: ...
    @property
    def owner(self) -> QObject: ...

    def start_by_id(self, routine_id: str) -> bool: ...

    def quit(self) -> None: ...


@dataclass
class Desktop:
    """The desktop side, built and connected; nothing runs until ``start``, nothing after
    ``stop``."""

    tray: Tray
    reminders: ReminderService
    popup: ReminderPopup
    host_wait: TrayHostWait
    _start: Callable[[], None]
    _stop: Callable[[], None]

    def start(self) -> None:
        """Show the window (unless started in the tray), the tray icon once a host is there,
        and arm the reminders' timer."""
        self._start()

    def stop(self) -> None:
        """The app quits (called when Qt's event loop ends): the reminders save their state
        and wake no more, the tray icon and the popup go."""
        self._stop()


def attach_desktop(
    app: Unbrace,
    clocks: Clocks,
    reminders: ReminderService,
    popup: ReminderPopup,
    tray: Tray,
    host_wait: TrayHostWait,
    start_hidden: bool = False,
) -> Desktop:
    """Connects the tray, the reminder service (built by the composition root with its
    scheduler and *popup*) and the app to each other; nothing runs until ``Desktop.start``."""
    owner: QObject = app.owner
    settings = app.preferences.current
    scheduler = reminders.scheduler
    tray.setParent(owner)
    host_wait.setParent(owner)
    show_window = app.window.bring_forward

    def start(routine_id: str) -> None:
        show_window()
        app.start_by_id(routine_id)

    def shut_down() -> None:
        reminders.stop()
        tray.hide()
        popup.close()

    def apply(settings: Settings) -> None:
        reminders.set_rules(settings.reminders.to_rules(scheduler.rules))
        tray.set_reminders_enabled(settings.reminders.enabled)
        tray.set_pause_routine(*current_pause_routine(app))
        tray.set_routines(_tray_routines(app))

    def pause(choice: PauseChoice) -> None:
        if choice is PauseChoice.ONE_HOUR:
            reminders.pause_for(60)
        elif choice is PauseChoice.UNTIL_TOMORROW:
            reminders.pause_until(start_of_tomorrow(clocks.now()))
        else:
            reminders.resume()

    def session_ended(finished: Finished) -> None:
        reminders.session_finished(finished.completed)
        tray.set_routines(_tray_routines(app))

    def tray_ready() -> None:
        has_tray = tray.create_icon()
        app.window.set_close_to_tray(has_tray)
        QApplication.setQuitOnLastWindowClosed(not has_tray)
        if not has_tray and not app.window.isVisible():
            show_window()  # asked to start in the tray, but there is none

    def hidden_to_tray() -> None:
        """Once ever: say that the app goes on in the tray (the window hides only with one)."""
        icon = tray.icon
        if icon is not None and not app.preferences.current.tray_notice_seen:
            app.preferences.update(tray_notice_seen=True)
            icon.showMessage("Unbrace", CLOSE_TO_TRAY_NOTICE, icon.icon(), 8_000)

    tray.set_pause_routine(*current_pause_routine(app))
    tray.set_reminders_enabled(settings.reminders.enabled)
    tray.set_routines(_tray_routines(app))
    tray.start_requested.connect(start)
    tray.open_requested.connect(show_window)
    tray.quit_requested.connect(app.quit)
    tray.reminders_toggled.connect(
        lambda on: app.preferences.update(
            reminders=app.preferences.current.reminders.model_copy(update={"enabled": on})
        )
    )
    tray.pause_requested.connect(pause)
    tray.settings_requested.connect(app.window.settings_action.trigger)

    def show_status(text: str) -> None:
        tray.set_status(text)
        end = scheduler.pause_end
        tray.set_pause_state(
            end is not None, end is not None and end >= start_of_tomorrow(clocks.now())
        )

    reminders.status_changed.connect(show_status)
    reminders.start_requested.connect(start)
    app.sessions.session_started.connect(lambda _timeline: reminders.session_started())
    app.sessions.session_ended.connect(session_ended)
    app.preferences.changed.connect(apply)
    app.window.hidden_to_tray.connect(hidden_to_tray)
    application = QApplication.instance()
    if application is not None:
        application.aboutToQuit.connect(shut_down)

    def start_desktop() -> None:
        if not start_hidden:
            show_window()
        if host_wait.done:  # the icon was shown before the app was built
            tray_ready()
        else:
            host_wait.ready.connect(tray_ready)
            host_wait.start()
        reminders.start()

    return Desktop(tray, reminders, popup, host_wait, start_desktop, shut_down)


def _name_of(app: Unbrace) -> NameOf:
    def name_of(routine_id: str) -> str | None:
        entry = app.library.find(routine_id)
        return entry.routine.name if entry is not None and entry.routine is not None else None

    return name_of


def current_pause_routine(app: Unbrace) -> tuple[str, str]:
    """The routine a reminder offers now: its id and name."""
    return pause_routine(app.preferences.current.reminders.pause_routine, _name_of(app))


def _tray_routines(app: Unbrace) -> list[tuple[str, str]]:
    return tray_routines(app.preferences.current.favourites, _practised(app), _name_of(app))


def _practised(app: Unbrace) -> list[str]:
    """The routines of the last sessions, newest first (none when the history cannot tell)."""
    if app.history is None:
        return []
    try:
        sessions = app.history.sessions(limit=50)
    except HistoryUnavailable:  # told elsewhere; the menu just offers the defaults
        return []
    return [session.routine_id for session in sessions]
