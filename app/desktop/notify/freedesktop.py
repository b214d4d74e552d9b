"""The mid-workday reminder as a desktop notification, over D-Bus.

``DBusNotifier`` speaks the Desktop Notifications specification (``org.freedesktop.Notifications``)
through QtDBus: one notification with the actions Start, Snooze (the length the user chose) and
Skip, which replaces our previous one instead of stacking, and whose answer comes back as a
``ReminderChoice``. Only the signals about *our current* notification count: another
application's notifications, and our own older ones, are ignored — which is why
``QSystemTrayIcon.showMessage`` (no actions, and a click signal that any notification can fire)
is not used.

Nothing here waits for the server: every call is sent asynchronously and its answer handled
when it comes (within ``call_timeout_ms``, or as a failure). Whether a server is there and the
do-not-disturb state are asked at ``start()``, again whenever the name changes owner and when
the server says the property changed, and kept: ``available()`` and ``inhibited()`` tell what
was last heard. ``show_reminder`` sends the notification and returns; when the server then
refuses it or does not answer, ``show_failed`` is emitted and the reminder service shows
``app.qt.tray.reminder_popup.ReminderPopup`` instead (both fit the ``Reminder`` protocol), as it
does at once when no server is known to be there.

The bus is passed in (the session bus in the app, a private bus in the tests); the constructor
does no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from PySide6.QtCore import SLOT, QObject, Signal, SignalInstance, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusPendingCallWatcher,
    QDBusServiceWatcher,
    QDBusVariant,
)

from app.core.reminders.runner import REMINDER_TIMEOUT_MS, ReminderChoice
from app.desktop.notify.dbus_integers import (
    DBusTypingError,
    dbus_byte,
    dbus_uint32,
    typed_arguments_available,
)
from app.desktop.notify.payload import (
    ACTION_CHOICES,
    CATEGORY,
    CLOSE_CHOICES,
    DESKTOP_ENTRY,
    URGENCY_NORMAL,
    actions,
    icon_argument,
)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
PROPERTIES = "org.freedesktop.DBus.Properties"

__all__ = ["REMINDER_TIMEOUT_MS", "DBusNotifier", "Reminder", "ReminderChoice"]

CALL_TIMEOUT_MS = 2000

NOTIFY_SIGNATURE = "susssasa{sv}i"


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


_Then = Callable[[QDBusMessage | None], None]


class DBusNotifier(QObject):
    """The reminder as an ``org.freedesktop.Notifications`` notification."""

    choice_made = Signal(ReminderChoice)
    inhibited_changed = Signal(bool)
    show_failed = Signal()
    """A reminder ``show_reminder`` sent was refused, or not answered in time."""
    probed = Signal(bool)
    """The server was asked whether it is there: the answer (``available()`` from now on)."""

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
        self._owner_watch: QDBusServiceWatcher | None = None
        self._available: bool | None = None  # None: not heard yet
        self._server: ServerInformation | None = None
        self._last_inhibited: bool | None = None
        self._sending: object | None = None  # the Notify whose answer is still to come
        self._calls: dict[int, tuple[QDBusPendingCallWatcher, _Then]] = {}

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

    @property
    def sending(self) -> bool:
        """Whether a reminder was sent and the server has not answered yet."""
        return self._sending is not None

    def available(self) -> bool:
        """Whether a notification server was last heard owning its name and answering (and we
        can talk to it); False until it has been."""
        return bool(self._available) and typed_arguments_available()

    def server_information(self) -> ServerInformation | None:
        """What the server said about itself when last asked; None when it did not answer."""
        return self._server

    def inhibited(self) -> bool | None:
        """The server's do-not-disturb state (``Inhibited``, spec 1.3) as last heard; None when
        unknown or unsupported."""
        return self._last_inhibited

    # ---------------------------------------------------------------------------- commands

    def start(self) -> bool:
        """Listen to the server's signals and to its name changing owner, and ask whether it is
        there (the answer comes as ``probed``); ``show_reminder`` does it when needed.
        Idempotent: False without a bus."""
        if self._listening:
            return True
        if not self._bus.isConnected():
            return False
        results = [self._bus.connect(SERVICE, PATH, *hook, self, _SLOT) for hook in _HOOKS]
        self._listening = all(results)
        self._owner_watch = QDBusServiceWatcher(
            SERVICE, self._bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self
        )
        self._owner_watch.serviceOwnerChanged.connect(self._on_owner_changed)
        self._probe()
        return self._listening

    def stop(self) -> None:
        """Stop listening; a notification on screen stays there."""
        if self._listening:
            for hook in _HOOKS:
                self._bus.disconnect(SERVICE, PATH, *hook, self, _SLOT)
            self._listening = False
        if self._owner_watch is not None:
            self._owner_watch.deleteLater()
            self._owner_watch = None

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        """Send the reminder, replacing ours if it is still up, and return without waiting.
        False when it cannot be sent (no bus, no server known to be there); ``show_failed``
        follows when the server then refuses it or does not answer."""
        if not self.start() or self._available is False:
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
        sending = self._sending = object()
        self._routine_name = routine_name
        self._ask(
            INTERFACE,
            "Notify",
            [
                self._app_name,
                replaces_id,
                self._icon,
                title,
                body,
                labels,
                hints,
                self._expire_timeout_ms,
            ],
            lambda reply: self._on_notify_reply(sending, reply),
        )
        return True

    def close(self) -> bool:
        """Withdraw our notification, if one is up or on its way; no choice is reported for it."""
        notification_id, self._notification_id = self._notification_id, None
        on_its_way, self._sending = self._sending, None
        if notification_id is not None:
            self._close_notification(notification_id)
            return True
        return on_its_way is not None  # closed as soon as its id comes

    # ---------------------------------------------------------------------------- internals

    def _ask(
        self,
        interface: str,
        method: str,
        args: list[object],
        then: _Then,
    ) -> None:
        """Send a call to the server and return at once; *then* gets the reply, or None on any
        error or when none came within the call timeout."""
        message = QDBusMessage.createMethodCall(SERVICE, PATH, interface, method)
        if args:
            message.setArguments(args)
        message.setAutoStartService(False)
        pending = self._bus.asyncCall(message, self._call_timeout_ms)
        watcher = QDBusPendingCallWatcher(pending, self)  # answers in a later turn, always
        # Kept here, not in a closure connected to the watcher: a closure holding this object
        # would let the watcher, our child, be the last to hold us.
        self._calls[id(watcher)] = (watcher, then)
        watcher.finished.connect(self._on_call_finished)

    def _on_call_finished(self, watcher: QDBusPendingCallWatcher) -> None:
        _, then = self._calls.pop(id(watcher))
        reply = watcher.reply()
        watcher.deleteLater()
        then(reply if reply.type() == QDBusMessage.MessageType.ReplyMessage else None)

    def _probe(self) -> None:
        """Ask who the server is and whether it is in do-not-disturb."""
        self._ask(INTERFACE, "GetServerInformation", [], self._on_server_information)
        self._ask(PROPERTIES, "Get", [INTERFACE, "Inhibited"], self._on_inhibited)

    def _on_server_information(self, reply: QDBusMessage | None) -> None:
        if reply is None or reply.signature() != "ssss":
            self._server = None
        else:
            name, vendor, version, spec_version = (str(value) for value in reply.arguments())
            self._server = ServerInformation(name, vendor, version, spec_version)
        self._available = self._server is not None
        self.probed.emit(self._available)

    def _on_inhibited(self, reply: QDBusMessage | None) -> None:
        value: object = None
        if reply is not None and len(reply.arguments()) == 1:
            value = reply.arguments()[0]
            if isinstance(value, QDBusVariant):
                value = value.variant()
        before = self._last_inhibited
        self._last_inhibited = value if isinstance(value, bool) else None
        if self._last_inhibited is not None and self._last_inhibited != before:
            self.inhibited_changed.emit(self._last_inhibited)

    def _on_owner_changed(self, _name: str, _old_owner: str, new_owner: str) -> None:
        """The server went away, came, or was replaced: forget what it said, ask the new one."""
        self._server = None
        self._last_inhibited = None
        if new_owner:
            self._available = None
            self._probe()
        else:
            self._available = False

    def _on_notify_reply(self, sending: object, reply: QDBusMessage | None) -> None:
        shown = reply is not None and reply.signature() == "u"
        notification_id = int(reply.arguments()[0]) if reply is not None and shown else None
        if sending is not self._sending:  # withdrawn, or replaced, while it was on its way
            if notification_id is not None and notification_id != self._notification_id:
                self._close_notification(notification_id)
            return
        self._sending = None
        if notification_id is None:
            self._available = False
            self._probe()  # gone, or only this call failed: the answer says which
            self.show_failed.emit()
            return
        self._notification_id = notification_id

    def _close_notification(self, notification_id: int) -> None:
        try:
            argument = dbus_uint32(notification_id)
        except DBusTypingError:
            return
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "CloseNotification")
        message.setArguments([argument])
        self._bus.send(message)

    @Slot(QDBusMessage)
    def _on_signal(self, message: QDBusMessage) -> None:
        """One D-Bus signal from the server, turned into at most one Qt signal."""
        arguments: Sequence[object] = message.arguments()
        member = message.member()
        if member == "PropertiesChanged":
            if arguments and arguments[0] == INTERFACE:
                # The changed values come as an a{sv} QDBusArgument that PySide6 cannot read
                # back (its beginMap() is the writing overload): ask again for the one property
                # that matters.
                self._ask(PROPERTIES, "Get", [INTERFACE, "Inhibited"], self._on_inhibited)
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
