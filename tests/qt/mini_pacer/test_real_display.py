"""On a real X display with a window manager (Xvfb and jwm): the orb is drawn over another
window, and a click on it, given through the X server as a mouse gives it, reaches that window;
the orb never takes the focus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.session.clock import FakeClock
from app.core.session.mini_pacer import MiniPacer, resonance
from app.desktop.fullscreen.x11 import X11FullScreen
from app.qt.design.tokens import SESSION
from app.qt.mini_pacer.orb_window import PacerOrb
from tests.qt.mini_pacer.test_controller import Rig
from tests.support.x_input import XInput

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display and window manager that .ci/with-xvfb provides",
    ),
]


@pytest.fixture
def clicker() -> Iterator[XInput]:
    made = XInput()
    yield made
    made.close()


def test_a_click_on_the_orb_reaches_the_window_beneath(qtbot: QtBot, clicker: XInput) -> None:
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


CONTROL_L, SHIFT_L = 37, 50


def test_holding_ctrl_shift_over_the_orb_lets_it_be_dragged_and_it_stays_there(
    qtbot: QtBot, clicker: XInput, tmp_path: Path
) -> None:
    rig = Rig(qtbot, tmp_path)
    rig.controller.start(resonance(), 5)
    orb = rig.orb
    qtbot.waitExposed(orb)
    start = orb.geometry().center()
    clicker.move(start.x(), start.y())
    clicker.key(CONTROL_L, True)
    clicker.key(SHIFT_L, True)
    try:
        qtbot.waitUntil(lambda: orb.movable)  # the modifiers are looked at four times a second
        clicker.press()
        for step in range(1, 11):
            clicker.move(start.x() - 50 * step, start.y() - 20 * step)
        clicker.release()
        qtbot.waitUntil(lambda: orb.geometry().center() == start - QPoint(500, 200))
    finally:
        clicker.key(SHIFT_L, False)
        clicker.key(CONTROL_L, False)
    qtbot.waitUntil(lambda: not orb.movable)  # clicks pass through it again
    (place,) = rig.preferences.current.mini_pacer.places.values()
    assert (place.x, place.y) == (orb.x(), orb.y())
    rig.close()


def test_the_orb_steps_aside_for_a_real_full_screen_window(qtbot: QtBot, tmp_path: Path) -> None:
    rig = Rig(qtbot, tmp_path)
    screen = X11FullScreen()
    rig.controller._fullscreen = screen  # the desktop's own answer, as the app asks it
    film = QWidget()
    qtbot.addWidget(film)
    film.resize(300, 200)
    film.show()
    film.activateWindow()
    qtbot.waitUntil(lambda: screen.active_window_fullscreen() is False)
    rig.controller.start(resonance(), 5)
    assert rig.orb.isVisible()
    film.showFullScreen()
    film.activateWindow()
    qtbot.waitUntil(lambda: screen.active_window_fullscreen() is True)
    rig.controller.watch()  # what the watch timer does every few seconds
    assert not rig.orb.isVisible() and rig.controller.hold.fullscreen
    film.showNormal()
    qtbot.waitUntil(lambda: screen.active_window_fullscreen() is False)
    rig.controller.watch()
    assert rig.orb.isVisible()
    rig.close()
