"""A fake ``org.freedesktop.Notifications`` server on the session bus, for tests.

Run it as a subprocess on a private bus::

    python -m tests.support.fake_notification_server LOGFILE [--inhibited]

with ``DBUS_SESSION_BUS_ADDRESS`` naming the bus.

It owns the name ``org.freedesktop.Notifications``, prints ``ready`` on stdout once it does, and
writes one JSON line per call it receives on that interface to LOGFILE (flushed at once)::

    {"method": "Notify", "signature": "susssasa{sv}i", "args": [...], "returned": 1}

``signature`` is the one the message carried on the wire, so a client that sends ``i`` where the
specification says ``u`` is caught here: dbus-fast then answers with an UnknownMethod error, as a
strict server would, and the line carries ``"error"`` instead of ``"returned"``. Variants are
logged as ``{"signature": ..., "value": ...}``.

Tests drive the server's side through a second interface, ``org.unbrace.Test``, on the same object:
``Invoke(id: u, action: s)`` emits ``ActionInvoked``, ``Close(id: u, reason: u)`` emits
``NotificationClosed``, ``SetInhibited(inhibited: b)`` changes the ``Inhibited`` property and emits
``PropertiesChanged``, ``Hold()`` makes it hold its answers to ``Notify`` and
``GetServerInformation`` (a slow server: each call is logged when it arrives, answered when
``Release()`` comes), and ``Refuse(refuse: b)`` makes ``Notify`` answer with an error.

SIGTERM or SIGINT stop it cleanly.

For tests, ``running_server()`` runs this module on a private bus (``tests.support.fake_dbus``),
and ``FakeServer`` reads the log and drives the test interface with ``dbus-send``.
"""

# No ``from __future__ import annotations``: dbus-fast reads the annotations, and a postponed
# ``-> None`` would reach it as the string "None" instead of "no reply".

import argparse
import asyncio
import collections
import contextlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

from dbus_fast import Message, MessageType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import (
    DBusBool,
    DBusDict,
    DBusInt32,
    DBusSignature,
    DBusStr,
    DBusUInt32,
)
from dbus_fast.constants import ErrorType, PropertyAccess
from dbus_fast.errors import DBusError
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

from tests.support.fake_dbus import START_TIMEOUT_S, running_fake, serve_until_stopped

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
TEST_INTERFACE = "org.unbrace.Test"

SERVER_INFO = ("Fake Notifications", "unbrace-tests", "0.1", "1.2")
CAPABILITIES = ["actions", "body"]

EXPECTED_SIGNATURES = {
    "Notify": "susssasa{sv}i",
    "CloseNotification": "u",
    "GetCapabilities": "",
    "GetServerInformation": "",
}

# NotificationClosed reasons, from the specification.
EXPIRED, DISMISSED, CLOSED_BY_CALL, UNDEFINED = 1, 2, 3, 4


def jsonable(value: Any) -> Any:
    """A JSON-ready copy of a D-Bus value; variants keep their signature."""
    if isinstance(value, Variant):
        return {"signature": value.signature, "value": jsonable(value.value)}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, bytes):
        return list(value)
    return value


