"""One start-up, measured from inside: ``python bench/startup_probe.py KIND``.

KIND is ``app`` (the real ``unbrace``, to its main window), ``app-tray`` (``unbrace --tray``, to
its tray icon), ``bare`` (a PySide6 program showing an empty window of the same size) or
``bare-tray`` (a PySide6 program showing a tray icon). The parent puts the instant it spawned
this process (``time.monotonic_ns()``) in BENCH_SPAWN_NS, so interpreter start-up counts.

An event filter on the application catches the first paint of the main window, or of the tray
icon's XEmbed window (which the tray host has then taken in); the probe prints one JSON line
(milliseconds since the spawn, and which heavy modules were loaded by then) and leaves. The app
shows its window before it loads the routines, so for ``app`` the probe waits on for the first
paint of the routine list as well (``listed_ms``).
Nothing here is imported from ``bench``: the probe loads only what the program measured loads.
"""

from __future__ import annotations

import json
import os
import sys
import time

SPAWNED_NS = int(os.environ["BENCH_SPAWN_NS"])
KIND = sys.argv[1]
TRAY = KIND.endswith("tray")
#: Leave at the first paint even for ``app`` (the import profile counts up to there only).
FIRST_PAINT_ONLY = os.environ.get("BENCH_FIRST_PAINT_ONLY") == "1"
#: Modules the app should load only when first needed: sound synthesis (numpy), the history
#: view and its charts, the journal, the settings dialog, the history's summaries.
HEAVY = (
    "numpy",
    "app.audio.synth",
    "app.audio.cue_bank",
    "app.qt.journal_history.charts",
    "app.qt.journal_history.history_view",
    "app.qt.journal_history.journal_view",
    "app.qt.settings.dialog",
    "app.core.history.summary",
)


def main() -> None:
    if KIND.startswith("app"):
        import app.cli  # what the `unbrace` script imports first, before any Qt

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.found: dict[str, object] = {}

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint:
                return False
            elapsed_ms = (time.monotonic_ns() - SPAWNED_NS) / 1e6
            if not self.found and self._is_target(watched):
                heavy = [name for name in HEAVY if name in sys.modules]
                self.found.update(ms=elapsed_ms, heavy=heavy)
                if KIND != "app" or FIRST_PAINT_ONLY:
                    self._leave()
            elif self.found and watched.objectName() == "libraryList":
                self.found["listed_ms"] = elapsed_ms
                self._leave()
            return False

        def _leave(self) -> None:
            print(json.dumps(self.found), flush=True)
            os._exit(0)

        @staticmethod
        def _is_target(watched: QObject) -> bool:
            if TRAY:
                return watched.metaObject().className() == "QSystemTrayIconSys"
            return watched.objectName() == "main-window"

    qt_app = QApplication(["unbrace"])
    first_paint = FirstPaint()
    qt_app.installEventFilter(first_paint)
    if KIND == "bare":
        window = QWidget()
        window.setObjectName("main-window")
        window.setWindowTitle("Bare")
        window.resize(980, 680)
        window.show()
        qt_app.exec()
    elif KIND == "bare-tray":
        icon = QSystemTrayIcon(QIcon(sys.argv[2]))
        icon.show()
        qt_app.exec()
    else:
        app.cli.main(["--tray"] if TRAY else [])
    print(json.dumps({"ms": None, "error": "the event loop ended before the first paint"}))


if __name__ == "__main__":
    main()
