"""One instance per user: the second start hands its request over instead of running twice."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from app.desktop.instance import socket as single_instance
from app.desktop.instance.socket import (
    ERROR_REPLY,
    NO_PRIVATE_FOLDER,
    OK_REPLY,
    InstanceRequest,
    SingleInstance,
    default_instance_name,
)
from tests.conftest import REPO

Make = Callable[[], SingleInstance]

CHILD_ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

#: a child instance: claims, says so, and prints each request it receives until told to stop
LISTENER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QTimer
    from app.desktop.instance.socket import SingleInstance

    app = QCoreApplication([])
    instance = SingleInstance(sys.argv[1])
    if not instance.claim():
        print("not claimed", flush=True)
        sys.exit(3)

    def received(request):
        print(f"received {request.command} {request.routine}", flush=True)
        app.quit()

    instance.request_received.connect(received)
    print("ready", flush=True)
    QTimer.singleShot(int(sys.argv[2]), app.quit)
    app.exec()
    instance.close()
    """
)


@pytest.fixture
def name() -> Iterator[str]:
    """A server name no other test (or user) shares."""
    unique = f"unbrace-test-{uuid.uuid4().hex[:12]}"
    yield unique
    for leftover in (socket_path(unique), Path(f"{socket_path(unique)}.lock")):
        leftover.unlink(missing_ok=True)


@pytest.fixture
def make(name: str, qapp: object) -> Iterator[Make]:
    """Builds instances on the test's name and closes them all afterwards."""
    made: list[SingleInstance] = []

    def build() -> SingleInstance:
        instance = SingleInstance(name)
        made.append(instance)
        return instance

    yield build
    for instance in made:
        instance.close()


def socket_path(name: str) -> Path:
    return Path(QDir.tempPath()) / name


def exchange(qtbot: QtBot, name: str, data: bytes) -> bytes:
    """Write raw *data* to the server and return what it answers before hanging up."""
    peer = QLocalSocket()
    peer.connectToServer(name)
    assert peer.waitForConnected(1000)
    peer.write(data)
    peer.flush()
    received = bytearray()

    def answered() -> None:
        received.extend(peer.readAll().data())
        assert received.endswith(b"\n")

    qtbot.waitUntil(answered, timeout=3000)
    peer.abort()
    return bytes(received)


def test_the_first_claims_and_the_second_hands_its_request_over(qtbot: QtBot, make: Make) -> None:
    """The first claim listens; a second finds it, and its request arrives with its payload."""
    first, second = make(), make()
    assert first.claim()
    assert first.listening
    assert not second.claim()
    assert not second.listening
    with qtbot.waitSignal(first.request_received, timeout=3000) as blocker:
        assert second.send(InstanceRequest("run", "box-breathing"))
    assert blocker.args == [InstanceRequest("run", "box-breathing")]


def test_every_command_travels(qtbot: QtBot, make: Make) -> None:
    """show, tray and run each arrive as sent, one signal per request."""
    first, second = make(), make()
    assert first.claim()
    received: list[InstanceRequest] = []
    first.request_received.connect(received.append)
    sent = [InstanceRequest("show"), InstanceRequest("tray"), InstanceRequest("run", "/a b/ü.yaml")]
    for request in sent:
        assert second.send(request)
    qtbot.waitUntil(lambda: len(received) == 3, timeout=3000)
    assert received == sent


def test_claiming_twice_is_harmless(make: Make) -> None:
    """A second claim by the same object keeps its server."""
    instance = make()
    assert instance.claim()
    assert instance.claim()
    assert instance.listening


def test_the_constructor_does_nothing(name: str, make: Make) -> None:
    """Building the object neither listens nor leaves files; claim is the only side effect."""
    instance = make()
    assert not instance.listening
    assert not socket_path(name).exists()
    assert instance.name == name


def test_after_close_another_instance_can_claim(make: Make, name: str) -> None:
    """Closing stops listening and removes the socket file, so the next start claims."""
    first = make()
    assert first.claim()
    assert socket_path(name).exists()
    first.close()
    assert not first.listening
    assert not socket_path(name).exists()
    assert make().claim()


def test_the_socket_is_private_to_the_user(make: Make, name: str) -> None:
    """Only the owner may connect (read and write on the socket file)."""
    assert make().claim()
    assert stat.S_IMODE(socket_path(name).stat().st_mode) == 0o600


