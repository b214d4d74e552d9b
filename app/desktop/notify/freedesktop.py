"""The mid-workday reminder as a desktop notification, over D-Bus.

``DBusNotifier`` speaks the Desktop Notifications specification (``org.freedesktop.Notifications``)
through QtDBus: one notification with the actions Start, Snooze (the length the user chose) and
Skip, which replaces our
previous one instead of stacking, and whose answer comes back as a ``ReminderChoice``. Only the
signals about *our current* notification count: another application's notifications, and our own
older ones, are ignored — which is why ``QSystemTrayIcon.showMessage`` (no actions, and a click
signal that any notification can fire) is not used.

When no server answers, the composition root shows
``app.qt.tray.reminder_popup.ReminderPopup`` instead;
both fit the ``Reminder`` protocol.

The bus is passed in (the session bus in the app, a private bus in the tests); the constructor does
no I/O. Calls block for at most ``call_timeout_ms``: a notification server answers in milliseconds,
and the reminder needs its notification's id before it can tell that notification's signals apart.
"""

from __future__ import annotations

import ctypes
import enum
import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import SLOT, QObject, QUrl, Signal, SignalInstance, Slot
from PySide6.QtDBus import QDBus, QDBusArgument, QDBusConnection, QDBusMessage, QDBusVariant
from shiboken6 import Shiboken

from app.core.reminders.runner import REMINDER_TIMEOUT_MS, ReminderChoice

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
PROPERTIES = "org.freedesktop.DBus.Properties"
BUS_SERVICE = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"

__all__ = ["REMINDER_TIMEOUT_MS", "DBusNotifier", "Reminder", "ReminderChoice"]

CALL_TIMEOUT_MS = 2000

NOTIFY_SIGNATURE = "susssasa{sv}i"


def actions(snooze_min: int) -> tuple[tuple[str, str], ...]:
    """The notification's actions, as (key, label) pairs."""
    return (
        ("start", "Start"),
        ("snooze", f"Snooze {snooze_min} min"),
        ("skip", "Skip"),
        ("default", "Start"),  # a click on the notification itself
    )


ACTION_CHOICES: dict[str, ReminderChoice] = {
    "start": ReminderChoice.START,
    "snooze": ReminderChoice.SNOOZE,
    "skip": ReminderChoice.SKIP,
    "default": ReminderChoice.START,
}


class CloseReason(enum.IntEnum):
    """The reasons of ``NotificationClosed``, from the specification."""

    EXPIRED = 1
    DISMISSED = 2
    CLOSED_BY_CALL = 3
    UNDEFINED = 4


CLOSE_CHOICES: dict[int, ReminderChoice | None] = {
    CloseReason.EXPIRED: ReminderChoice.MISSED,
    CloseReason.DISMISSED: ReminderChoice.DISMISSED,
    CloseReason.CLOSED_BY_CALL: None,  # we closed it: nothing to report
}
"""Any other reason (4 and the reserved ones): it vanished unanswered, so MISSED."""

URGENCY_NORMAL = 1
CATEGORY = "x-unbrace.reminder"  # a vendor category, as the specification allows
DESKTOP_ENTRY = "unbrace"


class Reminder(Protocol):
    """A way to put the reminder in front of the user: a notification or the popup."""

    @property
    def choice_made(self) -> SignalInstance:
        """Emits one ``ReminderChoice`` per reminder answered, dismissed or missed."""
        ...

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        """Show it, replacing the one shown before; False when it could not be shown. Its Snooze
        puts the reminder off *snooze_min* minutes."""
        ...

    def close(self) -> bool:
        """Take it away without reporting a choice."""
        ...


@dataclass(frozen=True)
class ServerInformation:
    """What ``GetServerInformation`` says about the notification server."""

    name: str
    vendor: str
    version: str
    spec_version: str


# ------------------------------------------------------------------------- typed D-Bus integers


