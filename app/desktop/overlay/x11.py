"""Whether a compositing manager runs on the X display (asked once, when the pacer opens).

With one, a translucent window blends with what is beneath it; without one (a plain window
manager such as jwm, Xvfb) its transparent pixels show black, so the pacer shapes its window
to the orb's disc instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os


def compositing(display_name: str | None = None) -> bool | None:
    """True when the screen's ``_NET_WM_CM_Sn`` selection has an owner; None when it cannot
    be told (no X display, no libX11)."""
    name = display_name or os.environ.get("DISPLAY")
    path = ctypes.util.find_library("X11")
    if not name or not path:
        return None
    try:
        xlib = ctypes.CDLL(path)
    except OSError:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xlib.XDefaultScreen.argtypes = [ctypes.c_void_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    display = xlib.XOpenDisplay(name.encode())
    if not display:
        return None
    try:
        selection = f"_NET_WM_CM_S{xlib.XDefaultScreen(display)}".encode()
        atom = xlib.XInternAtom(display, selection, False)
        return bool(atom) and bool(xlib.XGetSelectionOwner(display, atom))
    finally:
        xlib.XCloseDisplay(display)
