"""The command line against names and text a user (or a file) can hand it: a name too long for
the system is one line and exit 2, never a traceback; text from a file reaches the terminal
without its control characters; ``validate`` reports an unreadable folder and checks the next.
Also what a second start sends to the running app: capped in size and depth, answered with an
error; and where the two meet: a folder only the user can enter, or none (and the app says so)."""

from __future__ import annotations

import errno
import io
import os
import stat
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from app.cli import main
from app.desktop.instance.request import (
    MAX_LINE_BYTES,
    InstanceRequest,
    default_instance_name,
    private_folder,
)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as leaving:  # argparse
            status = int(leaving.code or 0)
    return status, out.getvalue(), err.getvalue()


LONG_NAMES = {
    "300-character id": "a" * 300,
    "300-character file name": "b" * 296 + ".yaml",
    "4,200-character path": "/".join(["c" * 100] * 42) + ".yaml",
    "long name with control characters": "\x1b[31m" + "d" * 300,
}


@pytest.mark.parametrize("name", LONG_NAMES.values(), ids=LONG_NAMES.keys())
@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["timeline"],
        ["timeline", "--json"],
        ["render-audio", "{name}", "/tmp/out.wav"],
        ["render-audio", "good", "{name}"],
        ["run"],
        ["--routines", "{name}", "list"],
    ],
    ids=[
        "validate",
        "timeline",
        "timeline json",
        "render-audio",
        "render-audio out",
        "run",
        "--routines",
    ],
)
def test_a_name_too_long_for_the_system_is_one_line_and_exit_2(
    command: list[str], name: str
) -> None:
    """ENAMETOOLONG once escaped as a traceback from validate, timeline, render-audio and run
    (sent to a running app, too): now one line naming the limit, before anything is opened."""
    argv = [part.replace("{name}", name) for part in command]
    if "{name}" not in " ".join(command):
        argv.append(name)

    status, out, err = run_cli(*argv)

    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("unbrace: the ")
    assert "is at most 255 bytes and a path at most 4,096" in err
    assert "\x1b" not in err


CONTROL = "Calm\x07 \x1b[31mred\x1b[0m\rback\u2028over"
ESCAPED = "Calm\\x07 \\x1b[31mred\\x1b[0m\\rback\\u2028over"


@pytest.fixture
def loud_routine(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "loud.yaml").write_text(
        f'name: "{CONTROL.encode("unicode_escape").decode()}"\n'
        f'summary: "Bell\\x07 and \\e[2J clear"\n'
        "steps:\n"
        f'  - rest: {{duration: 5s, label: "{CONTROL.encode("unicode_escape").decode()}"}}\n'
        '  - hold: {label: "Hold\\x1b]0;title\\x07"}\n',
        encoding="utf-8",
    )
    (folder / "bad\x1b[2J.yaml").write_text("name: [", encoding="utf-8")
    return folder


def test_list_and_timeline_print_text_from_files_without_control_characters(
    loud_routine: Path,
) -> None:
    """A bell, colour escapes, a carriage return, a line separator in a routine's name, labels or
    file name: printed escaped, as problem lines already were; nothing raw reaches the terminal."""
    for argv in (
        ["--routines", str(loud_routine), "list"],
        ["--routines", str(loud_routine), "timeline", "loud"],
        ["timeline", str(loud_routine / "loud.yaml")],
        ["render-audio", str(loud_routine / "loud.yaml"), str(loud_routine / "out.wav")],
    ):
        status, out, err = run_cli(*argv)
        assert status == 0, err
        text = out + err
        assert not any(char in text for char in "\x07\x1b\r\u2028"), argv
        if argv[-1] != str(loud_routine / "out.wav"):
            assert ESCAPED in out
    status, out, _ = run_cli("--routines", str(loud_routine), "list")
    assert "bad\\x1b[2J" in out


