"""Keep the library in step with the routine folders: a debounced file-system watcher.

``LibraryWatcher`` watches the routine folders and the routine files in them and says ``changed``
once a burst of changes has settled. Editors often save by writing a new file and renaming it over
the old one, which ends the watch on the old file; every change re-scans the folders and watches
the files anew. A folder that does not exist yet (the user's, before the first "New routine") is
watched through its nearest existing parent until it appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.core.routine.library import routine_files

DEBOUNCE_MS = 300


class LibraryWatcher(QObject):
    """Emits ``changed`` ~300 ms after the last change to the watched routine folders or files.

    Constructing it watches nothing and starts no timer: call :meth:`watch`, and :meth:`stop`.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._folders: tuple[Path, ...] = ()
        self._touched: set[str] = set()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_path_changed)
        self._watcher.fileChanged.connect(self._on_path_changed)
        self._debounce = QTimer(self)
        self._debounce.setObjectName("libraryWatcherDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._settle)

    def watch(self, folders: Sequence[Path]) -> None:
        """Watch *folders* (and their routine files) instead of whatever was watched before."""
        self._folders = tuple(folders)
        self._rewatch()

    def stop(self) -> None:
        """Watch nothing and forget any change not yet reported."""
        self._debounce.stop()
        self._folders = ()
        self._touched.clear()
        self._rewatch()

    def watched_paths(self) -> list[str]:
        return sorted([*self._watcher.directories(), *self._watcher.files()])

    def _on_path_changed(self, path: str) -> None:
        self._touched.add(path)
        self._debounce.start()

    def _settle(self) -> None:
        """The burst is over: watch the files as they are now, and say so if it concerns us."""
        touched, self._touched = self._touched, set()
        before = set(self.watched_paths())
        stale = [path for path in touched if path in self._watcher.files()]
        if stale:  # a file written by rename is a new file: watch it afresh
            self._watcher.removePaths(stale)
        self._rewatch()
        ours = {str(folder) for folder in self._folders}
        relevant = any(path in ours or str(Path(path).parent) in ours for path in touched)
        if relevant or set(self.watched_paths()) != before:
            self.changed.emit()

    def _rewatch(self) -> None:
        wanted = _paths_to_watch(self._folders)
        current = set(self.watched_paths())
        gone = sorted(current - wanted)
        new = sorted(wanted - current)
        if gone:
            self._watcher.removePaths(gone)
        if new:
            self._watcher.addPaths(new)


def _paths_to_watch(folders: Sequence[Path]) -> set[str]:
    paths: set[str] = set()
    for folder in folders:
        if folder.is_dir():
            paths.add(str(folder))
            try:
                paths.update(str(path) for path in routine_files(folder) if path.is_file())
            except OSError:
                continue
            continue
        parent = next((p for p in folder.parents if p.is_dir()), None)
        if parent is not None:  # watch for the folder to appear
            paths.add(str(parent))
    return paths
