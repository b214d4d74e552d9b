"""The routine library: which files it finds, which routine an id means, and what it says about
files and folders it cannot use."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.files.paths import ROUTINES_ENV, AppPaths
from app.core.routine.library import (
    Library,
    RoutineFolder,
    check_unique_ids,
    library_folders,
    load_files,
    load_library,
    routine_files,
)


def write_routine(
    folder: Path, file_name: str, *, name: str = "A routine", routine_id: str | None = None
) -> Path:
    """A small valid routine; with *routine_id*, its id is on line 3 (column 5)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    id_line = f"id: {routine_id}\n" if routine_id is not None else ""
    path.write_text(
        f"name: {name}\nsummary: One line.\n{id_line}steps:\n  - rest: {{duration: 20s}}\n"
    )
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    return tmp_path / "builtin", tmp_path / "user", tmp_path / "extra"


def library_of(builtin: Path, user: Path, *extra: Path) -> Library:
    return load_library(
        [
            RoutineFolder(builtin, "builtin"),
            RoutineFolder(user, "user"),
            *(RoutineFolder(folder, "extra") for folder in extra),
        ]
    )


def problem_lines(library: Library) -> dict[str, list[str]]:
    return {
        entry.path.name: [str(p) for p in entry.error.problems]
        for entry in library.invalid
        if entry.error is not None
    }


# -------------------------------------------------------------------------------- discovery


def test_routines_are_found_in_the_builtin_user_and_extra_folders(
    folders: tuple[Path, Path, Path],
) -> None:
    """Every routine file of every folder is listed, sorted by name, with where it came from."""
    builtin, user, extra = folders
    write_routine(builtin, "box.yaml", name="Box breathing")
    write_routine(user, "mine.yaml", name="My evening")
    write_routine(extra, "shared.yml", name="A shared one")
    library = library_of(builtin, user, extra)
    assert [(e.id, e.source, e.routine.name if e.routine else "") for e in library.routines] == [
        ("shared", "extra", "A shared one"),
        ("box", "builtin", "Box breathing"),
        ("mine", "user", "My evening"),
    ]
    assert library.invalid == ()
    assert library.folder_problems == ()
    found = library.find("mine")
    assert found is not None and found.path == user / "mine.yaml"
    assert library.find("nothing-like-it") is None


def test_only_visible_yaml_files_directly_in_a_folder_are_routines(tmp_path: Path) -> None:
    """Files ending in .yaml or .yml count; hidden files (editor backups, .#locks), other
    suffixes and sub-folders do not."""
    write_routine(tmp_path, "b.yaml")
    write_routine(tmp_path, "a.yml")
    write_routine(tmp_path, ".hidden.yaml")
    write_routine(tmp_path, "notes.txt")
    write_routine(tmp_path, "b.yaml~")
    write_routine(tmp_path / "sub", "deeper.yaml")
    assert [p.name for p in routine_files(tmp_path)] == ["a.yml", "b.yaml"]


def test_a_folder_that_does_not_exist_is_no_problem(folders: tuple[Path, Path, Path]) -> None:
    """The user folder does not exist until the first routine is saved: that is not an error."""
    builtin, user, extra = folders
    write_routine(builtin, "box.yaml")
    library = library_of(builtin, user, extra)
    assert [e.id for e in library.routines] == ["box"]
    assert library.folder_problems == ()


# -------------------------------------------------------------------------------- overriding


def test_a_user_routine_with_a_builtin_id_overrides_it(folders: tuple[Path, Path, Path]) -> None:
    """The user's file wins: only it is in effect and found by the id; the built-in one is
    hidden, and the user's entry says which file it overrides."""
    builtin, user, _ = folders
    original = write_routine(builtin, "box.yaml", name="Box breathing")
    mine = write_routine(user, "my-box.yaml", name="My box", routine_id="box")
    library = library_of(builtin, user)
    assert [(e.id, e.path) for e in library.routines] == [("box", mine)]
    found = library.find("box")
    assert found is not None and found.path == mine and found.overrides == original
    assert library.invalid == ()


def test_an_extra_folder_overrides_the_user_folder(folders: tuple[Path, Path, Path]) -> None:
    """Folders from --routines or UNBRACE_ROUTINES come last and take precedence."""
    builtin, user, extra = folders
    write_routine(user, "calm.yaml", name="User calm")
    write_routine(extra, "calm.yaml", name="Extra calm")
    library = library_of(builtin, user, extra)
    found = library.find("calm")
    assert found is not None and found.routine is not None
    assert found.routine.name == "Extra calm"
    assert len(library.routines) == 1


def test_a_later_extra_folder_overrides_an_earlier_one(tmp_path: Path) -> None:
    """Each folder overrides the ones before it, extra folders among themselves too; only two
    files in the same folder are a duplicate."""
    first, second = tmp_path / "first", tmp_path / "second"
    write_routine(first, "calm.yaml", name="First")
    write_routine(second, "calm.yaml", name="Second")
    library = library_of(tmp_path / "builtin", tmp_path / "user", first, second)
    assert library.invalid == ()
    found = library.find("calm")
    assert found is not None and found.routine is not None and found.routine.name == "Second"


# ------------------------------------------------------------------------------- broken files


def test_an_invalid_file_is_listed_with_its_error_while_the_others_load(tmp_path: Path) -> None:
    """A broken file does not hide the rest: it is an invalid entry carrying its problems, with
    the file name as its id."""
    write_routine(tmp_path, "good.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nsummary: S\nsteps:\n  - rest: {duration: soon}\n")
    library = load_library([RoutineFolder(tmp_path, "user")])
    assert [e.id for e in library.routines] == ["good"]
    (invalid,) = library.invalid
    assert (invalid.id, invalid.valid, invalid.routine) == ("broken", False, None)
    assert problem_lines(library) == {
        "broken.yaml": [
            f"{broken}:4:22: steps.0.rest.duration: 'soon' is not a duration; "
            "write seconds (45) or 90s, 3m, 1m30s, 1h"
        ]
    }


def test_an_invalid_user_file_does_not_hide_the_builtin_with_its_id(
    folders: tuple[Path, Path, Path],
) -> None:
    """Only a valid routine overrides: while the user's copy is broken, the built-in one stays."""
    builtin, user, _ = folders
    original = write_routine(builtin, "box.yaml")
    (user / "box.yaml").parent.mkdir(parents=True)
    (user / "box.yaml").write_text("name: [unclosed\n")
    library = library_of(builtin, user)
    found = library.find("box")
    assert found is not None and found.path == original
    assert [e.path for e in library.invalid] == [user / "box.yaml"]


def test_two_files_with_one_id_in_a_folder_are_an_error_naming_both(tmp_path: Path) -> None:
    """The second file (in name order) is invalid, at the line and column of its id, and the
    message names the first file; the first stays in effect."""
    first = write_routine(tmp_path, "a-calm.yaml", name="First", routine_id="calm")
    second = write_routine(tmp_path, "b-calm.yaml", name="Second", routine_id="calm")
    library = load_library([RoutineFolder(tmp_path, "user")])
    found = library.find("calm")
    assert found is not None and found.path == first
    assert problem_lines(library) == {
        "b-calm.yaml": [f"{second}:3:5: id: id 'calm' is already used by {first}"]
    }


def test_an_id_from_the_file_name_that_is_taken_points_at_the_start(tmp_path: Path) -> None:
    """When the clashing id comes from the file name, the problem points at line 1, column 1."""
    first = write_routine(tmp_path, "calm.yaml")
    second = write_routine(tmp_path, "calm.yml")
    library = load_library([RoutineFolder(tmp_path, "extra")])
    assert problem_lines(library) == {
        "calm.yml": [f"{second}:1:1: id: id 'calm' is already used by {first}"]
    }


def test_check_unique_ids_marks_each_later_file_that_reuses_an_id(tmp_path: Path) -> None:
    """For `unbrace validate`: across the files given, every file after the first with an id
    becomes invalid, naming the first; invalid files take no id."""
    first = write_routine(tmp_path / "one", "calm.yaml")
    second = write_routine(tmp_path / "two", "other.yaml", routine_id="calm")
    third = write_routine(tmp_path / "three", "calm.yaml")
    broken = tmp_path / "calm-broken.yaml"
    broken.write_text("id: calm\n")
    entries = check_unique_ids(load_files([first, broken, second, third]))
    assert [e.valid for e in entries] == [True, False, False, False]
    lines = [[str(p) for p in e.error.problems] if e.error else [] for e in entries]
    assert lines[2] == [f"{second}:3:5: id: id 'calm' is already used by {first}"]
    assert lines[3] == [f"{third}:1:1: id: id 'calm' is already used by {first}"]


