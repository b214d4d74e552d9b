"""The Qt binding must not leak or release references: the app paints thousands of times a
minute, so a binding that loses one reference to None per call aborts Python in seconds."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_calls_that_return_nothing_keep_none_alive(qtbot: QtBot) -> None:
    """400 calls that return nothing leave the reference count of None where it was."""
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for n in range(200):
        label.setText(str(n))
        painter.drawEllipse(QPointF(32, 32), 10.0, 10.0)
    after = sys.getrefcount(None)
    painter.end()
    assert abs(after - before) < 50, f"None's reference count moved by {after - before}"
