"""What the ``unbrace`` commands share: the one-line usage error, the check of names given on
the command line, and finding a routine by id or path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.files.paths import AppPaths
from app.core.routine.problems import printable
from app.core.routine.reference import names_a_file

if TYPE_CHECKING:
    from app.core.routine.model import Routine


class UsageError(Exception):
    """A mistake on the command line: one line for the user, exit status 2."""


#: What Linux accepts for one file name and for a whole path (bytes).
NAME_MAX_BYTES = 255
PATH_MAX_BYTES = 4096


def checked_name(text: str, what: str = "routine") -> str:
    """*text* as given, once it is known to fit the system's limits on names (255 bytes a
    component, 4,096 a path); a ``UsageError`` of one line otherwise."""
    encoded = os.fsencode(text)
    longest = max((len(part) for part in encoded.split(b"/")), default=0)
    if len(encoded) > PATH_MAX_BYTES or longest > NAME_MAX_BYTES:
        shown = printable(text[:40])
        raise UsageError(
            f"the {what} '{shown}...' is {len(text):,} characters long; a routine id or file "
            f"name is at most {NAME_MAX_BYTES} bytes and a path at most {PATH_MAX_BYTES:,}"
        )
    return text


def resolve_routine(paths: AppPaths, name: str) -> Routine:
    """A routine by id, or from a file when *name* is a path."""
    from app.core.routine.library import library_folders, load_library
    from app.core.routine.loader import load_routine_file

    if names_a_file(name):
        return load_routine_file(Path(name))
    library = load_library(library_folders(paths))
    entry = library.find(name)
    if entry is None or entry.routine is None:
        broken = next((e for e in library.invalid if e.id == name), None)
        if broken is not None and broken.error is not None:
            raise broken.error
        raise UsageError(f"no routine with id '{printable(name)}' (see `unbrace list`)")
    return entry.routine
