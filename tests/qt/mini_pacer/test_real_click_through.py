"""On a real X display with a window manager (Xvfb and jwm): the orb is drawn over another
window, and a click on it reaches that window; the orb never takes the focus."""

from __future__ import annotations

import ctypes
import ctypes.util
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

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display and window manager that .ci/with-xvfb provides",
    ),
]


class XTest:
    """Clicks as a user's mouse would: through the X server (the XTEST extension)."""

    def __init__(self) -> None:
        xlib_path, xtst_path = ctypes.util.find_library("X11"), ctypes.util.find_library("Xtst")
        if not xlib_path or not xtst_path:
            pytest.fail("libX11 and libXtst are needed to click through the X server")
        self.xlib = ctypes.CDLL(xlib_path)
        self.xtst = ctypes.CDLL(xtst_path)
        self.xlib.XOpenDisplay.restype = ctypes.c_void_p
        self.xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.xlib.XFlush.argtypes = [ctypes.c_void_p]
        self.xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeMotionEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.xtst.XTestFakeButtonEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.display = self.xlib.XOpenDisplay(os.environ["DISPLAY"].encode())
        assert self.display, "the X display did not open"

    def click(self, at: QPoint) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, -1, at.x(), at.y(), 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, True, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, False, 0)
        self.xlib.XFlush(self.display)

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.display)


@pytest.fixture
def xtest() -> Iterator[XTest]:
    made = XTest()
    yield made
    made.close()


def test_a_click_on_the_orb_reaches_the_window_beneath(qtbot: QtBot, xtest: XTest) -> None:
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
    xtest.click(centre)
    qtbot.waitUntil(lambda: clicks == [True])
    assert QApplication.activeWindow() is below
    assert not orb.isActiveWindow()
