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

from app.desktop.tray_host.abc import XEmbedTrayHost
from app.desktop.tray_host.xembed import xembed_tray_running
from app.qt.tray.icon import TrayHostWait

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
        # -noreset: an X server resets when its last client leaves, refusing connections for a
        # moment; each check here is a client that comes and goes.
        ["Xvfb", f":{number}", "-screen", "0", "640x480x24", "-nolisten", "tcp", "-noreset"],
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


class TrayOwner:
    """A tray host as far as the spec goes: an X client owning ``_NET_SYSTEM_TRAY_S0`` through
    a window of its own (Xlib); closing it gives the selection up, as a tray host that quits."""

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL("libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XCreateSimpleWindow.restype = ctypes.c_ulong
        x11.XCreateSimpleWindow.argtypes = (
            [ctypes.c_void_p, ctypes.c_ulong]
            + [ctypes.c_int] * 2
            + [ctypes.c_uint] * 3
            + [ctypes.c_ulong] * 2
        )
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x11.XSetSelectionOwner.argtypes = [ctypes.c_void_p] + [ctypes.c_ulong] * 3
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._x11 = x11
        self._display = x11.XOpenDisplay(display.encode())
        assert self._display, f"cannot open {display}"
        root = x11.XDefaultRootWindow(self._display)
        window = x11.XCreateSimpleWindow(self._display, root, 0, 0, 1, 1, 0, 0, 0)
        selection = x11.XInternAtom(self._display, b"_NET_SYSTEM_TRAY_S0", 0)
        x11.XSetSelectionOwner(self._display, selection, window, 0)
        x11.XSync(self._display, 0)

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)


@pytest.mark.xvfb
@real_display
def test_a_tray_is_seen_while_a_tray_host_owns_the_selection(bare_display: str) -> None:
    """A display without a tray says no; while a client owns the tray selection, yes; once it
    has gone, no again."""
    assert xembed_tray_running(bare_display) is False
    host = TrayOwner(bare_display)
    try:
        assert xembed_tray_running(bare_display) is True
    finally:
        host.close()
    assert xembed_tray_running(bare_display) is False


@pytest.mark.xvfb
@real_display
def test_a_login_start_uses_an_xembed_tray_at_once(qtbot: QtBot) -> None:
    """Started at login the app waits up to 30 s for a StatusNotifier host; jwm's XEmbed tray
    is already there, so the tray icon is shown without that wait."""
    bus = QDBusConnection.sessionBus()
    assert bus.isConnected()
    # longer than a login start's 30 s: never reached
    wait = TrayHostWait(bus, XEmbedTrayHost(), wait_ms=600_000)
    with qtbot.waitSignal(wait.ready, timeout=10_000):  # ready at once, not after the wait
        wait.start()
    assert wait.done
