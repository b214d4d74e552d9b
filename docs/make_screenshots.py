"""Render the library and a running session to PNG, for the README.

Run on a real X display (the README's test set-up provides one):
    .ci/with-xvfb .venv/bin/python docs/make_screenshots.py docs/images
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from app.core.files.paths import AppPaths
from app.core.history import HistoryStore
from app.core.session.clock import FakeClock
from app.core.settings.settings import Settings, SettingsStore
from app.qt.session.controller import NoSound
from app.qt.shell.application import build


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication(sys.argv[:1])
    scratch = Path(tempfile.mkdtemp(prefix="unbrace-screenshots-"))
    defaults = AppPaths.default()
    paths = AppPaths(
        defaults.builtin_routines, defaults.assets, scratch / "config", scratch / "data"
    )
    clock = FakeClock()
    settings = Settings(medical_notice_seen=True, count_in=False)
    app = build(
        paths,
        clock,
        NoSound(),
        SettingsStore(scratch / "settings.json"),
        settings,
        HistoryStore.open(scratch / "history.sqlite3", lambda: datetime.now(UTC)),
        confirm=lambda parent, notices: True,
        open_url=lambda url: isinstance(url, QUrl),
    )
    window = app.window
    window.resize(1000, 680)
    window.show()
    app.library.reload()
    window.library_view.select("body-scan-spine")
    qt_app.processEvents()
    window.grab().save(str(out / "library.png"))

    app.start_by_id("body-scan-spine")
    clock.advance(162.5)  # the upper back, lit on the silhouette
    app.driver.wake()
    qt_app.processEvents()
    window.grab().save(str(out / "session.png"))
    window.close()
    print(f"wrote {out / 'library.png'} and {out / 'session.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")))
