"""A reference for idle memory: the bare tray program with the app's Qt-free core loaded.

``python bench/core_tray.py ICON [--without-routines]``: what ``bench/bare_tray.py`` does, after
loading what the app keeps in memory whatever its windows do: the settings (pydantic), the
reminder scheduler and the history store's modules, and (unless ``--without-routines``) the
routine model with every built-in routine validated (PyYAML). It runs until it is terminated.
``bench/idle.py`` reads its proportional set size beside the app's.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

import app.core.history
import app.core.reminders
import app.core.settings.settings


def main() -> int:
    kept: list[object] = [
        app.core.settings.settings.Settings(),
        app.core.history.HistoryStore,
        app.core.reminders.ReminderScheduler,
    ]
    if "--without-routines" not in sys.argv:
        from app.core.files.paths import AppPaths
        from app.core.routine.library import library_folders, load_library

        kept.append(load_library(library_folders(AppPaths.default())))
    qt_app = QApplication(["core-tray"])
    icon = QSystemTrayIcon(QIcon(sys.argv[1]))
    icon.show()
    timer = QTimer()
    timer.setInterval(60_000)
    timer.start()
    status = qt_app.exec()
    return status if kept else 1


if __name__ == "__main__":
    sys.exit(main())
