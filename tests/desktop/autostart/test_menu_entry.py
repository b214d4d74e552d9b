"""The application menu entry: what `unbrace desktop-entry install|remove` puts in the XDG
data folder, checked with the desktop's own validators."""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import APP_ID
from app.cli import main
from app.desktop.autostart.menu_entry import (
    PNG_ICON_SIZES,
    data_home,
    entry_path,
    icon_paths,
    install_menu_entry,
    metainfo_path,
    remove_menu_entry,
)
from tests.conftest import REPO
from tests.desktop.autostart.test_login import read_entry, split_exec, unescape_string, validate

ASSETS = REPO / "assets"
METAINFO = ASSETS / f"{APP_ID}.metainfo.xml"


def appstream_validate(path: Path) -> str:
    """What appstreamcli says about *path*, with no network (nothing when it is valid)."""
    tool = shutil.which("appstreamcli")
    assert tool, "appstreamcli is missing: ./unbrace.sh test installs it (Debian's appstream)"
    result = subprocess.run(
        [tool, "validate", "--no-net", "--no-color", os.fspath(path)],
        capture_output=True,
        text=True,
    )
    return "" if result.returncode == 0 else (result.stdout + result.stderr).strip()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def test_data_home_follows_xdg_and_falls_back_to_local_share() -> None:
    assert data_home({"XDG_DATA_HOME": "/x/share", "HOME": "/h"}) == Path("/x/share")
    assert data_home({"XDG_DATA_HOME": "relative", "HOME": "/h"}) == Path("/h/.local/share")
    assert data_home({"HOME": "/h"}) == Path("/h/.local/share")


def test_install_puts_a_valid_entry_icons_and_metainfo_in_the_menu(tmp_path: Path) -> None:
    """After install the desktop finds an entry that runs this Unbrace by its absolute path, an
    icon of every size under the entry's Icon name, and metainfo; the validators agree."""
    command = ["/home/me/My Apps/venv/bin/unbrace"]
    written = install_menu_entry(ASSETS, tmp_path, command)
    assert set(written) == {entry_path(tmp_path), metainfo_path(tmp_path), *icon_paths(tmp_path)}

    entry = read_entry(entry_path(tmp_path).read_text(encoding="utf-8"))
    assert split_exec(entry["Exec"]) == command
    assert unescape_string(entry["TryExec"]) == command[0]
    assert entry["Icon"] == APP_ID
    assert validate(entry_path(tmp_path)) == ""
    assert appstream_validate(metainfo_path(tmp_path)) == ""
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path  # the desktop reads them

    svg, *pngs = icon_paths(tmp_path)
    assert svg.read_bytes() == (ASSETS / "icons" / "unbrace.svg").read_bytes()
    assert svg.name == f"{APP_ID}.svg" and svg.parent.parent.name == "scalable"
    for size, png in zip(PNG_ICON_SIZES, pngs, strict=True):
        assert png.name == f"{APP_ID}.png"
        assert png.parent.parent.name == f"{size}x{size}"
        assert png_size(png) == (size, size)  # each PNG is the size its folder says


def test_install_again_changes_nothing_and_remove_takes_everything_out(tmp_path: Path) -> None:
    install_menu_entry(ASSETS, tmp_path, ["/usr/bin/unbrace"])
    neighbour = tmp_path / "applications" / "other.desktop"
    neighbour.write_text("[Desktop Entry]\n", encoding="utf-8")
    assert install_menu_entry(ASSETS, tmp_path, ["/usr/bin/unbrace"]) == []
    moved = install_menu_entry(ASSETS, tmp_path, ["/opt/unbrace"])  # a new place: Exec follows
    assert moved == [entry_path(tmp_path)]

    removed = remove_menu_entry(tmp_path)
    assert len(removed) == 2 + len(icon_paths(tmp_path))
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == [neighbour]
    assert remove_menu_entry(tmp_path) == []


def test_the_metainfo_describes_this_app_and_its_real_screenshots() -> None:
    """The shipped metainfo passes appstreamcli, names the id, the desktop entry, the binary and
    this version's release, and every screenshot is one the README shows, with the README's
    caption."""
    assert appstream_validate(METAINFO) == ""
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("icon") == APP_ID
    assert root.findtext("provides/binary") == "unbrace"
    from app import __version__

    assert __version__ in [r.get("version") for r in root.iter("release")]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shots = root.findall("screenshots/screenshot")
    assert shots
    for shot in shots:
        name = (shot.findtext("image") or "").rsplit("/", 1)[-1]
        assert (REPO / "docs" / "images" / name).is_file(), name
        caption = shot.findtext("caption")
        assert caption
        assert f"![{caption}](docs/images/{name})" in readme  # the README's picture and words


def test_the_command_installs_and_removes_in_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["desktop-entry", "install"]) == 0
    assert "added Unbrace to the application menu" in capsys.readouterr().out
    assert validate(entry_path(tmp_path)) == ""
    exec_command = split_exec(read_entry(entry_path(tmp_path).read_text())["Exec"])
    assert Path(exec_command[0]).is_absolute()
    assert main(["desktop-entry", "install"]) == 0
    assert "already in the application menu" in capsys.readouterr().out
    assert main(["desktop-entry", "remove"]) == 0
    assert "took Unbrace out of the application menu" in capsys.readouterr().out
    assert not entry_path(tmp_path).exists()
    assert main(["desktop-entry", "remove"]) == 0
    assert "was not in the application menu" in capsys.readouterr().out


def test_a_folder_that_cannot_be_written_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # a file where a folder must be
    assert main(["desktop-entry", "install"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("unbrace: the application menu in ") and err.count("\n") == 1