# ----------------------------------------------------------------------- folders that fail


def test_an_unreadable_folder_is_a_folder_problem_and_the_rest_loads(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be listed gives one line naming it and the reason; the routines of
    the other folders are still there."""
    builtin, user, extra = folders
    write_routine(builtin, "box.yaml")
    write_routine(extra, "shared.yaml")
    user.mkdir()
    real_iterdir = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self == user:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    library = library_of(builtin, user, extra)
    assert library.folder_problems == (f"{user}: cannot be read: Permission denied",)
    assert [e.id for e in library.routines] == ["box", "shared"]


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads any folder, so chmod 000 cannot deny it (see above)"
)
def test_a_folder_without_permissions_is_a_folder_problem(tmp_path: Path) -> None:
    """The same with a real folder whose permissions deny listing it."""
    locked = tmp_path / "locked"
    write_routine(locked, "hidden.yaml")
    locked.chmod(0)
    try:
        library = load_library([RoutineFolder(locked, "user")])
    finally:
        locked.chmod(0o755)
    assert library.folder_problems == (f"{locked}: cannot be read: Permission denied",)
    assert library.entries == ()


# ------------------------------------------------------------------ where the folders come from


def test_extra_folders_come_from_the_environment_then_the_command_line(tmp_path: Path) -> None:
    """UNBRACE_ROUTINES holds folders separated like PATH (empty parts ignored); --routines
    folders follow them, so they take precedence."""
    env = {ROUTINES_ENV: f"{tmp_path / 'a'}{os.pathsep}{os.pathsep}{tmp_path / 'b'}"}
    paths = AppPaths.default(extra_routines=[tmp_path / "c"], env=env)
    assert paths.extra_routines == (tmp_path / "a", tmp_path / "b", tmp_path / "c")
    assert AppPaths.default(env={}).extra_routines == ()


def test_the_library_reads_builtin_user_then_extra_folders(tmp_path: Path) -> None:
    """The folders the app loads are, in order: built-in, the user's routines folder (in the
    XDG data folder), then the extra ones; a routine in an extra folder overrides a user one."""
    env = {ROUTINES_ENV: str(tmp_path / "from-env")}
    paths = AppPaths.default(extra_routines=[tmp_path / "from-flag"], env=env)
    assert [(f.path, f.source) for f in library_folders(paths)] == [
        (paths.builtin_routines, "builtin"),
        (paths.user_routines, "user"),
        (tmp_path / "from-env", "extra"),
        (tmp_path / "from-flag", "extra"),
    ]
    assert paths.user_routines == Path(os.environ["XDG_DATA_HOME"]) / "unbrace" / "routines"
    write_routine(paths.user_routines, "mine.yaml", name="Mine, from the user folder")
    write_routine(tmp_path / "from-flag", "flagged.yaml", name="Flagged", routine_id="mine")
    library = load_library(library_folders(paths))
    found = library.find("mine")
    assert found is not None and found.source == "extra" and found.routine is not None
    assert found.routine.name == "Flagged"
    assert found.overrides == paths.user_routines / "mine.yaml"


def test_loading_leaves_nothing_for_the_garbage_collector(tmp_path: Path) -> None:
    """Loading holds the collector off (``load_library``), so it must make no reference cycles:
    each parsed file is freed as soon as its routine is made, good file or bad, and the
    collector is as it was afterwards."""
    folder = tmp_path / "routines"
    folder.mkdir()
    sources = sorted(AppPaths.default().builtin_routines.glob("*.yaml"))
    for source in sources:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "broken.yaml").write_text("name: Broken\nsummary: x\nsteps:\n  - rest: {}\n")
    gc.collect()
    gc.disable()
    try:
        library = load_library([RoutineFolder(folder, "user")])
        left = gc.collect()
    finally:
        gc.enable()
    assert len(library.routines) == len(sources) and len(library.invalid) == 1
    assert left == 0
    load_library([RoutineFolder(folder, "user")])
    assert gc.isenabled()
