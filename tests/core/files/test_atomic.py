"""Writing a file atomically, and cleaning up after a write a crash interrupted."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.files.atomic import STALE_TMP_S, write_atomically


def test_the_file_is_private_and_complete(tmp_path: Path) -> None:
    """The file is created with mode 0600 and holds exactly the data."""
    target = tmp_path / "state.json"
    write_atomically(target, b'{"a": 1}\n')
    assert target.read_bytes() == b'{"a": 1}\n'
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_temporary_file_left_by_a_crash_is_removed_on_the_next_write(tmp_path: Path) -> None:
    """A stale `.state.json.*.tmp` goes; a fresh one (perhaps being written) stays."""
    target = tmp_path / "state.json"
    stale = tmp_path / ".state.json.abc123.tmp"
    fresh = tmp_path / ".state.json.def456.tmp"
    other = tmp_path / ".other.json.abc123.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_bytes(b"half a write")
    old = stale.stat().st_mtime - STALE_TMP_S - 5
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomically(target, b"new")
    assert not stale.exists()
    assert fresh.exists() and other.exists()
    assert target.read_bytes() == b"new"
