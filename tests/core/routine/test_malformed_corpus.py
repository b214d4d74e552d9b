"""A corpus of broken routine files, each with the exact problem lines the loader must report.

Every file in ``tests/core/routine/malformed/`` makes one kind of mistake and states, in its leading
comments, each line the loader reports for it, without the file name::

    # expect: 7:25: steps.0.breathe.pattern.inhale: a breath phase must be between ...

Files that cannot carry such comments (wrong encodings, binary data, sizes over the limit) are
written by the tests below into a temporary folder, with their expected lines beside them.
"""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from app.core.routine import yaml_limits
from app.core.routine.loader import load_routine_file
from app.core.routine.problems import RoutineError
from tests.conftest import REPO

MALFORMED = Path(__file__).parent / "malformed"
EXPECT = "# expect: "
CORPUS = sorted(MALFORMED.glob("*.yaml"))


def expected_lines(path: Path) -> list[str]:
    """The ``# expect:`` lines of the comment block that opens *path*, without the prefix."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(EXPECT):
            lines.append(line.removeprefix(EXPECT))
    return lines


def reported_lines(path: Path) -> list[str]:
    """What the loader reports for *path*; the test fails if it loads, or raises anything else."""
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture(
    params=[
        pytest.param(
            "libyaml",
            marks=pytest.mark.skipif(
                not yaml.__with_libyaml__, reason="PyYAML was built without libyaml"
            ),
        ),
        "pure-python",
    ]
)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each YAML parser the loader may use."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_limits, "Loader", yaml.SafeLoader)
    else:
        monkeypatch.setattr(yaml_limits, "Loader", yaml.CSafeLoader)
    name: str = request.param
    return name


# ------------------------------------------------------------------------------ the corpus itself


def test_the_corpus_holds_at_least_thirty_numbered_files_each_with_expectations() -> None:
    """At least 30 malformed files, numbered ``NN-name.yaml`` with no number used twice, and
    every one states at least one expected problem line."""
    assert len(CORPUS) >= 30
    numbers = [path.name.split("-", 1)[0] for path in CORPUS]
    assert all(re.fullmatch(r"\d\d", number) for number in numbers), numbers
    assert len(set(numbers)) == len(numbers)
    assert [path.name for path in CORPUS if not expected_lines(path)] == []


def test_every_expected_line_has_the_problem_format() -> None:
    """Each expectation reads ``LINE:COLUMN: field.path: message`` with a position in the file."""
    for path in CORPUS:
        line_count = len(path.read_text(encoding="utf-8").splitlines())
        for expected in expected_lines(path):
            match = re.fullmatch(r"(\d+):(\d+): ([\w.]+): (.+)", expected)
            assert match is not None, f"{path.name}: {expected}"
            assert 1 <= int(match[1]) <= max(line_count, 1), f"{path.name}: {expected}"


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_each_malformed_file_reports_exactly_its_expected_lines(
    path: Path, yaml_loader: str
) -> None:
    """Loading the file raises RoutineError whose problems are exactly the expected lines, in
    order, each prefixed with the file as it was named to the loader - with libyaml and with
    PyYAML's pure-Python parser alike."""
    assert reported_lines(path) == [f"{path}:{line}" for line in expected_lines(path)]


# ---------------------------------------------------- files that cannot carry their expectations


@dataclass(frozen=True)
class RawCase:
    name: str
    content: bytes
    expected: tuple[str, ...]


_VALID_TEXT = "name: Café pause\nsummary: A short rest.\nsteps:\n  - rest: {duration: 20s}\n"

RAW_CASES = (
    RawCase(
        "latin-1.yaml",
        _VALID_TEXT.encode("latin-1"),
        ("1:10: encoding: byte 0xe9 is not UTF-8; save the file as UTF-8",),
    ),
    RawCase(
        "utf-16-with-bom.yaml",
        _VALID_TEXT.encode("utf-16"),  # the codec writes a byte-order mark first
        ("1:1: encoding: file is UTF-16; save it as UTF-8",),
    ),
    RawCase(
        "utf-16-without-bom.yaml",
        _VALID_TEXT.encode("utf-16-le"),
        ("1:1: encoding: file is UTF-16; save it as UTF-8",),
    ),
    RawCase(
        "utf-32-with-bom.yaml",
        codecs.BOM_UTF32_LE + _VALID_TEXT.encode("utf-32-le"),
        ("1:1: encoding: file is UTF-32; save it as UTF-8",),
    ),
    RawCase(
        "binary.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        ("3:1: encoding: file is binary, not a UTF-8 text file",),
    ),
    RawCase(
        "too-big.yaml",
        (_VALID_TEXT + "# padding\n" * 30_000).encode(),
        ("1:1: file: larger than 256 KiB",),
    ),
)


@pytest.fixture
def raw_files(tmp_path: Path) -> dict[Path, tuple[str, ...]]:
    files = {}
    for case in RAW_CASES:
        path = tmp_path / case.name
        path.write_bytes(case.content)
        files[path] = case.expected
    return files


@pytest.mark.parametrize("case", RAW_CASES, ids=[case.name for case in RAW_CASES])
def test_files_in_other_encodings_or_too_big_report_one_line(case: RawCase, tmp_path: Path) -> None:
    """A file that is not UTF-8 text, or is over the size limit, is refused with one line that
    says what to do, before any YAML is read."""
    path = tmp_path / case.name
    path.write_bytes(case.content)
    assert reported_lines(path) == [f"{path}:{line}" for line in case.expected]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """UTF-8 with a byte-order mark (as some Windows editors save it) is plain UTF-8."""
    path = tmp_path / "with-bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + _VALID_TEXT.encode())
    assert load_routine_file(path).name == "Café pause"


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    """A file that does not exist is reported as unreadable, with the system's reason."""
    path = tmp_path / "nowhere.yaml"
    assert reported_lines(path) == [f"{path}:1:1: file: cannot be read: No such file or directory"]


def test_a_folder_given_as_a_file_is_one_line(tmp_path: Path) -> None:
    """Naming a folder where a file belongs is reported, not raised."""
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert reported_lines(folder) == [f"{folder}:1:1: file: cannot be read: Is a directory"]


# ----------------------------------------------------------------------- the command line on it


def _all_expected(raw_files: dict[Path, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    for path in CORPUS:
        relative = path.relative_to(REPO)
        for line in expected_lines(path):
            yield str(relative), f"{relative}:{line}"
    for path, lines in raw_files.items():
        for line in lines:
            yield str(path), f"{path}:{line}"


def test_validate_on_the_whole_corpus_prints_every_line_and_no_traceback(
    raw_files: dict[Path, tuple[str, ...]],
) -> None:
    """``python -m app validate`` on every malformed file exits with status 1, prints each
    expected line on stdout and a count of the bad files, and never a traceback."""
    expected = list(_all_expected(raw_files))
    files = list(dict.fromkeys(name for name, _ in expected))
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", *files],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 1
    printed = result.stdout.splitlines()
    assert [line for _, line in expected if line not in printed] == []
    assert printed[-1] == f"{len(files)} of {len(files)} files with problems"
    assert len(printed) == len(expected) + 1  # nothing else is printed
