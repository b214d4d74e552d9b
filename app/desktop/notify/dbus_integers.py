"""D-Bus ``uint32`` and ``byte`` values, which PySide6 cannot write, for the notifications backend.

A notification's ``replaces_id`` and ``CloseNotification``'s id are ``uint32``, its urgency hint a
``byte``, and strict servers (GNOME Shell, Plasma, dbus-fast) refuse anything else. PySide6
(checked up to 6.11) has no way to say so: a Python ``int`` written into a ``QDBusArgument`` goes
to the ``ushort`` overload (``q``), ``appendVariant`` and ``QDBusMessage.setArguments`` make it an
``int32`` (``i``), NumPy and ctypes integers cannot be marshalled at all, and there is no typed
``QVariant`` to hand over. Qt's own D-Bus library exports the two writers that are needed
(``QDBusArgument::operator<<(uint)`` and ``operator<<(uchar)``); they are called through ``ctypes``
on the library ``PySide6.QtDBus`` has already loaded, and every value written is checked for the
signature it produced. Where the writers cannot be reached (another platform, another Qt build),
``typed_arguments_available`` says so and the app shows its own popup instead.

This is the only place in the app that reaches into a library by symbol name.
"""

from __future__ import annotations

import ctypes
import functools
import os
from collections.abc import Callable

from PySide6.QtDBus import QDBusArgument
from shiboken6 import Shiboken

__all__ = ["DBusTypingError", "dbus_byte", "dbus_uint32", "typed_arguments_available"]


class DBusTypingError(RuntimeError):
    """An exact D-Bus integer type cannot be written on this platform."""


_Writer = Callable[[int, int], object]


@functools.cache
def _writers() -> tuple[_Writer, _Writer]:
    """``QDBusArgument::operator<<(uint)`` and ``operator<<(uchar)``, from Qt's D-Bus library
    (``RTLD_NOLOAD``: the one ``PySide6.QtDBus`` loaded, looked up once)."""
    try:
        library = ctypes.CDLL("libQt6DBus.so.6", mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
        write_uint32 = library["_ZN13QDBusArgumentlsEj"]
        write_byte = library["_ZN13QDBusArgumentlsEh"]
    except (AttributeError, OSError) as error:  # not Linux, or another Qt build
        raise DBusTypingError(f"cannot reach Qt's D-Bus marshaller: {error}") from error
    write_uint32.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    write_uint32.restype = ctypes.c_void_p
    write_byte.argtypes = [ctypes.c_void_p, ctypes.c_uint8]
    write_byte.restype = ctypes.c_void_p
    return write_uint32, write_byte


def _typed(value: int, which: int, signature: str, limit: int) -> QDBusArgument:
    if not 0 <= value <= limit:
        raise ValueError(f"{value} does not fit the D-Bus type {signature!r}")
    argument = QDBusArgument()  # a fresh one marshals
    _writers()[which](Shiboken.getCppPointer(argument)[0], value)
    if argument.currentSignature() != signature:
        raise DBusTypingError(f"wrote {argument.currentSignature()!r}, wanted {signature!r}")
    return argument


def dbus_uint32(value: int) -> QDBusArgument:
    """*value* as a D-Bus ``u``, for ``QDBusMessage.setArguments``."""
    return _typed(value, 0, "u", 0xFFFF_FFFF)


def dbus_byte(value: int) -> QDBusArgument:
    """*value* as a D-Bus ``y``; as a value of an ``a{sv}`` it travels as a variant of a byte."""
    return _typed(value, 1, "y", 0xFF)


def typed_arguments_available() -> bool:
    try:
        _writers()
    except DBusTypingError:
        return False
    return True
