"""What the fake D-Bus services of the tests share: a private bus to run them on, running one as
a subprocess until it says it is ready, and, inside that subprocess, owning the service's name
until it is told to stop.

``private_bus()`` runs a ``dbus-daemon`` of its own (no service activation, so nothing real can
answer); ``running_fake()`` runs a fake's module on it and waits for its ``ready`` line;
``serve_until_stopped()`` is the end of each fake's ``serve``.
"""

# No ``from __future__ import annotations``: the fakes' dbus-fast services read annotations, and
# this module is imported by them.

import asyncio
import contextlib
import os
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from dbus_fast.aio import MessageBus
from dbus_fast.constants import RequestNameReply

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 10.0

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={directory}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def read_line(process: subprocess.Popen[str], stream: IO[str] | None, what: str) -> str:
    """The next line *process* writes, or an error naming *what* did not come."""
    assert stream is not None
    ready, _, _ = select.select([stream], [], [], START_TIMEOUT_S)
    line = stream.readline() if ready else ""
    if not line:
        process.kill()
        _, errors = process.communicate()
        raise RuntimeError(f"{what} did not start: {errors.strip() or 'no output'}")
    return line.strip()


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


@contextlib.contextmanager
def private_bus(directory: Path) -> Iterator[str]:
    """A session-type ``dbus-daemon`` listening in *directory*; yields its address."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        raise RuntimeError("dbus-daemon is not installed (Debian: dbus-daemon)")
    config = directory / "bus.conf"
    config.write_text(_BUS_CONFIG.format(directory=directory), encoding="utf-8")
    process = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield read_line(process, process.stdout, "dbus-daemon")
    finally:
        stop(process)


@contextlib.contextmanager
def running_fake(module: str, args: Sequence[str], address: str, what: str) -> Iterator[None]:
    """``python -m MODULE ARGS`` on the bus at *address*, once it has said ``ready``, until the
    block ends; *what* names it in the error when it does not start."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        if read_line(process, process.stdout, what) != "ready":
            raise RuntimeError(f"{what} said something else than ready")
        yield
    finally:
        stop(process)


async def serve_until_stopped(bus: MessageBus, name: str) -> None:
    """Own *name* on *bus* (its objects exported already), say ``ready``, and serve until SIGTERM
    or SIGINT."""
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    reply = await bus.request_name(name)
    if reply is not RequestNameReply.PRIMARY_OWNER:
        raise SystemExit(f"could not own {name}: {reply.name}")
    print("ready", flush=True)
    await stopped.wait()
    bus.disconnect()