class DBusTypingError(RuntimeError):
    """An exact D-Bus integer type cannot be written on this platform."""


_Writer = Callable[[int, int], object]


@functools.cache
def _writers() -> tuple[_Writer, _Writer]:
    """``QDBusArgument::operator<<(uint)`` and ``operator<<(uchar)``, from Qt's D-Bus library.

    PySide6 routes every Python ``int`` written into a ``QDBusArgument`` to the ``ushort`` overload,
    and turns a plain ``int`` argument into an ``int32``; the specification wants ``uint32`` ids and
    a ``byte`` urgency, and strict servers (GNOME Shell, Plasma, dbus-fast) refuse anything else.
    The library that ``PySide6.QtDBus`` loaded exports both overloads; ``RTLD_NOLOAD`` reuses it.
    """
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


# ---------------------------------------------------------------------------------- notifier

_HOOKS = (
    (INTERFACE, "ActionInvoked"),
    (INTERFACE, "NotificationClosed"),
    (PROPERTIES, "PropertiesChanged"),
)
# One slot takes them all: a slot whose only parameter is a QDBusMessage matches any signature,
# which spares declaring ``uint`` parameters from Python. PySide6 6.12's stub types the slot as
# bytes, but the binding accepts only the str that SLOT() returns.
_SLOT = cast(bytes, SLOT("_on_signal(QDBusMessage)"))


