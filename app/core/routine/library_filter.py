"""Which routines the library shows for a search and its filters (tag, body region, length).

The rule lives here, free of Qt; the library view only asks :func:`matches`. What a match needs
from an entry (its searchable text, tags, regions, fixed length) is worked out once per entry, when
a library is loaded, in a :class:`SearchableEntry`, so that typing in the search field never
measures a routine again: filtering a thousand entries is a thousand set and substring checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from app.core.routine.durations import format_duration
from app.core.routine.glyph import Glyph, routine_glyph
from app.core.routine.library import Library, RoutineEntry
from app.core.routine.model import REGIONS, Region, Routine
from app.core.routine.size import measure

LengthBand = Literal["short", "medium", "long"]
LENGTH_BANDS: tuple[LengthBand, ...] = ("short", "medium", "long")

#: The upper bound of each band but the last, inclusive, in ms (of the fixed length).
SHORT_MAX_MS = 5 * 60_000
MEDIUM_MAX_MS = 15 * 60_000

LENGTH_BAND_NAMES: dict[LengthBand, str] = {
    "short": "Up to 5 min",
    "medium": "5 to 15 min",
    "long": "Over 15 min",
}

REGION_NAMES: dict[Region, str] = {
    region: region.replace("_", " ").capitalize() for region in REGIONS
}


def region_name(region: Region) -> str:
    """The human name of a body region: ``upper_back`` → ``Upper back``."""
    return REGION_NAMES[region]


def length_band(fixed_ms: int) -> LengthBand:
    """The band of a routine by its fixed length (open steps count as nothing)."""
    if fixed_ms <= SHORT_MAX_MS:
        return "short"
    if fixed_ms <= MEDIUM_MAX_MS:
        return "medium"
    return "long"


def length_text(fixed_ms: int, has_open: bool, *, compact: bool = False) -> str:
    """``3m``, ``4m10s + open steps`` (compact: ``4m10s+``), or ``open`` when all steps are."""
    if not has_open:
        return format_duration(fixed_ms)
    if fixed_ms == 0:
        return "open"
    return format_duration(fixed_ms) + ("+" if compact else " + open steps")


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    """What the user asked the library for. Every part narrows the list; empty parts don't."""

    text: str = ""
    tag: str | None = None
    region: Region | None = None
    length: LengthBand | None = None

    @property
    def words(self) -> tuple[str, ...]:
        """The search words, case-folded; an entry must contain every one."""
        return tuple(self.text.casefold().split())

    @property
    def has_facets(self) -> bool:
        """Whether a tag, region or length is chosen (these hide invalid entries)."""
        return self.tag is not None or self.region is not None or self.length is not None


@dataclass(frozen=True, slots=True)
class SearchableEntry:
    """One library entry with what the filter needs, computed once (see :meth:`of`)."""

    entry: RoutineEntry
    haystack: str  # case-folded searchable text, fields separated by newlines
    tags: frozenset[str]
    regions: frozenset[Region]
    fixed_ms: int  # the length of the steps that have one (0 for an invalid entry)
    has_open: bool  # whether some step lasts until the user ends it
    glyph: Glyph | None = None  # the library card's small sign (None for an invalid entry)

    @classmethod
    def of(cls, entry: RoutineEntry) -> SearchableEntry:
        routine = entry.routine
        if routine is None:
            text = "\n".join((entry.path.name, entry.id))
            return cls(entry, text.casefold(), frozenset(), frozenset(), 0, False)
        size = measure(routine)
        text = "\n".join((routine.name, routine.summary, *routine.tags, routine.id))
        return cls(
            entry,
            text.casefold(),
            frozenset(routine.tags),
            frozenset(routine.regions),
            size.fixed_ms,
            size.open_segments > 0,
            routine_glyph(routine),
        )

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def valid(self) -> bool:
        return self.entry.valid

    @property
    def band(self) -> LengthBand | None:
        return length_band(self.fixed_ms) if self.valid else None

    @property
    def length_text(self) -> str:
        return length_text(self.fixed_ms, self.has_open)

    @property
    def short_length_text(self) -> str:
        return length_text(self.fixed_ms, self.has_open, compact=True)


def matches(entry: RoutineEntry | SearchableEntry, query: LibraryQuery) -> bool:
    """Whether the library shows *entry* for *query*.

    Every search word must appear (case-insensitively) in the routine's name, summary, tags or id;
    an invalid file is searched by its file name and id only, and is shown unless a tag, region or
    length is chosen. Pass a :class:`SearchableEntry` when filtering many times.
    """
    item = entry if isinstance(entry, SearchableEntry) else SearchableEntry.of(entry)
    return _matches(item, query, query.words)


def _matches(item: SearchableEntry, query: LibraryQuery, words: tuple[str, ...]) -> bool:
    if not all(word in item.haystack for word in words):
        return False
    if not item.valid:
        return not query.has_facets
    if query.tag is not None and query.tag not in item.tags:
        return False
    if query.region is not None and query.region not in item.regions:
        return False
    return query.length is None or length_band(item.fixed_ms) == query.length


def filter_entries(items: Iterable[SearchableEntry], query: LibraryQuery) -> list[SearchableEntry]:
    """The items *query* matches, in their order."""
    words = query.words
    return [item for item in items if _matches(item, query, words)]


def listed_entries(library: Library) -> tuple[SearchableEntry, ...]:
    """What the library shows, in order: the routines in effect by name, then the broken files.

    Built-in and user routines sit side by side; a routine another folder overrides is left out.
    """
    invalid = sorted(library.invalid, key=lambda entry: entry.path.name.casefold())
    return tuple(SearchableEntry.of(entry) for entry in (*library.routines, *invalid))


def all_tags(entries: Iterable[RoutineEntry | SearchableEntry]) -> list[str]:
    """Every tag the valid entries use, sorted."""
    return sorted({tag for routine in _valid_routines(entries) for tag in routine.tags})


def all_regions(entries: Iterable[RoutineEntry | SearchableEntry]) -> list[Region]:
    """Every body region the valid entries work with, in the order of the vocabulary."""
    used = {region for routine in _valid_routines(entries) for region in routine.regions}
    return [region for region in REGIONS if region in used]


def _valid_routines(entries: Iterable[RoutineEntry | SearchableEntry]) -> Iterator[Routine]:
    for entry in entries:
        routine = entry.entry.routine if isinstance(entry, SearchableEntry) else entry.routine
        if routine is not None:
            yield routine
