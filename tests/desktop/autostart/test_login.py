"""Start at login: the XDG autostart entry, and the menu entry Unbrace ships."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from app import APP_ID
from app.desktop.autostart.login import (
    autostart_entry,
    autostart_path,
    config_home,
    disable_autostart,
    enable_autostart,
    exec_value,
    is_autostart_enabled,
    launch_command,
)
from tests.conftest import REPO

MENU_ENTRY = REPO / "assets" / f"{APP_ID}.desktop"


def validate(path: Path) -> str:
    """What desktop-file-validate says about *path* (nothing when the entry is valid)."""
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: ./unbrace.sh test installs it"
    result = subprocess.run([validator, os.fspath(path)], capture_output=True, text=True)
    return (result.stdout + result.stderr).strip() or ("" if result.returncode == 0 else "failed")


def read_entry(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser["Desktop Entry"]


def unescape_string(value: str) -> str:
    """The Desktop Entry Specification's escapes of string values, undone."""
    out, chars = [], iter(value)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        follower = next(chars)
        out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(follower, follower))
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """An independent reading of an Exec value, as a launcher does it (spec, "The Exec key")."""
    text = unescape_string(value)
    args: list[str] = []
    current: list[str] = []
    in_arg = quoted = False
    chars = iter(text)
    for char in chars:
        if quoted:
            if char == "\\":
                escaped = next(chars)
                assert escaped in '"`$\\', f"bad escape \\{escaped}"
                current.append(escaped)
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"':
            quoted = in_arg = True
        elif char == " ":
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
        else:
            assert char not in "\\'><~|&;$*?#()`\t\n", f"unquoted reserved character {char!r}"
            current.append(char)
            in_arg = True
    assert not quoted, "unterminated quote"
    if in_arg:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]


def test_the_entry_goes_in_the_autostart_folder(tmp_path: Path) -> None:
    """$XDG_CONFIG_HOME/autostart/unbrace.desktop."""
    assert autostart_path(tmp_path) == tmp_path / "autostart" / "unbrace.desktop"