class CallLog:
    """One JSON line per call, flushed at once so a test can read it while the server runs."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        # the wire signatures of the calls to each method that are being handled, in order (a
        # method that waits lets the next call in before it logs its own)
        self._signatures: dict[str, collections.deque[str]] = collections.defaultdict(
            collections.deque
        )

    def arrived(self, method: str, signature: str) -> None:
        self._signatures[method].append(signature)

    def write(self, method: str, args: list[Any], **extra: Any) -> None:
        waiting = self._signatures[method]
        signature = waiting.popleft() if waiting else ""
        record = {"method": method, "signature": signature, "args": jsonable(args), **extra}
        self._stream.write(json.dumps(record) + "\n")
        self._stream.flush()


class Notifications(ServiceInterface):
    """The server side of the Desktop Notifications specification, version 1.2."""

    def __init__(self, log: CallLog, inhibited: bool) -> None:
        super().__init__(INTERFACE)
        self._log = log
        self._last_id = 0
        self._inhibited = inhibited
        self.answering = asyncio.Event()  # cleared: answers are held
        self.answering.set()
        self.refusing = False

    @dbus_method()
    async def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: Annotated[list[str], DBusSignature("as")],
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        args = [app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout]
        if self.refusing:
            self._log.write("Notify", args, error="refused")
            raise DBusError(ErrorType.FAILED, "refused, as the test asked")
        if replaces_id:
            notification_id = replaces_id
        else:
            self._last_id += 1
            notification_id = self._last_id
        self._log.write("Notify", args, returned=notification_id)
        await self.answering.wait()
        return notification_id

    @dbus_method()
    def CloseNotification(self, notification_id: DBusUInt32) -> None:
        self._log.write("CloseNotification", [notification_id])
        self.NotificationClosed(notification_id, CLOSED_BY_CALL)

    @dbus_method()
    def GetCapabilities(self) -> Annotated[list[str], DBusSignature("as")]:
        self._log.write("GetCapabilities", [], returned=CAPABILITIES)
        return CAPABILITIES

    @dbus_method()
    async def GetServerInformation(
        self,
    ) -> Annotated[tuple[str, str, str, str], DBusSignature("ssss")]:
        self._log.write("GetServerInformation", [], returned=list(SERVER_INFO))
        await self.answering.wait()
        return SERVER_INFO

    @dbus_signal()
    def NotificationClosed(
        self, notification_id: int, reason: int
    ) -> Annotated[tuple[int, int], DBusSignature("uu")]:
        return notification_id, reason

    @dbus_signal()
    def ActionInvoked(
        self, notification_id: int, action_key: str
    ) -> Annotated[tuple[int, str], DBusSignature("us")]:
        return notification_id, action_key

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> DBusBool:
        return self._inhibited

    def set_inhibited(self, inhibited: bool) -> None:
        self._inhibited = inhibited
        self.emit_properties_changed({"Inhibited": inhibited})


class TestControl(ServiceInterface):
    """What a test asks the server to do, as if the user had acted on a notification."""

    __test__ = False  # not a pytest test class

    def __init__(self, server: Notifications) -> None:
        super().__init__(TEST_INTERFACE)
        self._server = server

    @dbus_method()
    def Invoke(self, notification_id: DBusUInt32, action: DBusStr) -> None:
        self._server.ActionInvoked(notification_id, action)

    @dbus_method()
    def Close(self, notification_id: DBusUInt32, reason: DBusUInt32) -> None:
        self._server.NotificationClosed(notification_id, reason)

    @dbus_method()
    def SetInhibited(self, inhibited: DBusBool) -> None:
        self._server.set_inhibited(inhibited)

    @dbus_method()
    def Hold(self) -> None:
        self._server.answering.clear()

    @dbus_method()
    def Release(self) -> None:
        self._server.answering.set()

    @dbus_method()
    def Refuse(self, refuse: DBusBool) -> None:
        self._server.refusing = refuse


async def serve(log_path: Path, inhibited: bool) -> None:
    with log_path.open("a", encoding="utf-8") as stream:
        log = CallLog(stream)
        bus = await MessageBus().connect()

        def note_signature(message: Message) -> None:
            # Runs before dbus-fast dispatches the call: remember what was on the wire, and log
            # the calls that will be refused because their signature does not match.
            if message.message_type is not MessageType.METHOD_CALL:
                return
            if message.interface != INTERFACE:
                return
            member = message.member or ""
            log.arrived(member, message.signature)
            expected = EXPECTED_SIGNATURES.get(member)
            if expected is not None and expected != message.signature:
                log.write(member, list(message.body), error="signature mismatch")

        bus.add_message_handler(note_signature)
        server = Notifications(log, inhibited)
        bus.export(OBJECT_PATH, server)
        bus.export(OBJECT_PATH, TestControl(server))
        await serve_until_stopped(bus, BUS_NAME)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("logfile", type=Path)
    parser.add_argument("--inhibited", action="store_true", help="start in do-not-disturb")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.logfile, args.inhibited))


class FakeServer:
    """A running fake server: its call log, and the hand of the user on its notifications."""

    def __init__(self, address: str, log_path: Path) -> None:
        self.address = address
        self.log_path = log_path

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """The logged calls so far, in order; only those to *method* when given."""
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line]
        return [r for r in records if method is None or r["method"] == method]

    def invoke(self, notification_id: int, action: str) -> None:
        """The user clicks *action* on notification *notification_id*."""
        self._control("Invoke", f"uint32:{notification_id}", f"string:{action}")

    def close(self, notification_id: int, reason: int) -> None:
        """Notification *notification_id* goes away (1 expired, 2 dismissed, 3 closed by call)."""
        self._control("Close", f"uint32:{notification_id}", f"uint32:{reason}")

    def set_inhibited(self, inhibited: bool) -> None:
        self._control("SetInhibited", f"boolean:{str(inhibited).lower()}")

    def hold(self) -> None:
        """From now on, calls are logged as they arrive but answered only at ``release``."""
        self._control("Hold")

    def release(self) -> None:
        self._control("Release")

    def refuse(self, refuse: bool = True) -> None:
        """``Notify`` answers with an error (or, with False, works again)."""
        self._control("Refuse", f"boolean:{str(refuse).lower()}")

    def _control(self, method: str, *args: str) -> None:
        # --print-reply waits for the answer, so the signal is on the bus when this returns.
        subprocess.run(
            [
                "dbus-send",
                f"--bus={self.address}",
                "--print-reply",
                f"--dest={BUS_NAME}",
                OBJECT_PATH,
                f"{TEST_INTERFACE}.{method}",
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )


@contextlib.contextmanager
def running_server(address: str, log_path: Path, inhibited: bool = False) -> Iterator[FakeServer]:
    """This module as a subprocess on the bus at *address*, until the block ends."""
    args = [str(log_path), *(["--inhibited"] if inhibited else [])]
    with running_fake(
        "tests.support.fake_notification_server", args, address, "the fake notification server"
    ):
        yield FakeServer(address, log_path)


if __name__ == "__main__":
    main()
