"""Whether a compositing manager runs on the X display (asked once, when the pacer opens).

With one, a translucent window blends with what is beneath it; without one (a plain window
manager such as jwm, Xvfb) its transparent pixels show black, so the pacer shapes its window
to the orb's disc instead.
"""

from __future__ import annotations

import ctypes

from app.desktop.x11_access import X11Access, native_library


def compositing(display_name: str | None = None) -> bool | None:
    """True when the screen's ``_NET_WM_CM_Sn`` selection has an owner; None when it cannot
    be told (no X display, no libX11)."""
    ready = X11Access(_load, display_name).ready()
    if ready is None:
        return None
    name, xlib = ready
    display = xlib.XOpenDisplay(name.encode())
    if not display:
        return None
    try:
        selection = f"_NET_WM_CM_S{xlib.XDefaultScreen(display)}".encode()
        atom = xlib.XInternAtom(display, selection, False)
        return bool(atom) and bool(xlib.XGetSelectionOwner(display, atom))
    finally:
        xlib.XCloseDisplay(display)


def _load() -> ctypes.CDLL | None:
    """libX11 with the functions used declared, or None where it is missing."""
    xlib = native_library("X11")
    if xlib is None:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xlib.XDefaultScreen.argtypes = [ctypes.c_void_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    return xlib