def test_config_home_follows_the_spec(tmp_path: Path) -> None:
    """XDG_CONFIG_HOME when absolute; ~/.config when unset or relative."""
    assert config_home({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path
    assert config_home({"HOME": "/home/me"}) == Path("/home/me/.config")
    assert config_home({"HOME": "/home/me", "XDG_CONFIG_HOME": "rel"}) == Path("/home/me/.config")


def test_enable_then_disable_round_trip(tmp_path: Path) -> None:
    """Enabling writes a readable 0644 entry that says it is on; disabling removes it."""
    path = autostart_path(tmp_path)
    assert not is_autostart_enabled(path)
    enable_autostart(path, ["/usr/bin/unbrace", "--tray"])
    assert is_autostart_enabled(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    entry = read_entry(path.read_text(encoding="utf-8"))
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Unbrace"
    assert entry["Icon"] == APP_ID
    assert entry["Comment"]
    assert entry["NoDisplay"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Exec"] == "/usr/bin/unbrace --tray"
    assert entry["TryExec"] == "/usr/bin/unbrace"
    enable_autostart(path, ["/opt/unbrace", "--tray"])  # rewriting replaces
    assert split_exec(read_entry(path.read_text())["Exec"]) == ["/opt/unbrace", "--tray"]
    disable_autostart(path)
    assert not path.exists()
    assert not is_autostart_enabled(path)
    disable_autostart(path)  # already gone: nothing to do


@pytest.mark.parametrize(
    "command",
    [
        ["/home/me/My Apps/venv/bin/unbrace", "--tray"],
        ['/home/me/it\'s $HOME/`x`/"q"/back\\slash/unbrace', "--tray"],
        ["/opt/100%/python3", "-m", "app", "--tray"],
        ["/tmp/semi;colon & (paren) #hash ~tilde *?<>|", "--tray"],
        ["/tmp/tab\there", "--tray"],
        ["/tmp/ünïcode/unbrace", "--tray"],
    ],
)
def test_exec_quotes_what_needs_quoting(tmp_path: Path, command: list[str]) -> None:
    """Spaces, quotes, $, `, backslashes, % and the other reserved characters survive the trip."""
    path = autostart_path(tmp_path)
    enable_autostart(path, command)
    entry = read_entry(path.read_text(encoding="utf-8"))
    assert split_exec(entry["Exec"]) == command
    assert unescape_string(entry["TryExec"]) == command[0]
    assert validate(path) == ""


def test_plain_arguments_are_left_bare() -> None:
    """Nothing is quoted that need not be."""
    assert exec_value(["/usr/bin/python3", "-m", "app", "--tray"]) == (
        "/usr/bin/python3 -m app --tray"
    )
    assert exec_value(["/a b/unbrace"]) == '"/a b/unbrace"'
    assert (
        exec_value(["/a\\b"]) == '"/a\\\\\\\\b"'
    )  # four backslashes in the file, as the spec says
    with pytest.raises(ValueError):
        exec_value([])


def test_an_entry_turned_off_by_the_desktop_counts_as_off(tmp_path: Path) -> None:
    """Startup preferences that hide the entry or set the GNOME key to false turn the box off."""
    path = autostart_path(tmp_path)
    base = autostart_entry(["/usr/bin/unbrace", "--tray"])
    path.parent.mkdir(parents=True)
    path.write_text(
        base.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false")
    )
    assert not is_autostart_enabled(path)
    path.write_text(base + "Hidden=true\n")
    assert not is_autostart_enabled(path)
    path.write_text("not an ini file at all [\n")
    assert not is_autostart_enabled(path)
    path.write_text("[Something Else]\nName=x\n")
    assert not is_autostart_enabled(path)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    """Where the folder cannot be written, enabling raises OSError and leaves no temp file."""
    blocked = tmp_path / "config"
    blocked.mkdir()
    (blocked / "autostart").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        enable_autostart(autostart_path(blocked), ["/usr/bin/unbrace", "--tray"])
    assert sorted(p.name for p in blocked.iterdir()) == ["autostart"]


def test_launch_command_prefers_the_console_script(tmp_path: Path) -> None:
    """The running `unbrace` script, made absolute but not resolved; else python -m app."""
    script = tmp_path / "bin" / "unbrace"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    link = tmp_path / "unbrace"
    link.symlink_to(script)
    assert launch_command(str(script), "/usr/bin/python3") == [str(script), "--tray"]
    assert launch_command(str(link), "/usr/bin/python3") == [str(link), "--tray"]
    assert launch_command("/no/such/unbrace", "/venv/bin/python") == [
        "/venv/bin/python",
        "-m",
        "app",
        "--tray",
    ]
    assert launch_command("/src/app/__main__.py", "/venv/bin/python") == [
        "/venv/bin/python",
        "-m",
        "app",
        "--tray",
    ]


def test_launch_command_finds_a_bare_name_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argv[0] without a folder is looked up on PATH, like the shell did."""
    script = tmp_path / "unbrace"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert launch_command("unbrace", "/usr/bin/python3") == [str(script), "--tray"]


def test_launch_command_of_this_process_is_absolute() -> None:
    """Whatever runs the tests, the command starts with an absolute program and ends in --tray."""
    command = launch_command()
    assert Path(command[0]).is_absolute()
    assert command[-1] == "--tray"


def test_the_menu_entry_parses_with_the_required_keys() -> None:
    """assets/app.unbrace.Unbrace.desktop: an application entry that runs `unbrace` with its
    icon, named by the application's id as AppStream and the icon theme want."""
    entry = read_entry(MENU_ENTRY.read_text(encoding="utf-8"))
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Unbrace"
    assert entry["Exec"] == "unbrace"
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == "unbrace"
    assert entry["Comment"]
    assert entry["Categories"].endswith(";")
    assert "Utility" in entry["Categories"].split(";")
    keywords = entry["Keywords"].split(";")
    assert {"breath", "breathing", "back", "tension", "relax"} <= set(keywords)
    assert (REPO / "assets" / "icons" / "unbrace.svg").is_file()  # installed under the id


def test_desktop_file_validate_accepts_both_entries(tmp_path: Path) -> None:
    """The reference validator finds nothing to say about either."""
    path = autostart_path(tmp_path)
    enable_autostart(path, ["/home/me/My Apps/unbrace", "--tray"])
    assert validate(MENU_ENTRY) == ""
    assert validate(path) == ""