def unlistable(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """Listing *folders* fails with "Permission denied" (injected: the tests run as root)."""
    from app.core.routine import library

    real = library.routine_files

    def routine_files(folder: Path) -> list[Path]:
        if folder in folders:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
        return real(folder)

    monkeypatch.setattr(library, "routine_files", routine_files)


def test_validate_reports_an_unreadable_folder_and_checks_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be listed, then a good one: the first is one line, the second is
    still checked, and the summary counts both."""
    locked = tmp_path / "locked"
    locked.mkdir()
    good = tmp_path / "good"
    good.mkdir()
    (good / "fine.yaml").write_text(
        "name: Fine\nsummary: Fine.\nsteps:\n  - rest: {duration: 5s}\n", encoding="utf-8"
    )
    (good / "broken.yaml").write_text("name: [", encoding="utf-8")
    unlistable(monkeypatch, locked)

    status, out, _ = run_cli("validate", str(locked), str(good))

    lines = out.splitlines()
    assert status == 1
    assert lines[0] == f"{locked}:1:1: folder: cannot be read: Permission denied"
    assert lines[1].startswith(f"{good / 'broken.yaml'}:")
    assert lines[-1] == "1 of 2 files with problems; 1 folder could not be read"


def test_validate_of_unreadable_folders_only_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two unreadable folders and a valid file: all three reported on, exit 1."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    fine = tmp_path / "fine.yaml"
    fine.write_text("name: Fine\nsummary: Fine.\nsteps:\n  - rest: {duration: 5s}\n", "utf-8")
    unlistable(monkeypatch, first, second)

    status, out, _ = run_cli("validate", str(first), str(fine), str(second))

    assert status == 1
    assert out.count("folder: cannot be read: Permission denied") == 2
    assert out.splitlines()[-1] == "2 folders could not be read"


# ------------------------------------------------------------------ the instance socket

HOSTILE_LINES = {
    "[ x 5,000": b"[" * 5_000,
    "[ x 8,000 (over the cap)": b"[" * 8_000,
    '{"a": x 1,300': b'{"a": ' * 1_300,
    "nested and closed x 3,000": b"[" * 3_000 + b"]" * 3_000,
    "deep inside a valid request": (
        b'{"version": 1, "command": "run", "routine": ' + b"[" * 4_000 + b"]" * 4_000 + b"}"
    ),
    "over the size cap": b'{"version": 1, "command": "run", "routine": "'
    + b"x" * MAX_LINE_BYTES
    + b'"}',
    "NaN version": b'{"version": NaN, "command": "show", "routine": null}',
}


@pytest.mark.parametrize("line", HOSTILE_LINES.values(), ids=HOSTILE_LINES.keys())
def test_a_hostile_request_line_is_a_value_error_never_a_recursion_error(line: bytes) -> None:
    """5,000 nested brackets once raised RecursionError in the running app; every such line is
    now refused as a malformed request (the server answers "error")."""
    with pytest.raises(ValueError):  # the message varies with the damage
        InstanceRequest.from_line(line)


def test_a_long_id_or_path_never_escapes_the_command_line_as_a_traceback(tmp_path: Path) -> None:
    """Building the request for a running app: a 300-character id is not looked up as a file
    (ENAMETOOLONG), it is sent as an id; a path past 4,096 is a ValueError (the command line
    stops it first, in one line)."""
    request = InstanceRequest.from_command_line("a" * 300, False, tmp_path)
    assert request == InstanceRequest("run", "a" * 300)
    with pytest.raises(ValueError, match="too long"):
        InstanceRequest.from_command_line("/" + "c" * 4_200 + ".yaml", False, tmp_path)


def test_without_a_runtime_folder_the_socket_goes_in_a_private_folder(tmp_path: Path) -> None:
    """No XDG_RUNTIME_DIR: a folder unbrace-UID made 0700 and owned by the user."""
    name = default_instance_name({}, [tmp_path])

    folder = tmp_path / f"unbrace-{os.getuid()}"
    assert name == str(folder / "instance")
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700


def test_a_folder_made_by_another_user_first_is_never_trusted(tmp_path: Path) -> None:
    """Another user who makes /tmp/unbrace-UID first once switched the guard off; now that folder
    is skipped for the next fallback, and with none left there is no name (the app says so)."""
    taken, spare = tmp_path / "tmp", tmp_path / "cache"
    taken.mkdir()
    spare.mkdir()
    squatted = taken / f"unbrace-{os.getuid()}"
    squatted.mkdir()
    squatted.chmod(0o777)
    os.chown(squatted, os.getuid() + 1, -1)  # the tests run as root: stage another owner

    assert default_instance_name({}, [taken, spare]) == str(
        spare / f"unbrace-{os.getuid()}" / "instance"
    )
    assert default_instance_name({}, [taken]) is None
    assert stat.S_IMODE(squatted.stat().st_mode) == 0o777  # not ours: not touched


@pytest.mark.parametrize(
    "make",
    [
        lambda path: path.symlink_to(path.parent),
        lambda path: path.write_text("not a folder", encoding="utf-8"),
        lambda path: os.mkfifo(path),
    ],
    ids=["link to a folder", "file", "pipe"],
)
def test_a_fallback_that_is_not_a_real_folder_is_not_used(tmp_path: Path, make: object) -> None:
    """A link (even to a folder we own), a file or a pipe at unbrace-UID: not trusted."""
    path = tmp_path / f"unbrace-{os.getuid()}"
    make(path)  # type: ignore[operator]
    assert private_folder(path, os.getuid()) is None
    assert default_instance_name({}, [tmp_path]) is None


def test_a_folder_of_ours_open_to_others_is_closed(tmp_path: Path) -> None:
    """Our own folder with group or other access (an old umask): made 0700 again, then used."""
    path = tmp_path / f"unbrace-{os.getuid()}"
    path.mkdir()
    path.chmod(0o755)
    assert private_folder(path, os.getuid()) == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
