"""The ``unbrace`` command line: list, validate, timeline, schema, --version, and no window.

A few tests run ``python -m app`` in a subprocess (the real entry point, exit status, stderr);
the rest call ``app.cli.main`` in-process and read what it prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from app import __version__
from app.cli import main
from tests.conftest import BUILTIN_ROUTINES, REPO

ENTRY_KEYS = {"id", "name", "path", "total_s", "fixed_s", "tags", "regions", "valid", "error"}
TIMELINE_KEYS = {"id", "name", "total_s", "fixed_s", "segments"}
SEGMENT_KEYS = {"step", "kind", "phase", "label", "start_s", "duration_s", "region", "word", "say"}

BROKEN = textwrap.dedent(
    """\
    name: Broken
    summary: Three problems in one file.
    steps:
      - breathe: {pattern: {inhale: 0.1, exhale: 6}, cycles: 2, colour: red}
      - rest: {}
    """
)
WITH_HOLD = textwrap.dedent(
    """\
    name: With a hold
    summary: A rest, then a hold the user ends.
    steps:
      - rest: {duration: 5s}
      - hold: {label: Hold the breath out}
    """
)


def run_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        env=os.environ.copy() if env is None else env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def extra_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "with-hold.yaml").write_text(WITH_HOLD, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------- list


def test_list_json_describes_every_routine_invalid_files_included(
    capsys: pytest.CaptureFixture[str], extra_folder: Path
) -> None:
    """`list --json` is an array of {id, name, path, total_s, fixed_s, tags, regions, valid,
    error}: the built-in routines, the extra folder's valid routine, and its broken file."""
    status, out, err = run_main(capsys, "--routines", str(extra_folder), "list", "--json")
    assert status == 0
    assert err == ""
    entries: list[dict[str, Any]] = json.loads(out)
    assert all(set(entry) == ENTRY_KEYS for entry in entries)
    by_id = {entry["id"]: entry for entry in entries}
    assert len(by_id) == len(entries)
    builtin_ids = {path.stem for path in BUILTIN_ROUTINES.glob("*.yaml")}
    assert builtin_ids | {"broken", "with-hold"} == set(by_id)

    diaphragmatic = by_id["diaphragmatic-3min"]
    assert diaphragmatic["name"] == "3-Minute Diaphragmatic Breathing"
    assert diaphragmatic["total_s"] == diaphragmatic["fixed_s"] == 180
    assert diaphragmatic["valid"] is True
    assert diaphragmatic["error"] is None
    assert diaphragmatic["path"] == str(BUILTIN_ROUTINES / "diaphragmatic-3min.yaml")
    assert "breathwork" in diaphragmatic["tags"]
    assert "lower_back" in diaphragmatic["regions"]

    with_hold = by_id["with-hold"]
    assert (with_hold["total_s"], with_hold["fixed_s"], with_hold["valid"]) == (None, 5, True)

    broken = by_id["broken"]
    assert broken["valid"] is False
    assert broken["name"] is None
    assert broken["total_s"] is None
    assert broken["fixed_s"] is None
    assert (broken["tags"], broken["regions"]) == ([], [])
    assert broken["path"] == str(extra_folder / "broken.yaml")
    assert broken["error"].startswith(f"{extra_folder / 'broken.yaml'}:4:")
    assert "inhale" in broken["error"]


def test_list_prints_one_line_per_routine(
    capsys: pytest.CaptureFixture[str], extra_folder: Path
) -> None:
    """Plain `list` shows each routine's id, length and name; an invalid one says so."""
    status, out, _ = run_main(capsys, "--routines", str(extra_folder), "list")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(list(BUILTIN_ROUTINES.glob("*.yaml"))) + 2
    (diaphragmatic,) = [line for line in lines if line.startswith("diaphragmatic-3min ")]
    assert "3m" in diaphragmatic
    assert "3-Minute Diaphragmatic Breathing" in diaphragmatic
    (broken,) = [line for line in lines if line.startswith("broken ")]
    assert "invalid" in broken


