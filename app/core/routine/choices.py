"""Which routines the app offers outside the library: the pause routine, the tray's Routines
menu, the first routine suggested to a new user.

Pure: the caller says which routines the library can start (``name_of`` gives a routine's name,
or None when there is no such routine or it is broken) and which were practised, newest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Final

#: Offered when nothing was practised yet, gentlest first.
GENTLE_ROUTINES: Final = (
    "diaphragmatic-3min",
    "body-scan-spine",
    "humming-vagus",
    "spinal-mobility",
)
#: The pause routine when the user chose none (or the chosen one is gone), and the first
#: routine suggested to someone who has not practised yet.
DEFAULT_PAUSE_ROUTINE: Final = GENTLE_ROUTINES[0]
#: How many routines practised recently the tray menu offers, besides the favourites.
RECENT_IN_MENU: Final = 5

NameOf = Callable[[str], str | None]


def pause_routine(chosen: str, name_of: NameOf) -> tuple[str, str]:
    """The routine a reminder offers, as (id, name): the chosen one if the library can start
    it, else the default (named by its id when even that one is missing)."""
    name = name_of(chosen)
    if name is not None:
        return chosen, name
    return DEFAULT_PAUSE_ROUTINE, name_of(DEFAULT_PAUSE_ROUTINE) or DEFAULT_PAUSE_ROUTINE


def tray_routines(
    favourites: Sequence[str],
    practised: Iterable[str],
    name_of: NameOf,
    recent: int = RECENT_IN_MENU,
) -> list[tuple[str, str]]:
    """The tray's Routines submenu, as (id, name): the favourites, then up to *recent* routines
    practised most recently (each once, newest first, no favourite twice); with nothing
    practised, the gentle routines instead. Routines the library cannot start are left out."""
    named_favourites = _named(favourites, name_of)
    seen = list(dict.fromkeys(practised)) or list(GENTLE_ROUTINES)
    shown = {routine_id for routine_id, _ in named_favourites}
    others = [item for item in _named(seen, name_of) if item[0] not in shown]
    return [*named_favourites, *others[:recent]]


def _named(routine_ids: Iterable[str], name_of: NameOf) -> list[tuple[str, str]]:
    found = [(routine_id, name_of(routine_id)) for routine_id in routine_ids]
    return [(routine_id, name) for routine_id, name in found if name is not None]
