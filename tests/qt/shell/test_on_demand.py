"""Started in the tray, the window is built when first asked for; a build that fails does not
leave the tray's Open and Start broken for the rest of the run, and a settings save that fails
before any window exists is still told."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.files.paths import AppPaths
from app.core.history import OpenedHistory
from app.core.settings.settings import Settings, SettingsStore
from app.qt.settings.preferences import Preferences
from app.qt.shell import compose
from app.qt.shell.application import Unbrace
from app.qt.shell.on_demand import WindowOnDemand


class Built:
    """Stands in for the built app: what the tray side asks of it."""

    def __init__(self) -> None:
        self.opened = 0

    def open_window(self) -> None:
        self.opened += 1


def _paths(tmp_path: Path) -> AppPaths:
    defaults = AppPaths.default()
    return AppPaths(
        defaults.builtin_routines, defaults.assets, tmp_path / "config", tmp_path / "data"
    )


def _on_demand(tmp_path: Path, make: Any, owner: QObject) -> WindowOnDemand:
    preferences = Preferences(SettingsStore(tmp_path / "settings.json"), Settings(), owner)
    return WindowOnDemand(
        _paths(tmp_path),
        preferences,
        owner,
        lambda: OpenedHistory(None, None),
        make,
    )


def test_a_build_that_fails_is_tried_again_at_the_next_open(qtbot: QtBot, tmp_path: Path) -> None:
    owner = QObject()
    attempts: list[Built] = []

    def make(_history: OpenedHistory) -> Unbrace:
        attempts.append(Built())
        if len(attempts) == 1:
            raise OSError("the first try fails")
        return cast(Unbrace, attempts[-1])

    app = _on_demand(tmp_path, make, owner)
    waiting: list[object] = []
    app.when_built(waiting.append)
    with pytest.raises(OSError):
        app.open_window()
    assert app.built is None and waiting == []
    app.open_window()  # the tray's Open, a second time: it works now
    assert app.built is attempts[1] and attempts[1].opened == 1
    assert waiting == [attempts[1]]


def test_asking_for_the_window_while_it_is_being_built_says_so(
    qtbot: QtBot, tmp_path: Path
) -> None:
    owner = QObject()
    inner: list[BaseException] = []

    def make(_history: OpenedHistory) -> Unbrace:
        try:
            app.get()  # as a nested event loop during the build could
        except RuntimeError as error:
            inner.append(error)
        return cast(Unbrace, Built())

    app = _on_demand(tmp_path, make, owner)
    assert app.get() is app.built
    assert [str(error) for error in inner] == ["the app's window is being built already"]


def test_a_settings_save_that_fails_in_the_tray_is_told(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[object, str, str]] = []
    monkeypatch.setattr(compose, "warn", lambda *args: told.append(args))
    monkeypatch.setattr(compose, "inform", lambda *args: told.append(args))
    paths = _paths(tmp_path)
    paths.settings_file.mkdir(parents=True)  # a folder where the file belongs: no save works
    app, desktop = compose.assemble(qapp, paths, None, None, None, start_in_tray=True)
    try:
        assert app.built is None  # in the tray: no window
        told.clear()  # the notice that the settings could not be read
        app.preferences.update(check_ins=False)  # as the tray's own toggles do
        app.preferences.flush()
        assert [(parent, title) for parent, title, _text in told] == [(None, "Settings")]
    finally:
        desktop.stop()
        app.shut_down()
