"""Whether an XEmbed system tray is running on the X display, asked without Qt.

Qt picks the tray protocol once per process, at its first check, so ``TrayHostWait`` must not
ask Qt while it waits for a StatusNotifier host. It asks the X server instead: a system tray
following the freedesktop.org spec owns the selection ``_NET_SYSTEM_TRAY_S<screen>``. One short
connection of its own through libxcb (which Qt's xcb platform loads anyway), a few round trips.
"""

from __future__ import annotations

import ctypes
import os


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _AtomReply(ctypes.Structure):
    _fields_ = [
        ("response_type", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
        ("atom", ctypes.c_uint32),
    ]


class _OwnerReply(ctypes.Structure):
    _fields_ = [
        ("response_type", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("length", ctypes.c_uint32),
        ("owner", ctypes.c_uint32),
    ]


def xembed_tray_running(display: str | None = None) -> bool:
    """True when a system tray owns its selection on *display* (default ``$DISPLAY``); False
    when there is none, no X display, or no libxcb."""
    if not (display or os.environ.get("DISPLAY")):
        return False
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
        libc = ctypes.CDLL(None)  # the C library, loaded already
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    xcb.xcb_intern_atom.restype = _Cookie
    xcb.xcb_intern_atom.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint8,
        ctypes.c_uint16,
        ctypes.c_char_p,
    ]
    xcb.xcb_intern_atom_reply.restype = ctypes.POINTER(_AtomReply)
    xcb.xcb_intern_atom_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.c_void_p]
    xcb.xcb_get_selection_owner.restype = _Cookie
    xcb.xcb_get_selection_owner.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    xcb.xcb_get_selection_owner_reply.restype = ctypes.POINTER(_OwnerReply)
    xcb.xcb_get_selection_owner_reply.argtypes = [ctypes.c_void_p, _Cookie, ctypes.c_void_p]
    libc.free.argtypes = [ctypes.c_void_p]
    screen = ctypes.c_int(0)
    connection = xcb.xcb_connect(display.encode() if display else None, ctypes.byref(screen))
    try:
        if not connection or xcb.xcb_connection_has_error(connection):
            return False
        name = f"_NET_SYSTEM_TRAY_S{screen.value}".encode()
        atom_reply = xcb.xcb_intern_atom_reply(
            connection, xcb.xcb_intern_atom(connection, 1, len(name), name), None
        )
        if not atom_reply:
            return False
        atom = int(atom_reply.contents.atom)
        libc.free(atom_reply)
        if atom == 0:  # nobody ever named the selection: no tray
            return False
        owner_reply = xcb.xcb_get_selection_owner_reply(
            connection, xcb.xcb_get_selection_owner(connection, atom), None
        )
        if not owner_reply:
            return False
        owner = int(owner_reply.contents.owner)
        libc.free(owner_reply)
        return owner != 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
