"""docs/make_screenshots.py makes every picture the README shows, in the light and the dark
look, so the pictures cannot rot: run here on the offscreen platform into a scratch folder.
Not a pixel comparison: each file must be a PNG of a sensible size, and the dark one must be
another, darker picture than the light one."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "docs" / "make_screenshots.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OUTSIDE_THE_SESSION = ("library", "journal", "history", "tray", "mini-pacer")
#: the session is a dark room whatever the app's look: one picture, in the dark look
DARK_ONLY = ("session",)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def mean_lightness(path: Path) -> float:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    step = 7
    values = [
        image.pixelColor(x, y).lightnessF()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(values) / len(values)


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pictures")
    home = tmp_path_factory.mktemp("home")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def picture_names() -> dict[str, str]:
    """The script's pictures and captions, read from its source (importing it needs Qt)."""
    source = SCRIPT.read_text(encoding="utf-8")
    block = source[source.index("PICTURES: dict[str, str] = {") : source.index("\n}\n") + 2]
    return dict(re.findall(r'"([a-z-]+)": "([^"]+)"', block))


def expected_files(names: dict[str, str]) -> list[str]:
    return sorted(
        f"{name}-{scheme}.png"
        for name in names
        for scheme in ("light", "dark")
        if not (scheme == "light" and name in DARK_ONLY)
    )


def test_every_picture_is_made_in_light_and_dark(pictures: Path) -> None:
    """Library, check-in, session, close, journal, history, the tray menu and the mini pacer
    over the user's work, each a PNG of a sensible size, light and dark different pictures and
    the dark one clearly darker outside the session's pages; the session itself, a dark room
    in either look, once and dark."""
    names = picture_names()
    assert set(names) == {
        "library",
        "check-in",
        "session",
        "close",
        "journal",
        "history",
        "tray",
        "mini-pacer",
    }
    made = sorted(path.name for path in pictures.iterdir())
    assert made == expected_files(names)
    for name in DARK_ONLY:
        assert mean_lightness(pictures / f"{name}-dark.png") < 0.3, name
    for name in set(names) - set(DARK_ONLY):
        light, dark = pictures / f"{name}-light.png", pictures / f"{name}-dark.png"
        for path in (light, dark):
            width, height = png_size(path)
            assert width >= 300 and height >= 150, (path.name, width, height)
            assert path.stat().st_size > 3000, path.name  # a picture, not a blank
        assert light.read_bytes() != dark.read_bytes(), name
        if name in OUTSIDE_THE_SESSION:  # a session's pages may keep their own dark room
            assert mean_lightness(dark) < mean_lightness(light) - 0.2, name


def test_the_readme_shows_the_pictures_with_their_captions() -> None:
    """Each picture is in the README with the script's caption as its words, from the images
    the script wrote to docs/images, and no other picture is left there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = picture_names()
    shown = re.findall(r"!\[([^\]]*)\]\(docs/images/([^)]+)\)", readme)
    assert {file.rsplit("-", 1)[0] for _caption, file in shown} == set(names)
    for caption, file in shown:
        assert caption == names[file.rsplit("-", 1)[0]], file
        assert (REPO / "docs" / "images" / file).is_file(), file
    kept = sorted(path.name for path in (REPO / "docs" / "images").iterdir())
    assert kept == expected_files(names)
