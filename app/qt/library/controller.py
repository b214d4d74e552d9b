"""Keeps the library view filled: loads the routine folders, reloads on change, makes new ones."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal

from app.core.files.paths import AppPaths
from app.core.files.state_files import make_private_folder
from app.core.routine.library import Library, RoutineEntry, library_folders, load_library
from app.core.routine.new_routine import create_from_template
from app.qt.library.view import LibraryView
from app.qt.library.watcher import LibraryWatcher

OpenUrl = Callable[[QUrl], bool]


class LibraryController(QObject):
    problem = Signal(str)  # one sentence for the user

    def __init__(
        self,
        paths: AppPaths,
        view: LibraryView,
        open_url: OpenUrl,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._view = view
        self._open_url = open_url
        self._library = Library(())
        self._watcher = LibraryWatcher(self)
        self._watcher.changed.connect(self.reload)
        view.new_routine_requested.connect(self.new_routine)
        view.open_folder_requested.connect(self.open_folder)

    @property
    def library(self) -> Library:
        return self._library

    def reload(self) -> None:
        folders = library_folders(self._paths)
        self._library = load_library(folders)
        self._view.set_library(self._library)
        self._watcher.watch([folder.path for folder in folders])

    def stop(self) -> None:
        self._watcher.stop()

    def find(self, routine_id: str) -> RoutineEntry | None:
        return self._library.find(routine_id)

    def new_routine(self) -> None:
        taken = {entry.id for entry in self._library.entries}
        try:
            path = create_from_template(
                self._paths.assets / "routine-template.yaml", self._paths.user_routines, taken
            )
        except OSError as error:
            self.problem.emit(
                f"A new routine could not be created in {self._paths.user_routines}: "
                f"{error.strerror or error}"
            )
            return
        self.reload()
        self._view.select(path.stem)
        if not self._open_url(QUrl.fromLocalFile(str(path))):
            self.problem.emit(f"No editor opened {path}; open it with your text editor.")

    def open_folder(self) -> None:
        folder = self._paths.user_routines
        try:
            make_private_folder(folder)
        except OSError as error:
            self.problem.emit(f"{folder} could not be created: {error.strerror or error}")
            return
        if not self._open_url(QUrl.fromLocalFile(str(folder))):
            self.problem.emit(f"No file manager opened {folder}.")
