"""Whether the active window is full screen (a film, a presentation), asked of the X server.

Used only to hold a reminder back until the full-screen window is left. Through Xlib's EWMH
properties (_NET_ACTIVE_WINDOW, _NET_WM_STATE_FULLSCREEN), loaded with ctypes; where there is
no X display (Wayland without XWayland, a console), the answer is "not known".
"""

from __future__ import annotations

import ctypes
import ctypes.util

from app.desktop.x11_access import X11Access, native_library

_ANY_PROPERTY_TYPE = 0
_XA_ATOM = 4
_XA_WINDOW = 33
_SUCCESS = 0


class X11FullScreen:
    """Asks the X server; libX11 is looked for at the first question, and only then."""

    def __init__(self, display_name: str | None = None) -> None:
        self._x11 = X11Access(_load, display_name)

    def active_window_fullscreen(self) -> bool | None:
        """True or False for the active window; None when it cannot be told."""
        ready = self._x11.ready()
        if ready is None:
            return None
        name, xlib = ready
        display = xlib.XOpenDisplay(name.encode())
        if not display:
            return None
        try:
            root = xlib.XDefaultRootWindow(display)
            active = _property(xlib, display, root, b"_NET_ACTIVE_WINDOW", _XA_WINDOW)
            if not active or not active[0]:
                return None
            states = _property(xlib, display, active[0], b"_NET_WM_STATE", _XA_ATOM) or []
            fullscreen = xlib.XInternAtom(display, b"_NET_WM_STATE_FULLSCREEN", True)
            return bool(fullscreen) and fullscreen in states
        finally:
            xlib.XCloseDisplay(display)


def _load() -> ctypes.CDLL | None:
    """libX11 with the functions used declared, or None where it is missing."""
    xlib = native_library("X11")
    if xlib is None:
        return None
    _declare(xlib)
    return xlib


def _declare(xlib: ctypes.CDLL) -> None:
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xlib.XGetWindowProperty.restype = ctypes.c_int
    xlib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p,  # display
        ctypes.c_ulong,  # window
        ctypes.c_ulong,  # property
        ctypes.c_long,  # long_offset
        ctypes.c_long,  # long_length
        ctypes.c_int,  # delete
        ctypes.c_ulong,  # req_type
        ctypes.POINTER(ctypes.c_ulong),  # actual_type
        ctypes.POINTER(ctypes.c_int),  # actual_format
        ctypes.POINTER(ctypes.c_ulong),  # nitems
        ctypes.POINTER(ctypes.c_ulong),  # bytes_after
        ctypes.POINTER(ctypes.c_void_p),  # prop
    ]


def _property(
    xlib: ctypes.CDLL, display: int, window: int, name: bytes, kind: int
) -> list[int] | None:
    """A window's 32-bit list property (atoms or windows), or None when it has none."""
    atom = xlib.XInternAtom(display, name, True)
    if not atom:
        return None
    actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
    count, remaining, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
    status = xlib.XGetWindowProperty(
        display,
        window,
        atom,
        0,
        64,
        False,
        kind,
        ctypes.byref(actual_type),
        ctypes.byref(actual_format),
        ctypes.byref(count),
        ctypes.byref(remaining),
        ctypes.byref(data),
    )
    if status != _SUCCESS or not data.value:
        return None
    try:
        if actual_format.value != 32:
            return None
        # Xlib hands 32-bit properties over as C longs.
        values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
        return [int(values[i]) for i in range(count.value)]
    finally:
        xlib.XFree(data)
