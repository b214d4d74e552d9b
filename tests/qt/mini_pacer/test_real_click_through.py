"""On a real X display with a window manager (Xvfb and jwm): the orb is drawn over another
window, and a click on it, given through the X server as a mouse gives it, reaches that window;
the orb never takes the focus."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.core.session.clock import FakeClock
from app.core.session.mini_pacer import MiniPacer, resonance
from app.qt.design.tokens import SESSION
from app.qt.mini_pacer.orb_window import PacerOrb
from tests.support.x_click import XClicker

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display and window manager that .ci/with-xvfb provides",
    ),
]


@pytest.fixture
def clicker() -> Iterator[XClicker]:
    made = XClicker()
    yield made
    made.close()


def test_a_click_on_the_orb_reaches_the_window_beneath(qtbot: QtBot, clicker: XClicker) -> None:
    below = QPushButton("Your work")
    below.setGeometry(200, 200, 400, 300)
    qtbot.addWidget(below)
    clicks: list[bool] = []
    below.clicked.connect(lambda: clicks.append(True))
    below.show()
    qtbot.waitExposed(below)
    below.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is below)

    orb = PacerOrb(overlay=True, composited=False, size=120)
    qtbot.addWidget(orb)
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock)
    pacer.start()
    clock.advance(5.5)  # the top of the breath: the orb at its largest
    orb.set_frame(pacer.frame())
    centre = below.mapToGlobal(below.rect().center())
    orb.move(centre - QPoint(60, 60))
    orb.show()
    qtbot.waitExposed(orb)
    qtbot.waitUntil(lambda: orb.geometry().contains(centre))

    # The orb is what the screen shows there...
    def orb_drawn() -> bool:
        grabbed = QGuiApplication.primaryScreen().grabWindow(0, centre.x(), centre.y(), 1, 1)
        shade = grabbed.toImage().pixelColor(0, 0)
        inhale = QColor(SESSION.tones["inhale"])
        return abs(shade.blue() - inhale.blue()) < 40 and shade.blue() > shade.red() + 40

    qtbot.waitUntil(orb_drawn)
    # ...and yet the click lands on the window beneath, which keeps the focus.
    clicker.click(centre.x(), centre.y())
    qtbot.waitUntil(lambda: clicks == [True])
    assert QApplication.activeWindow() is below
    assert not orb.isActiveWindow()
