"""Idle time from the X server's screen-saver extension, on a real X display (Xvfb)."""

from __future__ import annotations

import os
import time

import pytest

from app.desktop.idle.x11 import FirstIdle, X11Idle


class Answer:
    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds

    def idle_seconds(self) -> float | None:
        return self.seconds


@pytest.mark.xvfb
@pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") != "xcb",
    reason="needs the real X display that .ci/with-xvfb provides",
)
def test_idle_time_grows_while_nobody_touches_the_display() -> None:
    """Nothing types on the virtual display: idle time is known and grows with the clock."""
    idle = X11Idle()
    first = idle.idle_seconds()
    assert first is not None
    time.sleep(0.3)
    second = idle.idle_seconds()
    assert second is not None and second >= first + 0.2


def test_without_a_display_idle_time_is_unknown() -> None:
    """No X server there: not known, never an error."""
    assert X11Idle(display_name=":9999").idle_seconds() is None


def test_the_first_source_that_answers_is_believed() -> None:
    """D-Bus first, then X11: an unknown answer passes to the next source."""
    assert FirstIdle(Answer(None), Answer(42.0), Answer(7.0)).idle_seconds() == 42.0
    assert FirstIdle(Answer(None)).idle_seconds() is None


def test_the_libraries_are_looked_for_once_not_at_every_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each reminder wake asks for idle time: finding libX11 and libXss runs ldconfig, so it
    happens at the first reading only, whether they are there or not."""
    import ctypes.util

    looked: list[str] = []
    find = ctypes.util.find_library

    def counting(name: str) -> str | None:
        looked.append(name)
        return find(name)

    monkeypatch.setattr(ctypes.util, "find_library", counting)
    idle = X11Idle(display_name=":no-such-display")
    assert idle.idle_seconds() is None
    first = len(looked)
    assert first > 0
    assert idle.idle_seconds() is None
    assert len(looked) == first