# ------------------------------------------------------------------------------ validate


def test_validate_all_builtin_routines_exits_zero() -> None:
    """`validate routines/*.yaml` (the real command) finds nothing wrong."""
    files = sorted(str(path.relative_to(REPO)) for path in BUILTIN_ROUTINES.glob("*.yaml"))
    result = run_app("validate", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"{len(files)} files valid"
    assert result.stderr == ""


def test_validate_a_folder_checks_every_file_in_it(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate routines/` validates the files in the folder."""
    status, out, _ = run_main(capsys, "validate", str(BUILTIN_ROUTINES))
    assert status == 0
    assert out.strip().endswith("files valid")


def test_validate_a_broken_file_exits_one_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], extra_folder: Path
) -> None:
    """Each problem is one FILE:LINE:COLUMN: field: message line; then a one-line summary."""
    path = extra_folder / "broken.yaml"
    status, out, _ = run_main(capsys, "validate", str(path))
    assert status == 1
    *problems, summary = out.splitlines()
    assert [line.split(": ", 2)[:2] for line in problems] == [
        [f"{path}:4:33", "steps.0.breathe.pattern.inhale"],
        [f"{path}:4:61", "steps.0.breathe.colour"],
        [f"{path}:5:11", "steps.1.rest.duration"],
    ]
    assert "0.5 s" in problems[0]
    assert "unknown key 'colour'" in problems[1]
    assert "missing" in problems[2]
    assert summary == "1 of 1 file with problems"


def test_validate_reports_a_second_file_with_the_same_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two files naming one id: the second is a problem at its id line."""
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text(WITH_HOLD.replace("name:", "id: same\nname:"), encoding="utf-8")
    second.write_text(WITH_HOLD.replace("name:", "id: same\nname:"), encoding="utf-8")
    status, out, _ = run_main(capsys, "validate", str(first), str(second))
    assert status == 1
    assert out.splitlines()[0].startswith(f"{second}:1:5: id: id 'same' is already used by")


def test_validate_a_missing_file_exits_one_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file that is not there is a problem like any other."""
    missing = tmp_path / "nope.yaml"
    status, out, err = run_main(capsys, "validate", str(missing))
    assert status == 1
    assert out.splitlines()[0].startswith(f"{missing}:1:1: file: cannot be read")
    assert "Traceback" not in out + err


# ------------------------------------------------------------------------------ timeline


def test_timeline_json_of_diaphragmatic_breathing(capsys: pytest.CaptureFixture[str]) -> None:
    """`timeline diaphragmatic-3min --json`: total_s 180 and exactly the promised keys."""
    status, out, _ = run_main(capsys, "timeline", "diaphragmatic-3min", "--json")
    assert status == 0
    data = json.loads(out)
    assert set(data) == TIMELINE_KEYS
    assert data["id"] == "diaphragmatic-3min"
    assert data["name"] == "3-Minute Diaphragmatic Breathing"
    assert data["total_s"] == data["fixed_s"] == 180
    segments = data["segments"]
    assert len(segments) == 36
    assert all(set(segment) == SEGMENT_KEYS for segment in segments)
    assert segments[0] == {
        "step": 0,
        "kind": "breathe",
        "phase": "inhale",
        "label": "Belly breathing",
        "start_s": 0,
        "duration_s": 4,
        "region": None,
        "word": "In",
        "say": None,
    }
    assert [s["phase"] for s in segments] == ["inhale", "exhale"] * 18
    start = 0.0
    for segment in segments:
        assert segment["start_s"] == pytest.approx(start)
        start += segment["duration_s"]
    assert start == pytest.approx(180)


def test_timeline_of_a_routine_with_an_open_segment_has_no_total(
    capsys: pytest.CaptureFixture[str], extra_folder: Path
) -> None:
    """An open hold makes total_s null; fixed_s still counts the timed part; the hold has no
    duration."""
    status, out, _ = run_main(capsys, "timeline", str(extra_folder / "with-hold.yaml"), "--json")
    assert status == 0
    data = json.loads(out)
    assert (data["id"], data["total_s"], data["fixed_s"]) == ("with-hold", None, 5)
    hold = data["segments"][1]
    assert (hold["kind"], hold["start_s"], hold["duration_s"]) == ("hold", 5, None)


def test_timeline_by_path_finds_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    """ROUTINE may be a path to a YAML file instead of an id."""
    path = BUILTIN_ROUTINES / "box-breathing.yaml"
    status, out, _ = run_main(capsys, "timeline", str(path), "--json")
    assert status == 0
    assert json.loads(out)["id"] == "box-breathing"


def test_timeline_by_id_finds_a_routine_in_an_extra_folder(
    capsys: pytest.CaptureFixture[str], extra_folder: Path
) -> None:
    """An id from a --routines folder is found like a built-in one."""
    status, out, _ = run_main(capsys, "--routines", str(extra_folder), "timeline", "with-hold")
    assert status == 0
    assert out.splitlines()[0] == "With a hold (with-hold): 5s + open"


def test_timeline_as_text_lists_each_segment(capsys: pytest.CaptureFixture[str]) -> None:
    """The text form starts with name, id and length, then one line per segment."""
    status, out, _ = run_main(capsys, "timeline", "diaphragmatic-3min")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "3-Minute Diaphragmatic Breathing (diaphragmatic-3min): 3m"
    assert len(lines) == 2 + 36
    assert "Belly breathing: In (cycle 1/18)" in lines[2]


def test_timeline_of_an_unknown_id_exits_two_with_one_line_and_no_traceback() -> None:
    """An id that no routine has: exit status 2, one line on stderr, nothing on stdout."""
    result = run_app("timeline", "no-such-routine")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "unbrace: no routine with id 'no-such-routine' (see `unbrace list`)"
    ]


def test_timeline_of_a_broken_file_exits_one_with_its_problems(
    capsys: pytest.CaptureFixture[str], extra_folder: Path
) -> None:
    """A broken routine file given by path prints its problems, one a line, and exits 1."""
    path = extra_folder / "broken.yaml"
    status, out, err = run_main(capsys, "timeline", str(path))
    assert status == 1
    assert out == ""
    assert len(err.splitlines()) == 3
    assert all(line.startswith(f"{path}:") for line in err.splitlines())


# -------------------------------------------------------------------------------- schema


def _schema(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status, out, _ = run_main(capsys, "schema")
    assert status == 0
    schema: dict[str, Any] = json.loads(out)
    return schema


def test_schema_prints_the_json_schema_of_routine_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`schema` prints a JSON Schema whose top level has `steps` and `name` properties."""
    schema = _schema(capsys)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"
    assert {"steps", "name"} <= set(schema["properties"])
    assert "name" in schema["required"]
    assert "id" not in schema["required"]


def test_schema_accepts_every_builtin_routine(capsys: pytest.CaptureFixture[str]) -> None:
    """The schema validates the shipped routines (checked when jsonschema is installed)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = _schema(capsys)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(BUILTIN_ROUTINES.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [error.message for error in validator.iter_errors(document)]
        assert errors == [], path.name


# ---------------------------------------------------------------------- version, no window


def test_version_prints_the_package_version() -> None:
    """`python -m app --version` prints `unbrace VERSION` and exits 0."""
    result = run_app("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"unbrace {__version__}"


def test_without_a_display_the_window_command_explains_in_one_line() -> None:
    """`unbrace` alone with no display: one line pointing to `unbrace doctor`, exit status 1."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = run_app(env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "unbrace doctor" in line
    assert "Traceback" not in result.stderr


def test_the_doctor_command_that_the_no_display_message_recommends_exists() -> None:
    """`unbrace doctor` is a command (the no-display message sends the user there)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = run_app("doctor", env=env)
    assert "invalid choice" not in result.stderr
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