def test_a_socket_of_another_user_is_never_talked_to(
    make: Make, name: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A socket file owned by someone else is neither sent to nor claimed over; the app runs."""
    assert make().claim()
    stranger = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: stranger)  # so our own file looks foreign
    other = make()
    assert not other.send(InstanceRequest("show"))
    assert other.claim()  # unguarded rather than handing our request to a stranger
    assert not other.listening
    assert "not guarding" in caplog.text


def test_sending_with_nobody_listening_fails_quickly(make: Make) -> None:
    """With no running instance, send returns False rather than hanging."""
    assert not make().send(InstanceRequest("show"), timeout_ms=500)


def test_a_stale_socket_file_does_not_block_the_claim(make: Make, name: str) -> None:
    """A socket file nobody listens on (what a crash leaves) is cleared, then claimed."""
    path = socket_path(name)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(path))
    leftover.close()  # bound, never listened, file left behind: connecting is refused
    assert path.exists()
    first = make()
    assert first.claim()
    assert first.listening
    assert not make().claim()


def test_a_killed_instance_leaves_nothing_in_the_way(make: Make, name: str) -> None:
    """An instance killed with SIGKILL leaves its socket file; the next start claims anyway."""
    script = textwrap.dedent(
        """
        import os, signal, sys
        from PySide6.QtCore import QCoreApplication
        from app.desktop.instance.socket import SingleInstance

        app = QCoreApplication([])
        instance = SingleInstance(sys.argv[1])
        assert instance.claim()
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, name], cwd=REPO, env=CHILD_ENV, timeout=30, check=False
    )
    assert result.returncode == -9
    assert socket_path(name).exists()
    assert make().claim()


