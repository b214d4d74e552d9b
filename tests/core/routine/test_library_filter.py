"""Which library entries a search and its filters show."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.core.routine.library import Library, RoutineEntry, RoutineFolder, load_library
from app.core.routine.library_filter import (
    LibraryQuery,
    SearchableEntry,
    all_regions,
    all_tags,
    filter_entries,
    length_band,
    length_text,
    listed_entries,
    matches,
    region_name,
)
from tests.conftest import BUILTIN_ROUTINES


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _routine_text(
    name: str,
    summary: str = "A routine.",
    tags: str = "[]",
    regions: str = "[]",
    seconds: int = 60,
    open_step: bool = False,
) -> str:
    extra = "\n  - journal: {prompt: How was it?}" if open_step else ""
    return (
        f"name: {name}\nsummary: {summary}\ntags: {tags}\nregions: {regions}\n"
        f"steps:\n  - rest: {{duration: {seconds}}}{extra}\n"
    )


@pytest.fixture
def library(tmp_path: Path) -> Library:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    _write(builtin, "belly.yaml", _routine_text(
        "Belly Breathing", "Slow breaths low in the belly.", "[breathwork, midday]",
        "[belly, lower_back]", 180))  # fmt: skip
    _write(builtin, "scan.yaml", _routine_text(
        "Spine Scan", "Attention along the spine.", "[body-scan, evening]",
        "[upper_back, mid_back]", 600))  # fmt: skip
    _write(builtin, "long-rest.yaml", _routine_text(
        "Deep Rest", "A long lie-down.", "[evening]", "[whole_body]", 1200))  # fmt: skip
    _write(user, "mine.yaml", _routine_text(
        "My Shoulder Drop", "Let the shoulders fall.", "[midday]", "[shoulders]", 300,
        open_step=True))  # fmt: skip
    _write(user, "broken-breath.yaml", "name: Broken\nsummary: x\nsteps: nope\n")
    return load_library([RoutineFolder(builtin, "builtin"), RoutineFolder(user, "user")])


def _shown(library: Library, query: LibraryQuery) -> list[str]:
    return [item.id for item in filter_entries(listed_entries(library), query)]


def test_an_empty_query_shows_everything_routines_by_name_then_broken_files(
    library: Library,
) -> None:
    """Valid routines of every folder side by side by name, the broken files after them."""
    assert _shown(library, LibraryQuery()) == [
        "belly", "long-rest", "mine", "scan", "broken-breath",
    ]  # fmt: skip


def test_search_is_case_insensitive_over_name_summary_tags_and_id(library: Library) -> None:
    assert _shown(library, LibraryQuery("SPINE")) == ["scan"]  # name and summary
    assert _shown(library, LibraryQuery("lie-down")) == ["long-rest"]  # summary
    assert _shown(library, LibraryQuery("body-scan")) == ["scan"]  # tag
    assert _shown(library, LibraryQuery("long-rest")) == ["long-rest"]  # id


def test_every_search_word_must_match(library: Library) -> None:
    assert _shown(library, LibraryQuery("slow belly")) == ["belly"]
    assert _shown(library, LibraryQuery("  belly   evening ")) == []
    assert _shown(library, LibraryQuery("midday")) == ["belly", "mine"]


def test_a_word_does_not_match_across_two_fields(library: Library) -> None:
    """Fields are searched apart: the end of the name and the start of the summary don't join."""
    assert _shown(library, LibraryQuery("scanattention")) == []


def test_tag_region_and_length_filters_narrow_the_list(library: Library) -> None:
    assert _shown(library, LibraryQuery(tag="evening")) == ["long-rest", "scan"]
    assert _shown(library, LibraryQuery(region="shoulders")) == ["mine"]
    assert _shown(library, LibraryQuery(region="lower_back")) == ["belly"]
    assert _shown(library, LibraryQuery(length="short")) == ["belly", "mine"]
    assert _shown(library, LibraryQuery(length="medium")) == ["scan"]
    assert _shown(library, LibraryQuery(length="long")) == ["long-rest"]
    assert _shown(library, LibraryQuery("deep", tag="evening", length="long")) == ["long-rest"]
    assert _shown(library, LibraryQuery(tag="evening", region="belly")) == []


