"""One Unbrace per user: a second start hands its request to the running one and exits.

The first instance listens on a local socket (``QLocalServer``). A later ``unbrace``,
``unbrace --tray`` or ``unbrace run ID`` connects, writes one JSON line and waits for ``ok``;
then it exits, so there is never a second tray icon or a second reminder schedule.

Claiming goes: take a short lock file (so two instances started together take turns), try to
connect; when nobody answers, clear a socket file a crashed instance may have left, and listen.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QDir, QEventLoop, QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from app.core.files.state_files import kind_of
from app.desktop.instance.request import (
    COMMANDS,
    MAX_LINE_BYTES,
    NO_PRIVATE_FOLDER,
    PROTOCOL_VERSION,
    Command,
    InstanceRequest,
    default_instance_name,
    private_folder,
)

__all__ = [
    "COMMANDS",
    "ERROR_REPLY",
    "MAX_LINE_BYTES",
    "NO_PRIVATE_FOLDER",
    "OK_REPLY",
    "PROTOCOL_VERSION",
    "Command",
    "InstanceRequest",
    "SingleInstance",
    "default_instance_name",
    "private_folder",
]

log = logging.getLogger("unbrace.instance")

#: a peer that connects and says nothing is dropped after this long
PEER_TIMEOUT_MS: Final = 5000
#: how long to wait for another starting instance to finish claiming
LOCK_WAIT_MS: Final = 3000
OK_REPLY: Final = b"ok\n"
ERROR_REPLY: Final = b"error\n"


class SingleInstance(QObject):
    """The running instance's mailbox, or the way to reach it.

    Nothing happens until :meth:`claim`. A claimed instance emits :attr:`request_received` for
    each request another start hands over; :meth:`close` stops listening.
    """

    request_received = Signal(InstanceRequest)

    def __init__(self, name: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name or ""
        self._server: QLocalServer | None = None
        #: why this instance runs unguarded, one sentence for the window (None: guarded)
        self.problem: str | None = None if name else NO_PRIVATE_FOLDER

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
        if self._server is not None or not self._name:
            return True
        owner = self._foreign_owner()
        if owner is not None:
            log.warning(
                "%s belongs to user %d; not guarding against a second start", self._path(), owner
            )
            self.problem = (
                f"{self._path()} belongs to another user, so a second Unbrace could start "
                "beside this one. Remove it (or ask its owner to) and restart Unbrace."
            )
            return True
        odd = self._not_a_socket()
        if odd is not None:
            log.warning("%s is %s; not guarding against a second start", self._path(), odd)
            self.problem = (
                f"{self._path()} is {odd}, not Unbrace's socket, so a second Unbrace could "
                "start beside this one. Move it away and restart Unbrace."
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
            self.problem = (
                f"Unbrace cannot listen at {self._name} ({reason}), so a second Unbrace could "
                "start beside this one."
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
        if not self._name or self._foreign_owner() is not None:
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

    def _not_a_socket(self) -> str | None:
        """What is at the socket's path when it is something other than a socket (a folder, a
        file, a link): never removed, never listened over."""
        try:
            mode = self._path().lstat().st_mode
        except OSError:
            return None
        if stat.S_ISSOCK(mode):
            return None
        return kind_of(mode)

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