def test_a_held_lock_delays_but_does_not_prevent_the_claim(
    make: Make, name: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """If the claim lock stays taken, the claim goes ahead without it after a wait."""
    monkeypatch.setattr(single_instance, "LOCK_WAIT_MS", 50)
    holder = QLockFile(f"{socket_path(name)}.lock")
    assert holder.tryLock(0)
    try:
        first = make()
        assert first.claim()
        assert first.listening
        assert "claiming without it" in caplog.text
    finally:
        holder.unlock()


def test_without_the_lock_a_leftover_socket_is_not_removed(
    make: Make, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clearing a socket file is only safe under the lock: without it, the claim defers."""
    monkeypatch.setattr(single_instance, "LOCK_WAIT_MS", 50)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(socket_path(name)))
    leftover.close()
    holder = QLockFile(f"{socket_path(name)}.lock")
    assert holder.tryLock(0)
    try:
        assert not make().claim()
        assert socket_path(name).exists()
    finally:
        holder.unlock()
    assert make().claim()  # with the lock free again, the leftover is cleared


def test_garbage_is_answered_with_an_error_and_never_emitted(
    qtbot: QtBot, make: Make, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Malformed lines get "error", emit nothing and leave the server working."""
    first = make()
    assert first.claim()
    garbage = [
        b"garbage\n",
        b"\xff\xfe\n",
        b"[1, 2]\n",
        b'{"version": 1, "command": "format-disk", "routine": null}\n',
        b'{"version": 2, "command": "show", "routine": null}\n',
        b'{"version": 1, "command": "run", "routine": null}\n',
        b'{"version": 1, "command": "show", "routine": null, "extra": 1}\n',
        b"x" * 10_000,
        b"[" * 5_000 + b"\n",
        b'{"a": ' * 1_300 + b"\n",
        b"[" * 8_000 + b"]" * 8_000 + b"\n",
    ]
    with qtbot.assertNotEmitted(first.request_received, wait=100):
        for line in garbage:
            assert exchange(qtbot, name, line) == ERROR_REPLY
    assert "malformed request" in caplog.text
    assert exchange(qtbot, name, InstanceRequest("show").to_line()) == OK_REPLY


def test_a_silent_peer_does_not_disturb_the_server(qtbot: QtBot, make: Make) -> None:
    """A connection that closes without a word (like claim's own probe) is simply dropped."""
    first = make()
    assert first.claim()
    for _ in range(3):
        assert not make().claim()  # each probe connects and hangs up
    with qtbot.waitSignal(first.request_received, timeout=3000):
        assert make().send(InstanceRequest("show"))


def test_a_request_reaches_an_instance_in_another_process(make: Make, name: str) -> None:
    """A real second process: its claim fails, and the child prints the request it got."""
    child = subprocess.Popen(
        [sys.executable, "-c", LISTENER, name, "8000"],
        cwd=REPO,
        env=CHILD_ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        second = make()
        assert not second.claim()
        assert second.send(InstanceRequest("run", "diaphragmatic-3min"), timeout_ms=5000)
        out, _ = child.communicate(timeout=10)
    finally:
        child.kill()
        child.wait()
    assert out.strip() == "received run diaphragmatic-3min"


@pytest.mark.parametrize("stale", [False, True], ids=["clean", "after-a-crash"])
def test_instances_started_together_elect_exactly_one(name: str, stale: bool) -> None:
    """Three processes racing to claim, even over a crash's leftover: one listens, two hand over.

    Clearing the leftover socket is the dangerous moment (one could delete the other's fresh
    socket); the lock file makes the claims take turns.
    """
    if stale:
        leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        leftover.bind(str(socket_path(name)))
        leftover.close()
    script = textwrap.dedent(
        """
        import sys, time
        from PySide6.QtCore import QCoreApplication, QTimer
        from app.desktop.instance.socket import InstanceRequest, SingleInstance

        app = QCoreApplication([])
        instance = SingleInstance(sys.argv[1])
        time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # start together
        if instance.claim():
            print("claimed", flush=True)
            got = []
            instance.request_received.connect(
                lambda request: got.append(request) or (len(got) == 2 and app.quit())
            )
            QTimer.singleShot(8000, app.quit)
            app.exec()
            instance.close()
        else:
            print("sent" if instance.send(InstanceRequest("show"), 5000) else "lost", flush=True)
        """
    )
    start_at = str(time.time() + 1.5)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, start_at],
            cwd=REPO,
            env=CHILD_ENV,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = sorted(child.communicate(timeout=30)[0].strip() for child in children)
    assert outcomes == ["claimed", "sent", "sent"]


def test_request_lines_round_trip() -> None:
    """Each request is one JSON line that parses back to itself."""
    for request in (
        InstanceRequest("show"),
        InstanceRequest("tray"),
        InstanceRequest("run", "box-breathing"),
        InstanceRequest("run", "/home/me/my routines/évening.yaml"),
    ):
        line = request.to_line()
        assert line.endswith(b"\n")
        assert line.count(b"\n") == 1
        assert InstanceRequest.from_line(line.rstrip(b"\n")) == request


def test_requests_are_checked_when_built() -> None:
    """A routine goes with run and only with run; unknown commands are refused."""
    with pytest.raises(ValueError):
        InstanceRequest("run")
    with pytest.raises(ValueError):
        InstanceRequest("show", "box-breathing")
    with pytest.raises(ValueError):
        InstanceRequest("quit")  # type: ignore[arg-type]


def test_the_command_line_becomes_a_request(tmp_path: Path) -> None:
    """A routine file is made absolute (the running instance has another folder); ids stay."""
    (tmp_path / "mine.yaml").write_text("name: x\n")
    assert InstanceRequest.from_command_line(None, False) == InstanceRequest("show")
    assert InstanceRequest.from_command_line(None, True) == InstanceRequest("tray")
    assert InstanceRequest.from_command_line("box-breathing", False, tmp_path) == (
        InstanceRequest("run", "box-breathing")
    )
    assert InstanceRequest.from_command_line("mine.yaml", False, tmp_path) == (
        InstanceRequest("run", str(tmp_path / "mine.yaml"))
    )
    assert InstanceRequest.from_command_line("sub/../new.yml", False, tmp_path) == (
        InstanceRequest("run", str(tmp_path / "new.yml"))
    )
    assert InstanceRequest.from_command_line("/abs/x.yaml", True, tmp_path) == (
        InstanceRequest("run", "/abs/x.yaml")
    )


def test_the_default_name_is_per_user(tmp_path: Path) -> None:
    """The runtime folder when there is one (private to the user), else a socket in a private
    ``unbrace-UID`` folder of the fallback folder."""
    assert default_instance_name({"XDG_RUNTIME_DIR": str(tmp_path)}) == str(
        tmp_path / "unbrace.instance"
    )
    fallback = tmp_path / "tmp"
    fallback.mkdir()
    private = str(fallback / f"unbrace-{os.getuid()}" / "instance")
    assert default_instance_name({}, [fallback]) == private
    assert default_instance_name({"XDG_RUNTIME_DIR": "relative"}, [fallback]) == private
    assert default_instance_name({"XDG_RUNTIME_DIR": str(tmp_path / "gone")}, [fallback]) == (
        private
    )
    assert stat.S_IMODE((fallback / f"unbrace-{os.getuid()}").stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("make_thing", "found"),
    [
        (lambda path: path.mkdir(), "a folder"),
        (lambda path: path.write_text("x", encoding="utf-8"), "a regular file"),
        (lambda path: path.symlink_to("/dev/null"), "a symbolic link"),
    ],
    ids=["folder", "file", "link"],
)
def test_something_else_at_the_socket_path_is_named_and_left_alone(
    make: Make, name: str, make_thing: Callable[[Path], object], found: str
) -> None:
    """A folder at the socket's path once read "another Unbrace is running but did not answer"
    and the app could not start. Now the app starts unguarded, the thing stays where it is, and
    the problem says what it is and what to do (the window shows it once)."""
    path = socket_path(name)
    make_thing(path)
    try:
        first = make()
        assert first.claim()
        assert not first.listening
        assert first.problem is not None
        assert first.problem.startswith(f"{path} is {found}, not Unbrace's socket")
        assert "Move it away and restart Unbrace." in first.problem
        assert path.is_symlink() or path.exists()
    finally:
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)


def test_without_a_private_folder_the_app_runs_unguarded_and_says_so(qapp: object) -> None:
    """No name at all (no private folder could be had): claim succeeds without listening, send
    finds nobody, and the problem is the sentence the window shows once."""
    instance = SingleInstance(None)
    assert instance.claim()
    assert not instance.listening
    assert not instance.send(InstanceRequest("show"))
    assert instance.problem == NO_PRIVATE_FOLDER
