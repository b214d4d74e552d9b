"""Idle time from the X server's screen-saver extension (libXss), for desktops without a D-Bus
idle interface. Where there is no X display or no libXss, idle time is unknown."""

from __future__ import annotations

import ctypes
import ctypes.util

from app.core.reminders.runner import IdleSource
from app.desktop.x11_access import X11Access, native_library


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """Idle time from libXss; the libraries are looked for at the first reading, and only then."""

    def __init__(self, display_name: str | None = None) -> None:
        self._x11 = X11Access(_load, display_name)

    def idle_seconds(self) -> float | None:
        ready = self._x11.ready()
        if ready is None:
            return None
        name, (xlib, xss) = ready
        display = xlib.XOpenDisplay(name.encode())
        if not display:
            return None
        info = xss.XScreenSaverAllocInfo()
        try:
            if not info or not xss.XScreenSaverQueryInfo(
                display, xlib.XDefaultRootWindow(display), info
            ):
                return None
            return float(info.contents.idle) / 1000
        finally:
            if info:
                xlib.XFree(info)
            xlib.XCloseDisplay(display)


def _load() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    """libX11 and libXss with the functions used declared, or None where either is missing."""
    xlib, xss = native_library("X11"), native_library("Xss")
    if xlib is None or xss is None:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
    xss.XScreenSaverQueryInfo.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.POINTER(_ScreenSaverInfo),
    ]
    return xlib, xss


class FirstIdle:
    """Asks each idle source in turn; the first that answers is believed."""

    def __init__(self, *sources: IdleSource) -> None:
        self._sources = sources

    def idle_seconds(self) -> float | None:
        for source in self._sources:
            seconds = source.idle_seconds()
            if seconds is not None:
                return seconds
        return None
