"""The app as the tray holds it: the window, its pages and the library are built when the user
first opens them.

Started in the tray (at login, say), the app only waits for the next reminder. What that needs
(the settings and the reminders) is built at once by the composition root
(``app.qt.shell.compose``); the main window, its pages, their controllers and the library cost
as much memory again, and are built by ``WindowOnDemand.get`` the first time something asks for
them: the tray's Open, Start or Settings, a reminder's Start, or ``unbrace run ID`` from another
process. The history is opened when first needed as well. Until then a routine's name (for the
tray menu and the reminder) is read from the routine folders when it is asked for, and the
routines loaded for it are let go as soon as the event loop turns again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.core.files.paths import AppPaths
from app.desktop.instance.socket import InstanceRequest
from app.qt.settings.preferences import Preferences

if TYPE_CHECKING:
    from app.core.history import HistoryStore, OpenedHistory
    from app.core.routine.library import Library
    from app.core.routine.model import Routine
    from app.qt.mini_pacer.on_demand import PacerOnDemand
    from app.qt.shell.application import Unbrace


class WindowOnDemand:
    """The desktop side's view of the app (``app.qt.tray.wiring.Unbrace``), building the rest
    with *make* (once) when it is first needed. The history is opened with *open_history* when
    it is first needed too: by the window, or by the tray menu's recent routines."""

    def __init__(
        self,
        paths: AppPaths,
        preferences: Preferences,
        owner: QObject,
        open_history: Callable[[], OpenedHistory],
        make: Callable[[OpenedHistory], Unbrace],
    ) -> None:
        self._paths = paths
        self.preferences = preferences
        self.owner = owner
        self._open_history = open_history
        self._history: OpenedHistory | None = None
        self._make = make
        self._building = False
        self._built: Unbrace | None = None
        self._waiting: list[Callable[[Unbrace], None]] = []
        self._names: Library | None = None
        self._closed = False
        #: the mini pacer, which the composition root adds; it needs no window
        self.pacer: PacerOnDemand | None = None

    @property
    def built(self) -> Unbrace | None:
        """The window and its pages, wired, once built."""
        return self._built

    @property
    def history(self) -> HistoryStore | None:
        return None if self._closed else self.opened_history().store

    def opened_history(self) -> OpenedHistory:
        """The history, opened now if it is not yet."""
        if self._history is None:
            self._history = self._open_history()
        return self._history

    def get(self) -> Unbrace:
        """The app with its window and pages, built now if they are not yet."""
        if self._built is None:
            if self._building:  # asked again from inside the build (a nested event loop)
                raise RuntimeError("the app's window is being built already")
            self._building = True
            try:  # a build that fails is tried again at the next Open or Start
                self._built = self._make(self.opened_history())
            finally:
                self._building = False
            waiting, self._waiting = self._waiting, []
            for then in waiting:
                then(self._built)
        return self._built

    def when_built(self, then: Callable[[Unbrace], None]) -> None:
        if self._built is None:
            self._waiting.append(then)
        else:
            then(self._built)

    def name_of(self, routine_id: str) -> str | None:
        if self._built is not None:
            return self._built.name_of(routine_id)
        entry = self._routine_folders().find(routine_id)
        return entry.routine.name if entry is not None and entry.routine is not None else None

    def routine_named(self, name: str) -> Routine | None:
        """The routine *name* names (an id, or a file's path), without building the window;
        the user is told when there is none."""
        if self._built is not None:
            return self._built.routine_named(name)
        from app.qt.shell.find_routine import routine_named

        return routine_named(name, lambda found: self._routine_folders().find(found), None)

    def _routine_folders(self) -> Library:
        """The routine folders as loaded in this turn of the event loop."""
        if self._names is None:  # one load for all the names asked for in this turn
            from app.core.routine.library import library_folders, load_library

            self._names = load_library(library_folders(self._paths))
            QTimer.singleShot(0, self._forget_names)
        return self._names

    def _forget_names(self) -> None:
        self._names = None

    def open_window(self) -> None:
        self.get().open_window()

    def open_settings(self) -> None:
        self.get().open_settings()

    def start_by_id(self, routine_id: str) -> bool:
        return self.get().start_by_id(routine_id)

    def start_named(self, name: str) -> bool:
        return self.get().start_named(name)

    def handle_request(self, request: InstanceRequest) -> None:
        """Another `unbrace` start handed this over; ``unbrace --tray`` changes nothing, and
        ``unbrace pacer`` needs no window."""
        if request.command == "pacer" and self.pacer is not None:
            self.pacer.start(request.routine, request.minutes, request.step or 1)
        elif request.command != "tray":
            self.get().handle_request(request)

    def quit(self) -> None:
        if self._built is not None:
            self._built.quit()
        else:
            QCoreApplication.quit()

    def shut_down(self) -> None:
        """The app is quitting: what the built app closes, or else the settings and history."""
        self._closed = True
        if self._built is not None:
            self._built.shut_down()
            return
        self.preferences.flush()
        if self._history is not None and self._history.store is not None:
            self._history.store.close()
