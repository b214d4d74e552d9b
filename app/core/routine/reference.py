"""What a routine given by name means: a file, or an id in the library. One rule for the command
line, the window and a second start handing its routine over."""

from __future__ import annotations

from pathlib import Path

from app.core.files.paths import ROUTINE_SUFFIXES


def names_a_file(name: str, base: Path | None = None) -> bool:
    """Whether *name* is a routine file rather than an id: it ends in ``.yaml`` or ``.yml``, is
    an absolute path, or names a file or folder that exists (a relative name is looked up in
    *base*, else the current folder). Ids are slugs, so none of these is ever an id."""
    candidate = Path(name)
    if candidate.suffix in ROUTINE_SUFFIXES or candidate.is_absolute():
        return True
    try:
        return (candidate if base is None else base / candidate).exists()
    except OSError:  # a name too long for the system, or a folder that cannot be entered
        return False
