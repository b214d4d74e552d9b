"""The baseline for idle cost: a bare PySide6 program with a tray icon and one 60 s timer.

``python bench/bare_tray.py ICON``; it runs until it is terminated.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon


def main() -> int:
    qt_app = QApplication(["bare-tray"])
    icon = QSystemTrayIcon(QIcon(sys.argv[1]))
    icon.show()
    timer = QTimer()
    timer.setInterval(60_000)
    timer.start()
    return qt_app.exec()


if __name__ == "__main__":
    sys.exit(main())
