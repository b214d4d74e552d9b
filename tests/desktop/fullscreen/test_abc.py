"""The full-screen backend chosen at start-up: the X server, or nothing."""

from __future__ import annotations

import pytest

from app.desktop.fullscreen.abc import NullFullScreen, fullscreen_source
from app.desktop.fullscreen.x11 import X11FullScreen


def test_null_fullscreen_cannot_tell() -> None:
    """Not known, so a reminder is never held back for a full-screen window."""
    assert NullFullScreen().active_window_fullscreen() is None


def test_without_x11_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert isinstance(fullscreen_source(), NullFullScreen)


def test_on_x11_the_x_server_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":9999")
    source = fullscreen_source()
    assert isinstance(source, X11FullScreen)
    assert source.active_window_fullscreen() is None  # no such display: not known
