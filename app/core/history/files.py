"""The history file on disk: created private (mode 0600), moved aside when damaged.

SQLite creates its ``-wal`` and ``-shm`` files with the mode of the database file, so creating the
database file ourselves, with ``os.open(..., 0o600)``, before SQLite first opens it keeps all
three private.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime
from pathlib import Path

from app.core.files.state_files import PRIVATE_FILE, kind_of, make_private_folder
from app.core.files.state_files import move_aside as move_file_aside

SIDE_FILES = ("-wal", "-shm", "-journal")
CORRUPT_MARK = ".corrupt-"


class NotAFile(Exception):
    """Something other than a regular file is at the history's path (a link, a pipe, a folder);
    ``found`` says what, in words."""

    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


def prepare_private_file(path: Path) -> None:
    """Make sure *path* exists as a regular file only its owner can read and write.

    A symbolic link is never followed (its target's mode is not ours to change), and a pipe or a
    device never blocks: either raises ``NotAFile``. Raises OSError when the folder cannot be
    made or written to.
    """
    make_private_folder(path.parent)
    try:
        found = path.lstat().st_mode
    except FileNotFoundError:
        found = None
    if found is not None and stat.S_ISLNK(found):
        raise NotAFile("a symbolic link")
    if found is not None and not stat.S_ISREG(found):
        raise NotAFile(kind_of(found))
    flags = (
        os.O_RDWR
        | os.O_CREAT
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
    )
    try:
        fd = os.open(path, flags, PRIVATE_FILE)
    except OSError as error:
        if error.errno == errno.ELOOP:  # made a link since the check above
            raise NotAFile("a symbolic link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(kind_of(info.st_mode))
        if info.st_mode & 0o077:  # an older file, or one copied in: make it private
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged database (and its side files) to ``NAME.corrupt-YYYYmmdd-HHMMSS``.

    The side files keep their suffix after the new name (``NAME.corrupt-...-wal``), so SQLite
    still finds them when the moved file is opened to recover what it holds.
    """
    return move_file_aside(path, CORRUPT_MARK.strip(".-"), when, SIDE_FILES)


def set_aside_files(path: Path) -> list[Path]:
    """Damaged databases moved aside from *path* earlier, oldest first (side files left out)."""
    try:
        candidates = list(path.parent.glob(f"{path.name}{CORRUPT_MARK}*"))
    except OSError:
        return []
    return sorted(p for p in candidates if not p.name.endswith(SIDE_FILES))


def remove_set_aside(path: Path) -> None:
    """Delete every moved-aside database of *path* with its side files."""
    for moved in set_aside_files(path):
        for suffix in ("", *SIDE_FILES):
            moved.with_name(moved.name + suffix).unlink(missing_ok=True)
