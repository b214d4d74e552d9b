"""The app's own small files on disk (settings, the reminder state): read safely, set aside when
damaged, and the private folders they live in.

A user (or an unlucky crash) can put anything at these paths: a named pipe, a device, a folder, a
file of gigabytes, JSON nested a hundred thousand deep. Reading never blocks, never follows a
device, never reads more than a cap, and never recurses without bound; what cannot be used is
renamed aside (one implementation, with a counter, so nothing set aside is ever overwritten).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: A state file larger than this is damage, not settings (the real ones are a few kB).
MAX_STATE_BYTES = 1_000_000
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
#: An instant read from disk outside these (UTC) is damage: the clocks' arithmetic would overflow.
EARLIEST_INSTANT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_INSTANT = datetime(2200, 1, 1, tzinfo=UTC)
OUT_OF_RANGE = "a date out of range"


class StateFileDamaged(ValueError):
    """A state file that is there but cannot be used; the message says what was found.

    ``folder`` is True when it is a folder: that is left where it is (it may hold anything),
    everything else is moved aside.
    """

    def __init__(self, found: str, *, folder: bool = False) -> None:
        super().__init__(found)
        self.folder = folder


_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISREG, "a regular file"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file is, in words ("a named pipe")."""
    return next((words for test, words in _KINDS if test(mode)), "something other than a file")


def read_state_file(path: Path, limit: int = MAX_STATE_BYTES) -> bytes:
    """The bytes of *path* when it is a regular file of at most *limit* bytes.

    Opened non-blocking (a named pipe or a device at the path never hangs the caller) and checked
    with ``fstat`` on the open descriptor. Raises ``FileNotFoundError`` when nothing is there,
    ``StateFileDamaged`` when something unusable is, ``OSError`` when the system refuses.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket file, or a pipe nobody writes to on some systems
            try:
                found = kind_of(path.stat().st_mode)
            except OSError:
                found = "something other than a file"
            raise StateFileDamaged(f"is {found}, not a regular file") from None
        if error.errno == errno.ELOOP:
            raise StateFileDamaged("is a symbolic link loop") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StateFileDamaged(
                f"is {kind_of(info.st_mode)}, not a regular file",
                folder=stat.S_ISDIR(info.st_mode),
            )
        if info.st_size > limit:
            raise StateFileDamaged(f"is {info.st_size:,} bytes; at most {limit:,} are read")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow while it is read
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise StateFileDamaged(f"is over {limit:,} bytes; at most {limit:,} are read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_instant(moment: datetime) -> datetime:
    """*moment* (aware) once it is known to lie between 1970 and 2200 in UTC; ``ValueError``
    otherwise, also for one that cannot even be converted (the year 9999 at -14:00)."""
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(OUT_OF_RANGE) from None
    if not EARLIEST_INSTANT <= utc < LATEST_INSTANT:
        raise ValueError(OUT_OF_RANGE)
    return moment


def parse_json(raw: bytes) -> Any:
    """JSON from *raw*, depth-capped (pydantic's parser stops at 200 levels) and strict (no NaN,
    no Infinity); ``ValueError`` for anything else, never ``RecursionError``.

    pydantic_core is imported here, not at the top: the early tray check runs before the first
    paint, which must not wait for it unless there is a settings file to read.
    """
    import pydantic_core

    return pydantic_core.from_json(raw, allow_inf_nan=False)


def move_aside(path: Path, mark: str, when: datetime, side_suffixes: Sequence[str] = ()) -> Path:
    """Rename *path* to ``NAME.<mark>-YYYYmmdd-HHMMSS`` (``-2``, ``-3``... when that is taken, so
    two damaged files within one second are both kept) and return the new path.

    Files named ``NAME<suffix>`` for each of *side_suffixes* follow it
    (``NAME.<mark>-...<suffix>``).
    Raises OSError when the rename fails.
    """
    stem = f"{path.name}.{mark}-{when:%Y%m%d-%H%M%S}"
    target = path.with_name(stem)
    counter = 1
    while _taken(target):
        counter += 1
        target = path.with_name(f"{stem}-{counter}")
    path.replace(target)
    for suffix in side_suffixes:
        side = path.with_name(path.name + suffix)
        try:
            side.replace(target.with_name(target.name + suffix))
        except FileNotFoundError:
            continue
    return target


def _taken(path: Path) -> bool:
    try:
        path.lstat()
    except FileNotFoundError:
        return False
    return True


def set_aside(path: Path, mark: str) -> list[Path]:
    """Files moved aside from *path* with *mark* earlier, oldest first."""
    try:
        return sorted(path.parent.glob(f"{path.name}.{mark}-*"))
    except OSError:
        return []


def make_private_folder(folder: Path) -> None:
    """Make *folder* and every missing parent with mode 0700, whatever the umask.

    ``Path.mkdir(parents=True)`` gives the parents the umask's mode (0777 under umask 000);
    folders that were there already are left as they are.
    """
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            if not created.is_dir():
                raise
            continue
        created.chmod(PRIVATE_FOLDER)  # the umask may have taken bits away: not ours to lose
