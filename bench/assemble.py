"""The real app, assembled in-process by its composition root with the bench's clock and sound.

Everything but the clock and the sound is what ``unbrace`` builds: settings store, history in
SQLite, library, session controller, views. Notices are confirmed, and nothing opens a browser.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QUrl

from app.core.files.paths import AppPaths
from app.core.history import HistoryStore
from app.core.session.clock import Clock
from app.core.settings.settings import Settings, SettingsStore
from app.qt.session.controller import SessionSound
from app.qt.shell.application import Unbrace, build
from bench.common import REPO


def bench_paths(home: Path, routines: Path | None = None) -> AppPaths:
    return AppPaths(
        builtin_routines=REPO / "routines",
        assets=REPO / "assets",
        config_dir=home / "config",
        data_dir=home / "data",
        extra_routines=(routines,) if routines is not None else (),
    )


def assemble(
    home: Path, clock: Clock, sound: SessionSound, settings: Settings, routines: Path | None = None
) -> Unbrace:
    paths = bench_paths(home, routines)
    history = HistoryStore.open(paths.history_db, lambda: datetime.now(UTC))
    if history.store is not None:  # as the app does
        history.store.start_background_writes()

    def no_browser(_url: QUrl) -> bool:
        return True

    return build(
        paths,
        clock,
        sound,
        SettingsStore(paths.settings_file),
        settings,
        history,
        confirm=lambda _parent, _notices: True,
        open_url=no_browser,
    )
