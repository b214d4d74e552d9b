"""Hostile and broken routine files: each one is a single line in the library, well under 200 MB and
reading no routine file past its size cap, while every good routine beside it is still listed and
no file is changed. (How long loading them takes is a bench figure: bench/library.py.)

Each case is loaded in a fresh interpreter (tests/robustness/load_child.py) that reports its own
peak resident memory and the bytes it read, so the limits are measured, not guessed. Faults
that a test running as root cannot stage on disk (permissions, a file vanishing mid-read) are
injected inside that child process, into the very calls the loader makes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.core.routine.limits import MAX_SEGMENTS
from app.core.routine.yaml_source import MAX_FILE_BYTES, MAX_NODES, MAX_PROBLEMS
from tests.conftest import REPO

MAX_PEAK_MIB = 200.0

GOOD_ONE = "name: A good routine\nsummary: Still listed.\nsteps:\n  - rest: {duration: 20s}\n"
GOOD_TWO = (
    "name: Another good routine\nsummary: Also listed.\n"
    "steps:\n  - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 3}\n"
)
GOOD_IDS = ["good-one", "good-two"]


# ------------------------------------------------------------------------------ the child


@dataclass(frozen=True)
class Report:
    """What the child saw: the library as the user sees it, and what loading it cost."""

    read_bytes: int
    peak_rss_mib: float
    routines: list[str]
    invalid: dict[str, list[str]]
    folder_problems: list[str]


def load_in_child(folders: list[Path], **faults: list[str]) -> Report:
    config = {"folders": [str(folder) for folder in folders], **faults}
    result = subprocess.run(
        [sys.executable, "-m", "tests.robustness.load_child", json.dumps(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return Report(
        data["read_bytes"],
        data["peak_rss_mib"],
        data["routines"],
        data["invalid"],
        data["folder_problems"],
    )


def read_budget(folder: Path) -> int:
    """The most a load of *folder* may read: each routine file once, at most its size cap."""
    files = [path for path in folder.iterdir() if path.name.endswith((".yaml", ".yml"))]
    return len(files) * (MAX_FILE_BYTES + 1)


def snapshot(folder: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under *folder*: links by target, small files by content, big ones by size and
    modification time (a sparse 2 GB file is not read), pipes by kind."""
    entries: dict[str, tuple[object, ...]] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            entries[name] = ("link", str(path.readlink()))
        elif path.is_fifo():
            entries[name] = ("fifo",)
        elif path.is_file():
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if info.st_size < 1 << 20 else ""
            entries[name] = ("file", info.st_size, info.st_mtime_ns, digest)
        elif path.is_dir():
            entries[name] = ("dir",)
    return entries


# ------------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """A hostile file (or a few) made beside the good routines, and the one line each gets."""

    name: str
    make: Callable[[Path], None]
    expected: dict[str, str]  # file name -> the line the user sees, {path} standing for its path
    faults: dict[str, list[str]] = field(default_factory=dict)  # file names, see load_child
    removed: tuple[str, ...] = ()  # files the case itself deletes (it simulates their loss)


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)

    return make


