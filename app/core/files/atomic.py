"""Write a file so that a crash leaves either the old content or the new, never a mix."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from app.core.files.state_files import make_private_folder

#: A temporary file this much older than now was left by a crash mid-write, not being written.
STALE_TMP_S = 60


def write_atomically(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write *data* to a temporary file beside *path*, fsync it, then rename it over *path*.

    Temporary files that an earlier crash left beside *path* are removed first. Folders it has
    to make are private (0700) whatever the umask; the file gets *mode* exactly.
    """
    make_private_folder(path.parent)
    replace_atomically(path, lambda stream: stream.write(data), mode)


def replace_atomically(path: Path, write: Callable[[BinaryIO], object], mode: int) -> None:
    """Have *write* fill a temporary file beside *path* (in an existing folder), fsync it,
    rename it over *path* and fsync the folder: a crash or a full disk leaves the old file or the
    new one, never part of either. Temporary files an earlier crash left are removed first."""
    remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            os.fchmod(stream.fileno(), mode)
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - some file systems cannot open folders
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files beside *path* that a crash left (older than a minute)."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_TMP_S:
                leftover.unlink()
        except OSError:  # gone already, or not ours to remove: it does no harm where it is
            continue