class DBusNotifier(QObject):
    """The reminder as an ``org.freedesktop.Notifications`` notification."""

    choice_made = Signal(ReminderChoice)
    inhibited_changed = Signal(bool)

    def __init__(
        self,
        bus: QDBusConnection,
        app_name: str = "Unbrace",
        icon: str = "",
        expire_timeout_ms: int = REMINDER_TIMEOUT_MS,
        call_timeout_ms: int = CALL_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus = bus
        self._app_name = app_name
        self._icon = icon_argument(icon)
        self._expire_timeout_ms = expire_timeout_ms
        self._call_timeout_ms = call_timeout_ms
        self._notification_id: int | None = None
        self._routine_name: str | None = None
        self._listening = False
        self._last_inhibited: bool | None = None

    # ---------------------------------------------------------------------------- reading

    @property
    def notification_id(self) -> int | None:
        """The id of our notification waiting for an answer; None when there is none."""
        return self._notification_id

    @property
    def routine_name(self) -> str | None:
        """The routine the last reminder offered."""
        return self._routine_name

    @property
    def listening(self) -> bool:
        return self._listening

    def available(self) -> bool:
        """Whether a notification server owns its name and answers (and we can talk to it)."""
        if not self._bus.isConnected() or not typed_arguments_available():
            return False
        owned = self._call(BUS_SERVICE, BUS_PATH, BUS_SERVICE, "NameHasOwner", SERVICE)
        if owned is None or owned.arguments() != [True]:
            return False
        return self.server_information() is not None

    def server_information(self) -> ServerInformation | None:
        reply = self._call(SERVICE, PATH, INTERFACE, "GetServerInformation")
        if reply is None or reply.signature() != "ssss":
            return None
        name, vendor, version, spec_version = (str(value) for value in reply.arguments())
        return ServerInformation(name, vendor, version, spec_version)

    def inhibited(self) -> bool | None:
        """The server's do-not-disturb state (``Inhibited``, spec 1.3); None when unsupported."""
        reply = self._call(SERVICE, PATH, PROPERTIES, "Get", INTERFACE, "Inhibited")
        if reply is None or len(reply.arguments()) != 1:
            return None
        value = reply.arguments()[0]
        if isinstance(value, QDBusVariant):
            value = value.variant()
        if not isinstance(value, bool):
            return None
        self._last_inhibited = value
        return value

    # ---------------------------------------------------------------------------- commands

    def start(self) -> bool:
        """Listen to the server's signals (``show_reminder`` does it when needed); idempotent."""
        if self._listening:
            return True
        if not self._bus.isConnected():
            return False
        results = [self._bus.connect(SERVICE, PATH, *hook, self, _SLOT) for hook in _HOOKS]
        self._listening = all(results)
        return self._listening

    def stop(self) -> None:
        """Stop listening; a notification on screen stays there."""
        if self._listening:
            for hook in _HOOKS:
                self._bus.disconnect(SERVICE, PATH, *hook, self, _SLOT)
            self._listening = False

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        """Show the reminder, replacing ours if it is still up; False when that failed."""
        if not self.start():
            return False
        try:
            replaces_id = dbus_uint32(self._notification_id or 0)
            urgency = dbus_byte(URGENCY_NORMAL)
        except DBusTypingError:
            return False
        hints: dict[str, Any] = {
            "category": CATEGORY,
            "desktop-entry": DESKTOP_ENTRY,
            "urgency": urgency,
        }
        labels = [text for pair in actions(snooze_min) for text in pair]
        reply = self._call(
            SERVICE,
            PATH,
            INTERFACE,
            "Notify",
            self._app_name,
            replaces_id,
            self._icon,
            title,
            body,
            labels,
            hints,
            self._expire_timeout_ms,
        )
        if reply is None or reply.signature() != "u":
            return False
        self._notification_id = int(reply.arguments()[0])
        self._routine_name = routine_name
        return True

    def close(self) -> bool:
        """Withdraw our notification, if one is up; no choice is reported for it."""
        notification_id, self._notification_id = self._notification_id, None
        if notification_id is None:
            return False
        try:
            argument = dbus_uint32(notification_id)
        except DBusTypingError:
            return False
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "CloseNotification")
        message.setArguments([argument])
        return self._bus.send(message)

    # ---------------------------------------------------------------------------- internals

    def _call(
        self, service: str, path: str, interface: str, method: str, *args: object
    ) -> QDBusMessage | None:
        """A blocking call with a short timeout; None on any error."""
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        if args:
            message.setArguments(list(args))
        message.setAutoStartService(False)
        reply = self._bus.call(message, QDBus.CallMode.Block, self._call_timeout_ms)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            return None
        return reply

    @Slot(QDBusMessage)
    def _on_signal(self, message: QDBusMessage) -> None:
        """One D-Bus signal from the server, turned into at most one Qt signal."""
        arguments: Sequence[object] = message.arguments()
        member = message.member()
        if member == "PropertiesChanged":
            if arguments and arguments[0] == INTERFACE:
                self._on_properties_changed()
            return
        if len(arguments) != 2 or not isinstance(arguments[0], int):
            return
        if self._notification_id is None or arguments[0] != self._notification_id:
            return  # another application's notification, or one of ours already replaced
        detail = arguments[1]
        choice: ReminderChoice | None
        if member == "ActionInvoked" and isinstance(detail, str):
            choice = ACTION_CHOICES.get(detail)
        elif member == "NotificationClosed" and isinstance(detail, int):
            choice = CLOSE_CHOICES.get(detail, ReminderChoice.MISSED)
        else:
            return
        if choice is None:
            return
        # Settled: what the server says about this id afterwards (servers often close a
        # notification after one of its actions) is not a second answer.
        self._notification_id = None
        self.choice_made.emit(choice)

    def _on_properties_changed(self) -> None:
        # The changed values come as an a{sv} QDBusArgument that PySide6 cannot read back (its
        # beginMap() is the writing overload), so ask again for the one property that matters.
        before = self._last_inhibited
        now = self.inhibited()
        if now is not None and now != before:
            self.inhibited_changed.emit(now)


def icon_argument(icon: str) -> str:
    """An icon name stays as it is; a path becomes the ``file://`` URI the specification wants."""
    if "/" in icon or os.sep in icon:
        return QUrl.fromLocalFile(str(Path(icon).absolute())).toString()
    return icon
