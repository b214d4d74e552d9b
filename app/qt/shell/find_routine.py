"""The routine a name given by the user names: an id in the library, or a routine file's path.

Shared by the built app and by the tray before the window is built (``unbrace pacer ROUTINE``
from a tray start); the routine model and loader load when a name is first looked up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.qt.shell.notice_dialog import warn

if TYPE_CHECKING:
    from app.core.routine.library import RoutineEntry
    from app.core.routine.model import Routine

log = logging.getLogger("unbrace.window")


def routine_named(
    name: str, find: Callable[[str], RoutineEntry | None], parent: QWidget | None
) -> Routine | None:
    """The routine *name* names (an id *find* knows, or a file's path); when there is none,
    the user is told, over *parent*."""
    from app.core.routine.loader import load_routine_file
    from app.core.routine.problems import RoutineError, printable
    from app.core.routine.reference import names_a_file

    if names_a_file(name):
        try:
            return load_routine_file(Path(name))
        except RoutineError as error:
            log.warning("%s", error)
            warn(parent, "Routine not valid", error.first_line)
            return None
    entry = find(name)
    if entry is None or entry.routine is None:
        shown = printable(name if len(name) <= 80 else f"{name[:80]}...")
        message = f"There is no routine with id '{shown}' (`unbrace list` shows them)."
        log.warning("%s", message)
        warn(parent, "Unbrace", message)
        return None
    return entry.routine
