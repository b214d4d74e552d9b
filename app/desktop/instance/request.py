"""What a second start asks of the running one, and where the two meet: the request line's
format and the per-user socket path. Nothing here imports Qt (``app.desktop.instance.socket`` does
the talking).

A request is one JSON line, read with a size and depth cap: whatever a peer sends is answered
with an error, never a traceback. The socket lives in a folder only the user can enter, checked
(owner, mode, not a link) before it is trusted.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast, get_args

from app.core.files.state_files import parse_json
from app.core.routine.reference import names_a_file

Command = Literal["show", "run", "tray", "pacer"]
COMMANDS: Final = frozenset(get_args(Command))
PROTOCOL_VERSION: Final = 1
#: longer lines are not requests; the connection is dropped
MAX_LINE_BYTES: Final = 8192
#: the mini pacer runs for at most this many minutes (``mini_pacer.MAX_MINUTES``, held equal by
#: a test: that module loads the routine model, which checking a request must not); its pattern
#: is one of the routine's breathe steps, counted from 1
MAX_PACER_MINUTES: Final = 240
MAX_BREATHE_STEP: Final = 10_000
#: a Unix socket path must fit in sockaddr_un (108 bytes with the terminating NUL)
_MAX_SOCKET_PATH: Final = 100


@dataclass(frozen=True, slots=True)
class InstanceRequest:
    """What a second start asks of the running instance."""

    command: Command
    routine: str | None = None  # a routine id or an absolute path: "run", and "pacer" if any
    minutes: int | None = None  # "pacer" only: how long (None: until stopped)
    step: int | None = None  # "pacer" only: which breathe step of the routine (from 1)

    def __post_init__(self) -> None:
        if self.command not in COMMANDS:
            raise ValueError(f"unknown command {self.command!r}")
        if self.command == "run" and self.routine is None:
            raise ValueError("the run command needs a routine")
        if self.command not in ("run", "pacer") and self.routine is not None:
            raise ValueError("a routine goes with the run and pacer commands only")
        if self.command != "pacer" and (self.minutes is not None or self.step is not None):
            raise ValueError("minutes and step go with the pacer command only")
        for value, most, what in (
            (self.minutes, MAX_PACER_MINUTES, "minutes"),
            (self.step, MAX_BREATHE_STEP, "step"),
        ):
            if value is not None and (type(value) is not int or not 1 <= value <= most):
                raise ValueError(f"{what} must be a whole number from 1 to {most}")
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
        if names_a_file(routine, base):
            routine = os.path.normpath(base / routine)  # an absolute name stays as it is
        return cls("run", routine)

    @classmethod
    def for_pacer(
        cls, routine: str | None, minutes: int | None, step: int | None, cwd: Path | None = None
    ) -> InstanceRequest:
        """The request for ``unbrace pacer [ROUTINE] [--minutes N] [--step N]``."""
        if routine is not None:
            routine = cls.from_command_line(routine, False, cwd).routine
        return cls("pacer", routine, minutes, step)

    def to_line(self) -> bytes:
        payload: dict[str, object] = {
            "version": PROTOCOL_VERSION,
            "command": self.command,
            "routine": self.routine,
        }
        if self.command == "pacer":  # an older peer that knows no pacer never sees these keys
            payload.update(minutes=self.minutes, step=self.step)
        return json.dumps(payload, ensure_ascii=True).encode("ascii") + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> InstanceRequest:
        """Parse one line (without its newline); ``ValueError`` for anything else."""
        if len(line) > MAX_LINE_BYTES:
            raise ValueError(f"longer than {MAX_LINE_BYTES} bytes")
        try:  # depth-capped: 5,000 nested brackets are an error, not a RecursionError
            data = parse_json(line)
        except ValueError as error:
            raise ValueError(f"not a JSON line: {error}") from None
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        unexpected = set(data) - {"version", "command", "routine", "minutes", "step"}
        if unexpected:
            raise ValueError(f"unexpected keys: {sorted(unexpected)}")
        if data.get("version") != PROTOCOL_VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        command, routine = data.get("command"), data.get("routine")
        if not isinstance(command, str) or command not in COMMANDS:
            raise ValueError(f"unknown command {command!r}")
        if routine is not None and not isinstance(routine, str):
            raise ValueError("the routine is not a string")
        minutes, step = data.get("minutes"), data.get("step")
        for value in (minutes, step):
            if value is not None and type(value) is not int:
                raise ValueError("minutes and step are whole numbers")
        return cls(cast(Command, command), routine, minutes, step)


def default_instance_name(
    env: Mapping[str, str] | None = None, fallbacks: Sequence[Path] | None = None
) -> str | None:
    """The per-user server name: a socket path in a folder only this user can enter, or None
    when there is no such folder (the caller runs unguarded, and says so).

    ``$XDG_RUNTIME_DIR`` (private to the user, emptied at logout) when there is one; otherwise a
    folder ``unbrace-UID`` in the temporary folder, then in the user's cache folder, each used
    only if it is a real folder (not a link) owned by this user with no access for others: a
    folder another user made first is never trusted.
    """
    env = os.environ if env is None else env
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and Path(runtime).is_absolute() and Path(runtime).is_dir():
        candidate = str(Path(runtime) / "unbrace.instance")
        if len(candidate.encode()) <= _MAX_SOCKET_PATH:
            return candidate
    uid = os.getuid() if hasattr(os, "getuid") else 0
    if fallbacks is None:
        temp = Path(env.get("TMPDIR") or "/tmp")  # checked below before use
        cache = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        fallbacks = (temp, cache)
    for base in fallbacks:
        folder = private_folder(base / f"unbrace-{uid}", uid)
        if folder is not None:
            candidate = str(folder / "instance")
            if len(candidate.encode()) <= _MAX_SOCKET_PATH:
                return candidate
    return None


def private_folder(folder: Path, uid: int) -> Path | None:
    """*folder*, made 0700 if missing, once it is known to be a folder (not a link) that *uid*
    owns and nobody else can enter; None otherwise."""
    if not folder.parent.is_absolute():
        return None
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid:
            return None
        if info.st_mode & 0o077:  # ours, but open to others: ours to close
            folder.chmod(0o700)
    except OSError:
        return None
    return folder


NO_PRIVATE_FOLDER = (
    "No private folder was found for the single-instance guard (XDG_RUNTIME_DIR is not set, and "
    "the fallback folders belong to someone else), so a second Unbrace could start beside this "
    "one. Log in again, or set XDG_RUNTIME_DIR to a folder only you can enter."
)