def test_length_bands_use_the_fixed_length_with_their_bounds_inclusive_below() -> None:
    assert length_band(0) == "short"
    assert length_band(5 * 60_000) == "short"
    assert length_band(5 * 60_000 + 1) == "medium"
    assert length_band(15 * 60_000) == "medium"
    assert length_band(15 * 60_000 + 1) == "long"


def test_open_steps_count_as_nothing_in_the_length(library: Library) -> None:
    mine = next(item for item in listed_entries(library) if item.id == "mine")
    assert (mine.fixed_ms, mine.has_open, mine.band) == (300_000, True, "short")
    assert mine.length_text == "5m + open steps"
    assert mine.short_length_text == "5m+"
    assert length_text(0, True) == "open"
    assert length_text(90_000, False) == "1m30s"


def test_broken_files_match_their_file_name_and_id_and_hide_under_a_filter(
    library: Library,
) -> None:
    assert _shown(library, LibraryQuery("broken")) == ["broken-breath"]
    assert _shown(library, LibraryQuery("BREATH.YAML")) == ["broken-breath"]
    # a broken file's contents are not searched: its name is not known to be "Broken"
    assert "broken-breath" not in _shown(library, LibraryQuery("nope"))
    for query in (
        LibraryQuery(tag="midday"),
        LibraryQuery(region="belly"),
        LibraryQuery(length="short"),
        LibraryQuery("broken", length="short"),
    ):
        assert "broken-breath" not in _shown(library, query)


def test_matches_accepts_a_plain_entry_or_a_prepared_one(library: Library) -> None:
    entry = next(e for e in library.entries if e.id == "belly")
    query = LibraryQuery("belly", tag="midday", region="belly", length="short")
    assert matches(entry, query)
    assert matches(SearchableEntry.of(entry), query)
    assert not matches(entry, LibraryQuery(tag="evening"))


def test_an_overridden_routine_is_not_listed_twice(tmp_path: Path) -> None:
    """A user routine with a built-in's id replaces it in the list."""
    _write(tmp_path / "b", "calm.yaml", _routine_text("Calm (built-in)"))
    _write(tmp_path / "u", "calm.yaml", _routine_text("Calm (mine)"))
    library = load_library(
        [RoutineFolder(tmp_path / "b", "builtin"), RoutineFolder(tmp_path / "u", "user")]
    )
    listed = listed_entries(library)
    assert [(item.id, item.entry.source) for item in listed] == [("calm", "user")]


def test_all_tags_and_regions_come_from_valid_entries_only(library: Library) -> None:
    assert all_tags(library.entries) == ["body-scan", "breathwork", "evening", "midday"]
    assert all_tags(listed_entries(library)) == all_tags(library.entries)
    assert all_regions(library.entries) == [
        "shoulders", "upper_back", "mid_back", "lower_back", "belly", "whole_body",
    ]  # fmt: skip
    assert region_name("upper_back") == "Upper back"
    assert region_name("whole_body") == "Whole body"


def test_the_builtin_library_is_all_valid_and_searchable() -> None:
    library = load_library([RoutineFolder(BUILTIN_ROUTINES, "builtin")])
    assert library.invalid == ()
    assert "diaphragmatic-3min" in _shown(library, LibraryQuery("diaphragmatic"))
    assert "retention-rounds" in _shown(library, LibraryQuery(tag="retention"))


def test_a_thousand_entries_filter_correctly(tmp_path: Path) -> None:
    """Prepared once, a large library filters by plain set and substring checks."""
    template = load_library([RoutineFolder(BUILTIN_ROUTINES, "builtin")]).routines
    entries = []
    for number in range(1_000):
        base = template[number % len(template)]
        entries.append(RoutineEntry(base.path.with_name(f"r{number}.yaml"), "user", base.routine))
    items = [SearchableEntry.of(entry) for entry in entries]
    breathwork = [item for item in items if "breathwork" in item.tags]
    shown = filter_entries(items, LibraryQuery("breath", tag="breathwork"))
    expected = [item for item in breathwork if "breath" in item.haystack]
    assert shown == expected
    assert len(shown) > 100
    assert filter_entries(items, LibraryQuery()) == items
    assert filter_entries(items, LibraryQuery("no-such-word-anywhere")) == []
    short = filter_entries(items, LibraryQuery(length="short"))
    assert all(item.fixed_ms <= 300_000 for item in short)
    assert len(short) + len(filter_entries(items, LibraryQuery(length="medium"))) + len(
        filter_entries(items, LibraryQuery(length="long"))
    ) == len(items)