def alias_bomb() -> str:
    """A "billion laughs": nine levels of nine aliases each, 387 million values if expanded."""
    lines = [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\nname: Bomb\nsummary: S\nsteps:\n  - rest: {duration: 5}\n"


def fifty_megabytes(folder: Path) -> None:
    """A 50 MB file of real text (a valid routine followed by comments), written to disk."""
    with (folder / "huge.yaml").open("wb") as out:
        out.write(GOOD_ONE.encode())
        block = b"# " + b"x" * 1021 + b"\n"
        for _ in range(50 * 1024):
            out.write(block)


MILLION_STEPS = """\
name: A million rests
summary: Each repeat is within its limits; together they are not.
steps:
  - repeat:
      times: 1000
      steps:
        - repeat:
            times: 1000
            steps:
              - rest: {duration: 1s}
"""

#: An executable's first bytes (an ELF header): binary from the eighth byte on.
BINARY = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16


def utf_16(folder: Path) -> None:
    """UTF-16 as Windows editors save it (with a byte-order mark) and without one."""
    (folder / "bom.yaml").write_bytes(GOOD_ONE.encode("utf-16"))
    (folder / "no-bom.yaml").write_bytes(GOOD_ONE.encode("utf-16-le"))


def symlink_loops(folder: Path) -> None:
    (folder / "loop.yaml").symlink_to("loop.yaml")
    (folder / "ping.yaml").symlink_to("pong.yaml")
    (folder / "pong.yaml").symlink_to("ping.yaml")


def links_to_the_parent(folder: Path) -> None:
    (folder / "up.yaml").symlink_to("..")  # named like a routine: listed, and refused
    (folder / "up").symlink_to("..")  # not named like one: the library does not look inside


def named_pipe(folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")


def python_tags(marker: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / "apply.yaml").write_text(
            f"name: !!python/object/apply:os.system ['touch {marker}']\n"
            "summary: S\nsteps:\n  - rest: {duration: 5}\n",
            encoding="utf-8",
        )
        (folder / "name.yaml").write_text(
            "name: N\nsummary: !!python/name:os.system\nsteps:\n  - rest: {duration: 5}\n",
            encoding="utf-8",
        )
        (folder / "object.yaml").write_text(
            "name: N\nsummary: S\nsteps:\n  - !!python/object:collections.OrderedDict {}\n",
            encoding="utf-8",
        )

    return make


def with_cue(written: str) -> str:
    return (
        "name: My own bell\nsummary: With a sound file.\n"
        f'sound:\n  cues: {{bell: "{written}"}}\nsteps:\n  - rest: {{duration: 5s}}\n'
    )


def wav_cases(folder: Path) -> None:
    """One routine per way a WAV reference can be hostile, each beside its sound file."""
    outside = folder.parent / "outside"
    outside.mkdir()
    with wave.open(str(outside / "secret.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(44_100)
        out.writeframes(b"\x00\x01" * 4410)
    sounds = folder / "sounds"
    sounds.mkdir()
    (sounds / "link-out.wav").symlink_to(outside / "secret.wav")
    (sounds / "text.wav").write_text("this is not audio\n", encoding="utf-8")
    with (sounds / "huge.wav").open("wb") as out:
        out.truncate(2 * 1024**3)  # sparse: 2 GB that cost no disk
    os.mkfifo(sounds / "pipe.wav")
    for name, written in {
        "escape.yaml": "../../etc/passwd",
        "absolute.yaml": "/etc/passwd",
        "link-out.yaml": "sounds/link-out.wav",
        "not-a-wav.yaml": "sounds/text.wav",
        "two-gigabytes.yaml": "sounds/huge.wav",
        "pipe-cue.yaml": "sounds/pipe.wav",
        "name-too-long.yaml": "sounds/" + "é" * 200 + ".wav",
        "nul-byte.yaml": "sounds/bell\\0.wav",
    }.items():
        (folder / name).write_text(with_cue(written), encoding="utf-8")


def many_unknown_keys() -> str:
    keys = "".join(f"key{i}: 1\n" for i in range(10_000))
    return GOOD_ONE + keys


CUE = "{path}:4:16: sound.cues.bell: "
MARKER = "unbrace-was-made-to-run-a-command"

CASES = [
    Case(
        "alias-bomb",
        write("bomb.yaml", alias_bomb()),
        {
            "bomb.yaml": "{path}:5:5: yaml: aliases make this value expand to more than "
            f"{MAX_NODES:,} values"
        },
    ),
    Case("50-MB-file", fifty_megabytes, {"huge.yaml": "{path}:1:1: file: larger than 256 KiB"}),
    Case(
        "nesting-10000-deep",
        write("deep.yaml", "name: " + "[" * 10_000 + "]" * 10_000 + "\nsummary: S\nsteps: []\n"),
        {"deep.yaml": "{path}:1:46: yaml: nested deeper than 40 levels"},
    ),
    Case(
        "1000000-steps-after-repeat",
        write("million.yaml", MILLION_STEPS),
        {
            "million.yaml": "{path}:4:3: steps: expands to 1,000,000 segments; the limit is "
            f"{MAX_SEGMENTS:,}"
        },
    ),
    Case(
        "binary-file",
        write("program.yaml", BINARY),
        {"program.yaml": "{path}:1:8: encoding: file is binary, not a UTF-8 text file"},
    ),
    Case(
        "utf-16-file",
        utf_16,
        {
            "bom.yaml": "{path}:1:1: encoding: file is UTF-16; save it as UTF-8",
            "no-bom.yaml": "{path}:1:1: encoding: file is UTF-16; save it as UTF-8",
        },
    ),
    Case(
        "symlink-loop",
        symlink_loops,
        dict.fromkeys(
            ("loop.yaml", "ping.yaml", "pong.yaml"),
            "{path}:1:1: file: cannot be read: Too many levels of symbolic links",
        ),
    ),
    Case(
        "directory-link-to-the-parent",
        links_to_the_parent,
        {"up.yaml": "{path}:1:1: file: cannot be read: Is a directory"},
    ),
    Case(
        "named-pipe",
        named_pipe,
        {"pipe.yaml": "{path}:1:1: file: cannot be read: it is a named pipe, not a file"},
    ),
    Case(
        "file-deleted-after-listing",
        write("vanishing.yaml", GOOD_ONE.replace("A good", "A vanishing")),
        {"vanishing.yaml": "{path}:1:1: file: cannot be read: No such file or directory"},
        faults={"deleted_after_listing": ["vanishing.yaml"]},
        removed=("vanishing.yaml",),
    ),
    Case(
        "file-gone-while-read",
        write("stale.yaml", GOOD_ONE.replace("A good", "A stale")),
        {"stale.yaml": "{path}:1:1: file: cannot be read: Stale file handle"},
        faults={"stale_while_reading": ["stale.yaml"]},
    ),
    Case(
        "file-without-read-permission",
        write("locked.yaml", GOOD_ONE.replace("A good", "A locked")),
        {"locked.yaml": "{path}:1:1: file: cannot be read: Permission denied"},
        faults={"unreadable": ["locked.yaml"]},
    ),
    Case(
        "python-tags",
        python_tags(MARKER),
        {
            "apply.yaml": "{path}:1:7: yaml: tag !!python/object/apply:os.system is not allowed; "
            "a routine holds plain data only",
            "name.yaml": "{path}:2:10: yaml: tag !!python/name:os.system is not allowed; "
            "a routine holds plain data only",
            "object.yaml": "{path}:4:5: yaml: tag !!python/object:collections.OrderedDict is not "
            "allowed; a routine holds plain data only",
        },
    ),
    Case(
        "wav-references",
        wav_cases,
        {
            "escape.yaml": CUE + "must stay inside the routine's folder",
            "absolute.yaml": CUE + "must be a path relative to the routine's folder, not absolute",
            "link-out.yaml": CUE + "must stay inside the routine's folder",
            "not-a-wav.yaml": CUE
            + "is not a WAV file (it starts with 'this is ', not 'RIFF'); "
            + "export it again as a 16-bit PCM WAV file",
            "two-gigabytes.yaml": CUE + "is 2048 MiB; a cue file is at most 16 MiB",
            "pipe-cue.yaml": CUE + "is not a file",
            "name-too-long.yaml": CUE + "cannot be opened: File name too long",
            "nul-byte.yaml": CUE + "cannot be opened: embedded null byte",
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_file_is_one_line_and_the_good_routines_stay(case: Case, tmp_path: Path) -> None:
    """The library lists the good routines and, for each hostile file, exactly the one line the
    user reads; loading takes under 200 MB at peak and reads no routine file past its size cap;
    no file is changed."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good-one.yaml").write_text(GOOD_ONE, encoding="utf-8")
    (folder / "good-two.yaml").write_text(GOOD_TWO, encoding="utf-8")
    case.make(folder)
    before = snapshot(tmp_path)
    faults = {kind: [str(folder / name) for name in names] for kind, names in case.faults.items()}

    report = load_in_child([folder], **faults)

    assert report.routines == GOOD_IDS
    expected = {name: [line.format(path=folder / name)] for name, line in case.expected.items()}
    assert report.invalid == expected
    assert report.folder_problems == []
    assert report.read_bytes <= read_budget(folder)
    assert report.peak_rss_mib < MAX_PEAK_MIB
    for name in case.removed:
        del before[str((folder / name).relative_to(tmp_path))]
    assert snapshot(tmp_path) == before
    assert not (REPO / MARKER).exists() and not (tmp_path / MARKER).exists()


def test_a_folder_without_read_permission_is_one_line_and_the_other_folders_load(
    tmp_path: Path,
) -> None:
    """A routines folder that cannot be listed (permission denied; injected, as root reads any
    folder) is one line under the library, and the good routines of the next folder are listed."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text(GOOD_ONE, encoding="utf-8")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good-one.yaml").write_text(GOOD_ONE, encoding="utf-8")
    (folder / "good-two.yaml").write_text(GOOD_TWO, encoding="utf-8")
    before = snapshot(tmp_path)

    report = load_in_child([locked, folder], unlistable=[str(locked)])

    assert report.folder_problems == [f"{locked}: cannot be read: Permission denied"]
    assert report.routines == GOOD_IDS
    assert report.invalid == {}
    assert report.read_bytes <= read_budget(folder)
    assert report.peak_rss_mib < MAX_PEAK_MIB
    assert snapshot(tmp_path) == before


def test_a_routines_folder_that_is_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    """A routines folder that is a link to itself is named, with the reason, not silently empty;
    a folder not made yet is no problem at all."""
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good-one.yaml").write_text(GOOD_ONE, encoding="utf-8")
    (folder / "good-two.yaml").write_text(GOOD_TWO, encoding="utf-8")

    report = load_in_child([loop, tmp_path / "not-made-yet", folder])

    assert report.folder_problems == [f"{loop}: cannot be read: Too many levels of symbolic links"]
    assert report.routines == GOOD_IDS
    assert report.read_bytes <= read_budget(folder)
    assert report.peak_rss_mib < MAX_PEAK_MIB


def test_thousands_of_problems_in_one_file_are_listed_up_to_the_limit(
    tmp_path: Path,
) -> None:
    """A file with 10,000 unknown keys (once quadratic to locate: seconds per file) lists its first
    problems and says how many more there are, reading the file once."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good-one.yaml").write_text(GOOD_ONE, encoding="utf-8")
    (folder / "good-two.yaml").write_text(GOOD_TWO, encoding="utf-8")
    (folder / "flood.yaml").write_text(many_unknown_keys(), encoding="utf-8")

    report = load_in_child([folder])

    path = folder / "flood.yaml"
    allowed = "format, id, name, summary, description, tags, regions, safety, sound, steps"
    listed = [
        f"{path}:{5 + i}:1: key{i}: unknown key 'key{i}' (allowed: {allowed})"
        for i in range(MAX_PROBLEMS)
    ]
    more = (
        f"{path}:{5 + MAX_PROBLEMS}:1: routine: "
        f"{10_000 - MAX_PROBLEMS:,} more problems not listed; fix the ones above first"
    )
    assert report.invalid == {"flood.yaml": [*listed, more]}
    assert report.routines == GOOD_IDS
    assert report.read_bytes == sum(path.stat().st_size for path in folder.iterdir())
    assert report.peak_rss_mib < MAX_PEAK_MIB


# ------------------------------------------------------------------ the command line on them


def test_list_and_validate_on_a_folder_of_every_hostile_file_print_one_line_each(
    tmp_path: Path,
) -> None:
    """``unbrace list --json --routines DIR`` shows the built-in and the good routines valid and
    each hostile file with its line; ``unbrace validate DIR`` prints every line and exits 1; no
    traceback anywhere."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good-one.yaml").write_text(GOOD_ONE, encoding="utf-8")
    (folder / "good-two.yaml").write_text(GOOD_TWO, encoding="utf-8")
    expected: dict[str, str] = {}
    for case in CASES:
        if not case.faults:
            case.make(folder)
            expected |= {
                name: line.format(path=folder / name) for name, line in case.expected.items()
            }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    listed = run("--routines", str(folder), "list", "--json")
    assert "Traceback" not in listed.stderr
    assert listed.returncode == 0, listed.stderr
    entries = {Path(entry["path"]).name: entry for entry in json.loads(listed.stdout)}
    builtin = sorted(path.name for path in (REPO / "routines").glob("*.yaml"))
    assert all(entries[name]["valid"] for name in [*builtin, "good-one.yaml", "good-two.yaml"])
    assert {name: entries[name]["error"] for name in expected} == expected
    assert len(entries) == len(builtin) + 2 + len(expected)

    validated = run("validate", str(folder))
    assert "Traceback" not in validated.stdout + validated.stderr
    assert validated.returncode == 1
    total = len(expected) + 2
    assert validated.stdout.splitlines() == [
        *(expected[name] for name in sorted(expected)),
        f"{len(expected)} of {total} files with problems",
    ]
