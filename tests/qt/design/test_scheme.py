"""The app follows the desktop's colour scheme unless the user forces one, from the first paint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.settings.appearance import Appearance
from app.core.settings.peek import appearance
from app.qt.design.follow import LookFollower
from app.qt.design.scheme import apply_look, is_dark_scheme, resolve_scheme
from app.qt.design.tokens import DARK, LIGHT


@pytest.fixture
def qt_app(qtbot: QtBot) -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, sheet, font = app.palette(), app.styleSheet(), app.font()
    yield app
    app.setPalette(palette)
    app.setStyleSheet(sheet)
    app.setFont(font)


@pytest.mark.parametrize(
    ("setting", "desktop", "expected"),
    [
        ("system", Qt.ColorScheme.Dark, "dark"),
        ("system", Qt.ColorScheme.Light, "light"),
        ("system", Qt.ColorScheme.Unknown, "light"),
        ("light", Qt.ColorScheme.Dark, "light"),
        ("dark", Qt.ColorScheme.Light, "dark"),
    ],
)
def test_the_users_choice_wins_else_the_desktops(
    setting: Appearance, desktop: Qt.ColorScheme, expected: str
) -> None:
    assert resolve_scheme(setting, is_dark_scheme(desktop)) == expected


def test_applying_a_scheme_recolours_the_whole_app(qt_app: QApplication) -> None:
    apply_look(qt_app, "dark")
    assert qt_app.palette().color(QPalette.ColorRole.Window) == QColor(DARK.background)
    assert qt_app.palette().color(QPalette.ColorRole.Text) == QColor(DARK.ink)
    assert DARK.accent in qt_app.styleSheet()
    apply_look(qt_app, "light")
    assert qt_app.palette().color(QPalette.ColorRole.Window) == QColor(LIGHT.background)
    assert LIGHT.accent in qt_app.styleSheet()


def test_the_follower_applies_a_new_choice_and_says_so(qt_app: QApplication, qtbot: QtBot) -> None:
    follower = LookFollower(qt_app, "light")
    follower.start()
    assert follower.scheme == "light"
    with qtbot.waitSignal(follower.scheme_changed) as changed:
        follower.set_appearance("dark")
    assert changed.args == ["dark"]
    assert qt_app.palette().color(QPalette.ColorRole.Window) == QColor(DARK.background)
    with qtbot.assertNotEmitted(follower.scheme_changed):
        follower.set_appearance("dark")  # the same scheme: nothing is redone
    follower.deleteLater()


def test_following_the_desktop_changes_with_it(qt_app: QApplication, qtbot: QtBot) -> None:
    follower = LookFollower(qt_app, "system")
    follower.start()
    assert follower.scheme == "light"  # the offscreen platform's palette is light
    with qtbot.waitSignal(follower.scheme_changed) as changed:
        follower.desktop_scheme_changed(Qt.ColorScheme.Dark)  # as the style hints announce it
    assert changed.args == ["dark"]
    assert qt_app.palette().color(QPalette.ColorRole.Window) == QColor(DARK.background)
    follower.set_appearance("light")  # the user's choice wins over the desktop's
    assert follower.scheme == "light"
    follower.deleteLater()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"appearance": "dark"}, "dark"),
        ({"appearance": "light"}, "light"),
        ({"appearance": "sepia"}, "system"),
        ({"appearance": 3}, "system"),
        ({}, "system"),
        ([], "system"),
    ],
)
def test_the_first_paint_reads_the_appearance_before_the_settings_load(
    tmp_path: Path, content: object, expected: str
) -> None:
    file = tmp_path / "settings.json"
    file.write_text(json.dumps(content))
    assert appearance(file) == expected
    assert appearance(tmp_path / "missing.json") == "system"
