"""A fake ``org.gnome.Mutter.IdleMonitor`` on the session bus, for tests: the desktop's idle time.

Run it as a subprocess on a private bus::

    python -m tests.support.fake_idle_server LOGFILE MS [MS ...]

with ``DBUS_SESSION_BUS_ADDRESS`` naming the bus. It owns ``org.gnome.Mutter.IdleMonitor`` and
answers ``GetIdletime`` on ``/org/gnome/Mutter/IdleMonitor/Core`` (milliseconds since the last
input, as Mutter does) with the readings given, in turn and over again, prints ``ready`` once it
owns the name, and writes one JSON line per call to LOGFILE: ``{"method": "GetIdletime",
"returned": 20000}``. SIGTERM or SIGINT stop it.
"""

# No ``from __future__ import annotations``: dbus-fast reads the annotations.

import argparse
import asyncio
import contextlib
import itertools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusUInt64
from dbus_fast.service import ServiceInterface, dbus_method

from tests.support.fake_dbus import running_fake, serve_until_stopped

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
OBJECT_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"


class IdleMonitor(ServiceInterface):
    def __init__(self, readings_ms: Sequence[int], log: TextIO) -> None:
        super().__init__(INTERFACE)
        self._readings = itertools.cycle(readings_ms)
        self._log = log

    @dbus_method()
    def GetIdletime(self) -> DBusUInt64:
        value = next(self._readings)
        self._log.write(json.dumps({"method": "GetIdletime", "returned": value}) + "\n")
        self._log.flush()
        return value


async def serve(log_path: Path, readings_ms: list[int]) -> None:
    with log_path.open("a", encoding="utf-8") as stream:
        bus = await MessageBus().connect()
        bus.export(OBJECT_PATH, IdleMonitor(readings_ms, stream))
        await serve_until_stopped(bus, BUS_NAME)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("logfile", type=Path)
    parser.add_argument("readings", type=int, nargs="+", help="idle times to tell, in ms")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.logfile, args.readings))


class FakeIdle:
    """A running fake idle monitor: the readings it gave, in order."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path

    def answers_ms(self) -> list[int]:
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["returned"] for line in lines if line]


@contextlib.contextmanager
def running_idle_monitor(
    address: str, log_path: Path, readings_ms: Sequence[int]
) -> Iterator[FakeIdle]:
    """This module as a subprocess on the bus at *address*, until the block ends."""
    args = [str(log_path), *(str(ms) for ms in readings_ms)]
    with running_fake("tests.support.fake_idle_server", args, address, "the fake idle monitor"):
        yield FakeIdle(log_path)


if __name__ == "__main__":
    main()
