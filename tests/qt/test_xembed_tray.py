"""Whether an XEmbed tray runs on the display, asked of the X server itself (Xvfb and jwm)."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from app.qt.tray import TrayHostWait
from app.qt.xembed_tray import xembed_tray_running

real_display = pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") != "xcb",
    reason="needs the real X display, tray host and session bus that .ci/with-xvfb provides",
)


def test_without_an_x_display_there_is_no_tray(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    assert xembed_tray_running() is False
    assert xembed_tray_running(":9999") is False  # nobody listens there


def accepts_connections(display: str) -> bool:
    """Whether an X client can connect to *display* now (asked through libxcb)."""
    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


@pytest.fixture
def bare_display() -> Iterator[str]:
    """A second Xvfb display of our own, with no window manager and no tray on it; yielded once
    it accepts connections."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is missing: ./unbrace.sh test installs it")
    number = 150
    while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
        number += 1
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not accepts_connections(f":{number}"):
            assert server.poll() is None, f"Xvfb :{number} ended with status {server.returncode}"
            assert time.monotonic() < deadline, f"Xvfb :{number} never accepted a connection"
            time.sleep(0.02)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.xvfb
@real_display
def test_a_tray_is_seen_once_a_tray_host_runs(bare_display: str) -> None:
    """A display without a tray says no; once jwm (a tray host) runs there, it says yes."""
    assert xembed_tray_running(bare_display) is False
    host = subprocess.Popen(
        ["jwm"],
        env={**os.environ, "DISPLAY": bare_display},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 10
        while not xembed_tray_running(bare_display):
            if host.poll() is not None:
                said, _ = host.communicate()
                pytest.fail(f"jwm ended with status {host.returncode}: {said.strip()}")
            assert time.monotonic() < deadline, "jwm's tray never appeared"
            time.sleep(0.05)
    finally:
        host.terminate()
        host.communicate(timeout=10)


@pytest.mark.xvfb
@real_display
def test_a_login_start_uses_an_xembed_tray_at_once(qtbot: QtBot) -> None:
    """Started at login the app waits up to 30 s for a StatusNotifier host; jwm's XEmbed tray
    is already there, so the tray icon is shown without that wait."""
    bus = QDBusConnection.sessionBus()
    assert bus.isConnected()
    wait = TrayHostWait(bus)  # the 30 s of a login start
    began = time.monotonic()
    with qtbot.waitSignal(wait.ready, timeout=5_000):
        wait.start()
    assert time.monotonic() - began < 2.0
