"""The desktop side of the app: tray icon, pause reminders and the answers to them.

Attached to the assembled app by the composition root, which builds the reminder service, its
scheduler and popup (``app.qt.shell.compose``); everything here is optional, so an app
without a tray or a notification server still works (closing the window then quits, and a
reminder shows as a small popup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.core.reminders import Clocks
from app.core.reminders.work_hours import start_of_tomorrow
from app.core.routine.choices import pause_routine, tray_routines
from app.core.settings.settings import Settings
from app.desktop.notify.freedesktop import Reminder
from app.qt.tray.icon import PauseChoice, Tray, TrayHostWait
from app.qt.tray.reminder_service import ReminderService

if TYPE_CHECKING:  # the window's side, which the tray does without until it is built
    from app.core.history import HistoryStore
    from app.core.session.player import Finished
    from app.qt.session.controller import SessionController
    from app.qt.settings.preferences import Preferences
    from app.qt.shell.main_window import MainWindow

CLOSE_TO_TRAY_NOTICE = (
    "Unbrace keeps running in the tray, so it can remind you to take a pause. "
    "Choose Quit in the tray menu to close it."
)


class Window(Protocol):
    """The built app, as the desktop side sees it once the window exists."""

    @property
    def window(self) -> MainWindow: ...
    @property
    def sessions(self) -> SessionController: ...


class Unbrace(Protocol):
    """What the desktop side needs of the app: the tray takes its collaborators from here, so it
    never imports the composition root that attaches it. The window, its pages and the library
    may not be built yet (started in the tray, they are built when first opened): what needs
    them goes through ``when_built`` or the methods that build them."""

    @property
    def preferences(self) -> Preferences: ...
    @property
    def history(self) -> HistoryStore | None: ...
    @property
    def owner(self) -> QObject: ...

    def name_of(self, routine_id: str) -> str | None:
        """The name of the routine the library can start under *routine_id*, else None."""
        ...

    def when_built(self, then: Callable[[Window], None]) -> None:
        """Call *then* with the built app: now if it is built, else once it is."""
        ...

    def open_window(self) -> None: ...

    def open_settings(self) -> None: ...

    def start_by_id(self, routine_id: str) -> bool: ...

    def quit(self) -> None: ...


@dataclass
class Desktop:
    """The desktop side, built and connected; nothing runs until ``start``, nothing after
    ``stop``."""

    tray: Tray
    reminders: ReminderService
    popup: Reminder
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
    popup: Reminder,
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
    show_window = app.open_window

    def start(routine_id: str) -> None:
        show_window()
        # the tray's Start entry names no routine before its menu was first shown
        app.start_by_id(routine_id or current_pause_routine(app)[0])

    def fill_menu() -> None:
        """The routines' names in the menu: asked for when it opens, so that the library is
        not loaded until then (nor kept, while the window is not built)."""
        tray.set_pause_routine(*current_pause_routine(app))
        tray.set_routines(_tray_routines(app))

    def shut_down() -> None:
        reminders.stop()
        tray.hide()
        popup.close()

    window_built = False

    def apply(settings: Settings) -> None:
        reminders.set_rules(settings.reminders.to_rules(scheduler.rules))
        tray.set_reminders_enabled(settings.reminders.enabled)
        if window_built:  # else the menu is filled when it opens
            fill_menu()

    def pause(choice: PauseChoice) -> None:
        if choice is PauseChoice.ONE_HOUR:
            reminders.pause_for(60)
        elif choice is PauseChoice.UNTIL_TOMORROW:
            reminders.pause_until(start_of_tomorrow(clocks.now()))
        else:
            reminders.resume()

    def session_ended(finished: Finished) -> None:
        # a session stopped near its end was the pause all the same (``mostly_practised``)
        reminders.session_finished(finished.mostly_practised)
        tray.set_routines(_tray_routines(app))

    def tray_ready() -> None:
        has_tray = tray.create_icon()
        app.when_built(lambda built: built.window.set_close_to_tray(has_tray))
        QApplication.setQuitOnLastWindowClosed(not has_tray)
        if not has_tray:
            show_window()  # asked to start in the tray, but there is none

    def hidden_to_tray() -> None:
        """Once ever: say that the app goes on in the tray (the window hides only with one)."""
        icon = tray.icon
        if icon is not None and not app.preferences.current.tray_notice_seen:
            app.preferences.update(tray_notice_seen=True)
            icon.showMessage("Unbrace", CLOSE_TO_TRAY_NOTICE, icon.icon(), 8_000)

    tray.set_reminders_enabled(settings.reminders.enabled)
    tray.menu.aboutToShow.connect(fill_menu)
    tray.start_requested.connect(start)
    tray.open_requested.connect(show_window)
    tray.quit_requested.connect(app.quit)
    tray.reminders_toggled.connect(
        lambda on: app.preferences.update(
            reminders=app.preferences.current.reminders.model_copy(update={"enabled": on})
        )
    )
    tray.pause_requested.connect(pause)
    tray.settings_requested.connect(app.open_settings)

    def show_status(text: str) -> None:
        tray.set_status(text)
        end = scheduler.pause_end
        tray.set_pause_state(
            end is not None, end is not None and end >= start_of_tomorrow(clocks.now())
        )

    reminders.status_changed.connect(show_status)
    reminders.start_requested.connect(start)
    app.preferences.changed.connect(apply)

    def built(built: Window) -> None:
        nonlocal window_built
        window_built = True
        fill_menu()
        built.sessions.session_started.connect(lambda _timeline: reminders.session_started())
        built.sessions.session_ended.connect(session_ended)
        built.window.hidden_to_tray.connect(hidden_to_tray)

    app.when_built(built)
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


def current_pause_routine(app: Unbrace) -> tuple[str, str]:
    """The routine a reminder offers now: its id and name."""
    return pause_routine(app.preferences.current.reminders.pause_routine, app.name_of)


def _tray_routines(app: Unbrace) -> list[tuple[str, str]]:
    return tray_routines(app.preferences.current.favourites, _practised(app), app.name_of)


def _practised(app: Unbrace) -> list[str]:
    """The routines of the last sessions, newest first (none when the history cannot tell)."""
    from app.core.history import HistoryUnavailable  # opened with the history, not before

    if app.history is None:
        return []
    try:
        sessions = app.history.sessions(limit=50)
    except HistoryUnavailable:  # told elsewhere; the menu just offers the defaults
        return []
    return [session.routine_id for session in sessions]
