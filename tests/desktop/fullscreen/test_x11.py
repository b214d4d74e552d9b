"""Telling a full-screen window in front, on a real X display (Xvfb + jwm)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.desktop.fullscreen.x11 import X11FullScreen

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display that .ci/with-xvfb provides",
    ),
]


def test_the_window_in_front_is_told_full_screen_or_not(qtbot: QtBot) -> None:
    """A normal window in front: False; the same window full screen: True."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    window.activateWindow()
    probe = X11FullScreen()
    qtbot.waitUntil(lambda: probe.active_window_fullscreen() is False, timeout=5_000)
    window.showFullScreen()
    window.activateWindow()
    qtbot.waitUntil(lambda: probe.active_window_fullscreen() is True, timeout=5_000)


def test_without_a_display_it_cannot_tell() -> None:
    """No X display: the answer is 'not known', never an error."""
    assert X11FullScreen(display_name=":9999").active_window_fullscreen() is None
