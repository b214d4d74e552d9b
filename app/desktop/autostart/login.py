"""Start at login: an XDG autostart entry that runs ``unbrace --tray``.

The entry lives in ``$XDG_CONFIG_HOME/autostart/unbrace.desktop`` (the Desktop Application
Autostart Specification). Its presence is the setting: nothing about it is kept in the settings
file, so a user who deletes the entry by hand, or turns it off in their desktop's startup
preferences (which writes ``Hidden=true`` or ``X-GNOME-Autostart-enabled=false``), sees the
checkbox follow.
"""

from __future__ import annotations

import configparser
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from app import APP_ID
from app.core.files.atomic import write_atomically

ENTRY_NAME = "unbrace.desktop"
TRAY_FLAG = "--tray"
CONSOLE_SCRIPT = "unbrace"

#: characters that force an argument to be quoted in ``Exec`` (Desktop Entry Specification)
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
#: characters escaped with a backslash inside a quoted argument
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


def config_home(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME``, or ``~/.config`` when it is unset or relative (as the spec says)."""
    env = os.environ if env is None else env
    value = env.get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".config"


def autostart_path(config_home: Path) -> Path:
    return config_home / "autostart" / ENTRY_NAME


def program_command(argv0: str | None = None, executable: str | None = None) -> list[str]:
    """How a desktop launcher should start this Unbrace.

    The ``unbrace`` console script when that is what is running (made absolute, symlinks kept:
    ``~/.local/bin/unbrace`` outlives a reinstall better than the file it points to); otherwise
    this Python running the package.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    if Path(argv0).name == CONSOLE_SCRIPT:
        found = argv0 if os.sep in argv0 else shutil.which(argv0)
        if found and os.access(found, os.X_OK) and Path(found).is_file():
            return [str(Path(found).absolute())]
    # not resolved: a virtual environment's python is a symlink that must stay one
    return [str(Path(executable).absolute()), "-m", "app"]


def launch_command(argv0: str | None = None, executable: str | None = None) -> list[str]:
    """How the login session should start this Unbrace, hidden in the tray."""
    return [*program_command(argv0, executable), TRAY_FLAG]


def quote_exec_argument(argument: str) -> str:
    """One argument as the ``Exec`` key's quoting rules want it (before the string escapes)."""
    argument = argument.replace("%", "%%")  # a lone % would start a field code
    if argument and not _RESERVED.intersection(argument):
        return argument
    escaped = "".join(f"\\{c}" if c in _ESCAPED_IN_QUOTES else c for c in argument)
    return f'"{escaped}"'


def escape_string_value(value: str) -> str:
    """The escapes every ``string`` value gets in a desktop entry file."""
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def exec_value(command: Sequence[str]) -> str:
    """The ``Exec`` value that runs *command*, as written in the file."""
    if not command:
        raise ValueError("an Exec line needs a program")
    return escape_string_value(" ".join(quote_exec_argument(arg) for arg in command))


def autostart_entry(command: Sequence[str]) -> str:
    """The text of the autostart desktop entry that runs *command*."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        "Name=Unbrace\n"
        "Comment=Pause reminders and breathwork for a tense back, from the tray\n"
        f"TryExec={escape_string_value(command[0])}\n"
        f"Exec={exec_value(command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "NoDisplay=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def enable_autostart(path: Path, command: Sequence[str]) -> None:
    """Write (or rewrite) the autostart entry; raises ``OSError`` when it cannot."""
    write_atomically(path, autostart_entry(command).encode("utf-8"), mode=0o644)


def disable_autostart(path: Path) -> None:
    """Remove the autostart entry; nothing happens when there is none."""
    path.unlink(missing_ok=True)


def is_autostart_enabled(path: Path) -> bool:
    """Whether a login would start Unbrace through *path* (present, readable and not turned off)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return False
    if not parser.has_section("Desktop Entry"):
        return False
    entry = parser["Desktop Entry"]
    if entry.get("Hidden", "false").strip() == "true":
        return False
    return entry.get("X-GNOME-Autostart-enabled", "true").strip() != "false"
