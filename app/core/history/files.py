"""The history file on disk: created private (mode 0600), moved aside when damaged.

SQLite creates its ``-wal`` and ``-shm`` files with the mode of the database file, so creating the
database file ourselves, with ``os.open(..., 0o600)``, before SQLite first opens it keeps all
three private.
"""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import datetime
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")
CORRUPT_MARK = ".corrupt-"


def prepare_private_file(path: Path) -> None:
    """Make sure *path* exists as a regular file only its owner can read and write.

    Raises OSError when the folder cannot be made or written to.
    """
    path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        if info.st_mode & 0o077:  # an older file, or one copied in: make it private
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def move_aside(path: Path, when: datetime) -> Path:
    """Rename a damaged database (and its side files) to ``NAME.corrupt-YYYYmmdd-HHMMSS``.

    The side files keep their suffix after the new name (``NAME.corrupt-...-wal``), so SQLite
    still finds them when the moved file is opened to recover what it holds.
    """
    stem = f"{path.name}{CORRUPT_MARK}{when:%Y%m%d-%H%M%S}"
    target = path.with_name(stem)
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{stem}-{counter}")
    path.replace(target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            side.replace(target.with_name(target.name + suffix))
    return target


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
