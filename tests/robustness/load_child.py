"""Load routine folders in a fresh interpreter and report what the user sees and what it cost.

Run as ``python -m tests.robustness.load_child CONFIG`` (CONFIG is JSON). The tests start one such
process per hostile file, so its memory is its own: the peak resident memory is the high-water
mark of the process's own address space (``VmHWM`` in /proc/self/status). Not ``ru_maxrss``: Linux
carries that over from the parent through fork and exec, so after a big test run it reports the
pytest process's size, not the child's.

The child also counts every byte the loader reads from routine files (through ``os.read``), so a
test can bound the work a hostile file causes without timing it (speed belongs in bench/).

CONFIG holds ``folders`` (routine folders, in order) and, to stand in for what cannot be staged on
disk by a test that runs as root, faults that the child injects into its own process:

- ``unlistable``: folders whose listing fails with "Permission denied";
- ``unreadable``: files whose opening fails with "Permission denied";
- ``deleted_after_listing``: files removed after the folder was listed, before they are read;
- ``stale_while_reading``: files whose reading fails part-way with "Stale file handle" (a file
  deleted on a network file system while it is read).
"""

from __future__ import annotations

import errno
import json
import os
import resource
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _inject_faults(config: dict[str, Any]) -> list[int]:
    """Install the faults; return the counter of bytes read through ``os.read`` (one item)."""
    from app.core.routine import library

    read_bytes = [0]
    unlistable = {Path(p) for p in config.get("unlistable", [])}
    unreadable = {str(p) for p in config.get("unreadable", [])}
    deleted = {Path(p) for p in config.get("deleted_after_listing", [])}
    stale = {str(p) for p in config.get("stale_while_reading", [])}

    real_iterdir = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self in unlistable:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_iterdir(self)

    Path.iterdir = iterdir  # type: ignore[method-assign, assignment]

    real_routine_files = library.routine_files

    def routine_files(folder: Path) -> list[Path]:
        listed = real_routine_files(folder)
        for path in listed:
            if path in deleted:
                path.unlink()
        return listed

    library.routine_files = routine_files

    real_open = os.open
    real_read = os.read
    opened: set[int] = set()  # descriptors of files that go stale
    begun: set[int] = set()  # ... of which the first chunk has been read

    def open_(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if str(path) in unreadable:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        fd = real_open(path, flags, mode, dir_fd=dir_fd)
        if str(path) in stale:
            opened.add(fd)
        return fd

    def read(fd: int, size: int) -> bytes:
        if fd in begun:
            opened.discard(fd)
            begun.discard(fd)
            raise OSError(errno.ESTALE, os.strerror(errno.ESTALE))
        if fd in opened:
            begun.add(fd)
            chunk = real_read(fd, min(size, 16))
        else:
            chunk = real_read(fd, size)
        read_bytes[0] += len(chunk)
        return chunk

    os.open = open_
    os.read = read
    return read_bytes


def peak_rss_mib() -> float:
    """The most memory this process has held resident so far, in MiB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # in kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def main(argv: list[str]) -> int:
    config = json.loads(argv[1])
    from app.core.routine.library import RoutineFolder, load_library

    read_bytes = _inject_faults(config)
    folders = [RoutineFolder(Path(folder), "extra") for folder in config["folders"]]
    baseline = peak_rss_mib()
    library = load_library(folders)
    report = {
        "read_bytes": read_bytes[0],
        "peak_rss_mib": peak_rss_mib(),
        "baseline_rss_mib": baseline,
        "routines": [entry.id for entry in library.routines],
        "invalid": {
            entry.path.name: [str(problem) for problem in entry.error.problems]
            for entry in library.invalid
            if entry.error is not None
        },
        "folder_problems": list(library.folder_problems),
    }
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
