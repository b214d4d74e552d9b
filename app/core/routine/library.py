"""Find routine files in their folders and load each, keeping the broken ones with their error.

Folders are read in order of precedence: the built-in library, the user's routines folder, then
folders named on the command line or in UNBRACE_ROUTINES. A routine whose id a later folder uses
again is overridden by it; two files with one id in one folder are an error on the second.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from app.core.files.paths import ROUTINE_SUFFIXES, AppPaths
from app.core.routine.loader import read_routine_file
from app.core.routine.model import Routine
from app.core.routine.problems import Problem, RoutineError

Source = Literal["builtin", "user", "extra"]


@dataclass(frozen=True, slots=True)
class RoutineFolder:
    path: Path
    source: Source


@dataclass(frozen=True, slots=True)
class RoutineEntry:
    """One routine file: valid (``routine`` set) or not (``error`` set)."""

    path: Path
    source: Source
    routine: Routine | None = None
    error: RoutineError | None = None
    overrides: Path | None = None  # the file whose routine this one replaces
    id_position: tuple[int, int] = (1, 1)  # line and column of the id (1, 1: from the file name)

    @property
    def id(self) -> str:
        return self.routine.id if self.routine is not None else self.path.stem

    @property
    def valid(self) -> bool:
        return self.routine is not None


@dataclass(frozen=True, slots=True)
class Library:
    entries: tuple[RoutineEntry, ...]
    folder_problems: tuple[str, ...] = ()

    @property
    def routines(self) -> tuple[RoutineEntry, ...]:
        """The valid routines in effect (overridden ones left out), ordered by name."""
        overridden = {entry.overrides for entry in self.entries if entry.overrides is not None}
        valid = [e for e in self.entries if e.valid and e.path not in overridden]
        return tuple(sorted(valid, key=lambda e: e.routine.name.casefold() if e.routine else ""))

    @property
    def invalid(self) -> tuple[RoutineEntry, ...]:
        return tuple(entry for entry in self.entries if not entry.valid)

    def find(self, routine_id: str) -> RoutineEntry | None:
        return next((e for e in self.routines if e.id == routine_id), None)


def library_folders(paths: AppPaths) -> list[RoutineFolder]:
    """The routine folders in order of precedence: built-in, the user's, then extra ones."""
    return [
        RoutineFolder(paths.builtin_routines, "builtin"),
        RoutineFolder(paths.user_routines, "user"),
        *(RoutineFolder(folder, "extra") for folder in paths.extra_routines),
    ]


def routine_files(folder: Path) -> list[Path]:
    """The routine files directly in *folder*, sorted; raises OSError if it cannot be listed."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix in ROUTINE_SUFFIXES and not path.name.startswith(".")
    )


def load_library(folders: Sequence[RoutineFolder]) -> Library:
    with _collector_paused():
        return _load_library(folders)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while routines load, then as it was.

    Loading makes many objects and keeps the routines, so the collector, triggered by the count
    of objects made, would walk all that was loaded so far again and again (a seventh of the
    time of loading a thousand files). Loading makes no reference cycles: what it no longer
    needs is freed at once, collector or not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_library(folders: Sequence[RoutineFolder]) -> Library:
    entries: list[RoutineEntry] = []
    problems: list[str] = []
    by_id: dict[str, RoutineEntry] = {}
    for folder in folders:
        try:
            files = routine_files(folder.path)
        except FileNotFoundError:  # not made yet: the user's folder before the first routine
            files = []
        except OSError as error:  # no permission, a file, a symlink loop...
            problems.append(f"{folder.path}: cannot be read: {error.strerror or error}")
            continue
        for entry in load_files(files, folder.source):
            if entry.routine is not None:
                earlier = by_id.get(entry.id)
                if earlier is not None and earlier.path.parent == entry.path.parent:
                    entry = _duplicate(entry, earlier)
                elif earlier is not None:
                    entry = replace(entry, overrides=earlier.path)
                if entry.routine is not None:
                    by_id[entry.id] = entry
            entries.append(entry)
    return Library(tuple(entries), tuple(problems))


def load_files(paths: Iterable[Path], source: Source = "extra") -> list[RoutineEntry]:
    entries = []
    for path in paths:
        try:
            loaded = read_routine_file(path)
        except RoutineError as error:
            entries.append(RoutineEntry(path, source, error=error))
        else:
            entries.append(
                RoutineEntry(path, source, routine=loaded.routine, id_position=loaded.id_position)
            )
    return entries


def check_unique_ids(entries: Sequence[RoutineEntry]) -> list[RoutineEntry]:
    """*entries* with each later file that reuses an earlier file's id turned into an error."""
    seen: dict[str, RoutineEntry] = {}
    result = []
    for entry in entries:
        if entry.routine is not None and entry.id in seen:
            entry = _duplicate(entry, seen[entry.id])
        elif entry.routine is not None:
            seen[entry.id] = entry
        result.append(entry)
    return result


def _duplicate(entry: RoutineEntry, earlier: RoutineEntry) -> RoutineEntry:
    line, column = entry.id_position
    problem = Problem(
        str(entry.path), line, column, "id", f"id '{entry.id}' is already used by {earlier.path}"
    )
    return RoutineEntry(entry.path, entry.source, error=RoutineError([problem]))
