"""The application menu entry: a desktop entry, the icons and the AppStream metainfo.

Installed into the user's XDG data folder (``$XDG_DATA_HOME``, or ``~/.local/share``) so that
Unbrace appears in the desktop's application menu and software centres know what it is:

- ``applications/app.unbrace.Unbrace.desktop`` (the Desktop Entry Specification), whose ``Exec``
  runs the ``unbrace`` that installed it, by its absolute path;
- ``icons/hicolor/{scalable,NxN}/apps/app.unbrace.Unbrace.{svg,png}`` (the Icon Theme
  Specification);
- ``metainfo/app.unbrace.Unbrace.metainfo.xml`` (AppStream).

The templates live in the package's assets, so a distribution package can ship them as they are.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app import APP_ID
from app.core.files.atomic import write_atomically
from app.desktop.autostart.login import escape_string_value, exec_value

#: the PNG sizes beside the SVG, for desktops and software centres that do not draw SVG
PNG_ICON_SIZES = (48, 64, 128, 256)
_ICON_SOURCE = "unbrace.svg"


@dataclass(frozen=True, slots=True)
class InstalledFile:
    """One file of the menu entry: where it goes, and what it holds."""

    path: Path
    data: bytes


def data_home(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or relative (as the spec says)."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def entry_path(data_home: Path) -> Path:
    return data_home / "applications" / f"{APP_ID}.desktop"


def metainfo_path(data_home: Path) -> Path:
    return data_home / "metainfo" / f"{APP_ID}.metainfo.xml"


def icon_paths(data_home: Path) -> list[Path]:
    """Where the icons go: the SVG first, then one PNG per size."""
    hicolor = data_home / "icons" / "hicolor"
    return [
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_ICON_SIZES),
    ]


def menu_entry(template: str, command: Sequence[str]) -> str:
    """The desktop entry *template* with ``Exec`` and ``TryExec`` running *command*."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_value(command)}"
        elif line.startswith("TryExec="):
            line = f"TryExec={escape_string_value(command[0])}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def menu_files(assets: Path, data_home: Path, command: Sequence[str]) -> list[InstalledFile]:
    """Every file the menu entry installs, read from *assets*; raises ``OSError``."""
    template = (assets / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    icons = assets / "icons"
    sources = [
        icons / _ICON_SOURCE,
        *(icons / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_ICON_SIZES),
    ]
    return [
        InstalledFile(entry_path(data_home), menu_entry(template, command).encode("utf-8")),
        InstalledFile(metainfo_path(data_home), (assets / f"{APP_ID}.metainfo.xml").read_bytes()),
        *(
            InstalledFile(target, source.read_bytes())
            for source, target in zip(sources, icon_paths(data_home), strict=True)
        ),
    ]


def install_menu_entry(assets: Path, data_home: Path, command: Sequence[str]) -> list[Path]:
    """Write the menu entry's files (readable by the desktop); return their paths.

    A file that already holds the same bytes is left alone, so running this again changes nothing.
    Raises ``OSError`` when a file cannot be read or written.
    """
    written = []
    for file in menu_files(assets, data_home, command):
        try:
            if file.path.read_bytes() == file.data:
                continue
        except OSError:
            pass
        write_atomically(file.path, file.data, mode=0o644)
        written.append(file.path)
    return written


def remove_menu_entry(data_home: Path) -> list[Path]:
    """Remove the menu entry's files; return those that were there. Raises ``OSError``."""
    removed = []
    for path in [entry_path(data_home), metainfo_path(data_home), *icon_paths(data_home)]:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed
