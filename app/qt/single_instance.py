"""One Unbrace per user: a second start hands its request to the running one and exits.

The first instance listens on a local socket (``QLocalServer``). A later ``unbrace``,
``unbrace --tray`` or ``unbrace run ID`` connects, writes one JSON line and waits for ``ok``;
then it exits, so there is never a second tray icon or a second reminder schedule.

Claiming goes: take a short lock file (so two instances started together take turns), try to
connect; when nobody answers, clear a socket file a crashed instance may have left, and listen.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast, get_args

from PySide6.QtCore import QCoreApplication, QDir, QEventLoop, QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app.core.paths import ROUTINE_SUFFIXES

log = logging.getLogger(__name__)

Command = Literal["show", "run", "tray"]
COMMANDS: Final = frozenset(get_args(Command))
PROTOCOL_VERSION: Final = 1
#: longer lines are not requests; the connection is dropped
MAX_LINE_BYTES: Final = 8192
#: a peer that connects and says nothing is dropped after this long
PEER_TIMEOUT_MS: Final = 5000
#: how long to wait for another starting instance to finish claiming
LOCK_WAIT_MS: Final = 3000
OK_REPLY: Final = b"ok\n"
ERROR_REPLY: Final = b"error\n"
#: a Unix socket path must fit in sockaddr_un (108 bytes with the terminating NUL)
_MAX_SOCKET_PATH: Final = 100


@dataclass(frozen=True, slots=True)
class InstanceRequest:
    """What a second start asks of the running instance."""

    command: Command
    routine: str | None = None  # a routine id or an absolute path, for "run" only

    def __post_init__(self) -> None:
        if self.command not in COMMANDS:
            raise ValueError(f"unknown command {self.command!r}")
        if (self.command == "run") != (self.routine is not None):
            raise ValueError("a routine goes with the run command, and only with it")
        if self.routine is not None and not 0 < len(self.routine) <= 4096:
            raise ValueError("the routine is empty or too long")

    @classmethod
    def from_command_line(
        cls, routine: str | None, tray: bool, cwd: Path | None = None
    ) -> InstanceRequest:
        """The request for ``unbrace [--tray] [run ROUTINE]``.

        A routine given as a file is made absolute: the running instance has its own folder.
        """
        if routine is None:
            return cls("tray" if tray else "show")
        base = Path.cwd() if cwd is None else cwd
        candidate = Path(routine)
        if not candidate.is_absolute() and (
            candidate.suffix in ROUTINE_SUFFIXES or (base / candidate).exists()
        ):
            routine = os.path.normpath(base / candidate)
        return cls("run", routine)

    def to_line(self) -> bytes:
        payload = {"version": PROTOCOL_VERSION, "command": self.command, "routine": self.routine}
        return json.dumps(payload, ensure_ascii=True).encode("ascii") + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> InstanceRequest:
        """Parse one line (without its newline); ``ValueError`` for anything else."""
        try:
            data = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"not a JSON line: {error}") from None
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        unexpected = set(data) - {"version", "command", "routine"}
        if unexpected:
            raise ValueError(f"unexpected keys: {sorted(unexpected)}")
        if data.get("version") != PROTOCOL_VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        command, routine = data.get("command"), data.get("routine")
        if not isinstance(command, str) or command not in COMMANDS:
            raise ValueError(f"unknown command {command!r}")
        if routine is not None and not isinstance(routine, str):
            raise ValueError("the routine is not a string")
        return cls(cast(Command, command), routine)


def default_instance_name(env: Mapping[str, str] | None = None) -> str:
    """The per-user server name.

    A socket in ``$XDG_RUNTIME_DIR`` (private to the user, emptied at logout) when there is one;
    otherwise ``unbrace-UID``, which Qt places in the temporary folder.
    """
    env = os.environ if env is None else env
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_absolute() and Path(runtime).is_dir():
        candidate = str(Path(runtime) / "unbrace.instance")
        if len(candidate.encode()) <= _MAX_SOCKET_PATH:
            return candidate
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    return f"unbrace-{user}"


class SingleInstance(QObject):
    """The running instance's mailbox, or the way to reach it.

    Nothing happens until :meth:`claim`. A claimed instance emits :attr:`request_received` for
    each request another start hands over; :meth:`close` stops listening.
    """

    request_received = Signal(InstanceRequest)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def claim(self, timeout_ms: int = 1000) -> bool:
        """Become the running instance (True), or find that another one is there (False).

        False also when a live socket is in the way but nobody accepted in time (a hung
        instance): the caller's :meth:`send` then fails and it can tell the user. True, with a
        warning logged, when listening fails for another reason (an unwritable folder, say):
        better an unguarded app than none.
        """
        if self._server is not None:
            return True
        owner = self._foreign_owner()
        if owner is not None:
            log.warning(
                "%s belongs to user %d; not guarding against a second start", self._path(), owner
            )
            return True
        lock = QLockFile(f"{self._path()}.lock")
        locked = lock.tryLock(LOCK_WAIT_MS)
        if not locked:
            log.warning("instance lock %s is held; claiming without it", lock.fileName())
        try:
            found = self._probe(timeout_ms)
            if found is None:
                return False
            if found in _NOBODY_THERE and locked:
                # Only now, with the lock held and nobody answering: a crash's leftover socket.
                QLocalServer.removeServer(self._name)
            server = QLocalServer(self)
            # No socket options: with them Qt binds elsewhere and renames over the name, which
            # would replace a live server's socket. A plain bind fails while the file is there,
            # so two instances can never both listen. Privacy comes from chmod (and, by default,
            # from the runtime folder, which only the user can enter).
            server.newConnection.connect(self._accept)
            if server.listen(self._name):
                self._server = server
                self._restrict(server.fullServerName())
                return True
            error, reason = server.serverError(), server.errorString()
            server.deleteLater()
            if error == QAbstractSocket.SocketError.AddressInUseError:
                log.warning("another instance holds %s but did not answer", self._name)
                return False
            log.warning(
                "cannot listen as %s (%s); not guarding against a second start", self._name, reason
            )
            return True
        finally:
            if locked:
                lock.unlock()

    def send(self, request: InstanceRequest, timeout_ms: int = 2000) -> bool:
        """Hand *request* to the running instance; True once it replied ``ok``.

        Runs a local event loop until the reply or the timeout, so it needs a
        ``QCoreApplication`` (and it also works against a server in this same thread).
        """
        if QCoreApplication.instance() is None:
            raise RuntimeError("SingleInstance.send needs a QCoreApplication")
        if self._foreign_owner() is not None:
            return False
        socket = QLocalSocket()
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        reply = bytearray()
        outcome: list[bool] = []

        def finish(ok: bool) -> None:
            if not outcome:
                outcome.append(ok)
            loop.quit()

        def on_connected() -> None:
            socket.write(request.to_line())
            socket.flush()

        def on_ready_read() -> None:
            reply.extend(socket.readAll().data())
            if b"\n" in reply:
                finish(bytes(reply[: reply.index(b"\n") + 1]) == OK_REPLY)

        socket.connected.connect(on_connected)
        socket.readyRead.connect(on_ready_read)
        socket.disconnected.connect(lambda: finish(False))
        socket.errorOccurred.connect(lambda _error: finish(False))
        timer.timeout.connect(lambda: finish(False))
        timer.start(max(timeout_ms, 0))
        socket.connectToServer(self._name)
        if not outcome:
            loop.exec()
        timer.stop()
        socket.abort()
        return outcome[0]

    def close(self) -> None:
        """Stop listening (the socket file goes too); a later claim may listen again."""
        if self._server is None:
            return
        self._server.close()
        self._server.deleteLater()
        self._server = None

    def _probe(self, timeout_ms: int) -> QLocalSocket.LocalSocketError | None:
        """None when a server accepted a connection, else why it did not."""
        probe = QLocalSocket()
        probe.connectToServer(self._name)
        connected = probe.waitForConnected(max(timeout_ms, 0))
        error = probe.error()
        probe.abort()
        return None if connected else error

    def _path(self) -> Path:
        """Where the socket file is: the name itself when absolute, else in Qt's temp folder."""
        name = Path(self._name)
        return name if name.is_absolute() else Path(QDir.tempPath()) / name

    def _foreign_owner(self) -> int | None:
        """The user owning the socket file when that is not us (never talk to them)."""
        if not hasattr(os, "getuid"):
            return None
        try:
            owner = self._path().lstat().st_uid
        except OSError:
            return None
        return owner if owner != os.getuid() else None

    @staticmethod
    def _restrict(path: str) -> None:
        try:
            Path(path).chmod(0o600)
        except OSError as error:
            log.warning("cannot make %s private: %s", path, error.strerror or error)

    def _accept(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            if socket is not None:
                self._serve(socket)

    def _serve(self, socket: QLocalSocket) -> None:
        """Read one line from *socket*, answer it, and pass the request on."""
        buffer = bytearray()
        timer = QTimer(socket)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: socket.abort())

        def answer(reply: bytes) -> None:
            timer.stop()
            socket.readyRead.disconnect(read)
            socket.write(reply)
            socket.flush()
            socket.disconnectFromServer()

        def read() -> None:
            buffer.extend(socket.readAll().data())
            end = buffer.find(b"\n")
            if end < 0:
                if len(buffer) > MAX_LINE_BYTES:
                    log.warning("ignored a request longer than %d bytes", MAX_LINE_BYTES)
                    answer(ERROR_REPLY)
                return
            try:
                request = InstanceRequest.from_line(bytes(buffer[:end]))
            except ValueError as error:
                log.warning("ignored a malformed request: %s", error)
                answer(ERROR_REPLY)
                return
            answer(OK_REPLY)
            self.request_received.emit(request)

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)
        timer.start(PEER_TIMEOUT_MS)
        if socket.bytesAvailable():
            read()


_NOBODY_THERE: Final = frozenset(
    {
        QLocalSocket.LocalSocketError.ServerNotFoundError,
        QLocalSocket.LocalSocketError.ConnectionRefusedError,
    }
)
