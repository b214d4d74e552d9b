"""What ``unbrace doctor`` finds in the app's own files, read as the app reads them, changing
nothing: a damaged or odd file (a pipe, a link, a folder, a date out of range) is named with what
Unbrace will do about it, and files set aside earlier are counted."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

from app.core.files.paths import AppPaths
from app.core.files.state_files import StateFileDamaged, kind_of, parse_json, read_state_file

_SQLITE_HEADER = b"SQLite format 3\x00"


def state_findings(paths: AppPaths, now: datetime) -> tuple[list[str], int]:
    """One phrase per damaged or odd state file, and how many files were set aside earlier."""
    findings = [
        finding
        for finding in (
            _settings_finding(paths.settings_file),
            _reminders_finding(paths.reminder_state_file, now),
            _history_finding(paths.history_db),
        )
        if finding is not None
    ]
    set_aside = 0
    for path, mark in (
        (paths.settings_file, "broken"),
        (paths.reminder_state_file, "broken"),
        (paths.history_db, "corrupt"),
    ):
        try:
            kept = list(path.parent.glob(f"{path.name}.{mark}-*"))
        except OSError:
            continue
        set_aside += sum(1 for file in kept if not file.name.endswith(("-wal", "-shm", "-journal")))
    return findings, set_aside


def _read(path: Path) -> bytes | str | None:
    """The bytes of a state file, None when there is none, or what is wrong with it."""
    try:
        return read_state_file(path)
    except FileNotFoundError:
        return None
    except StateFileDamaged as error:
        return f"{path.name} {error}"
    except OSError as error:
        return f"{path.name} cannot be read ({error.strerror or error})"


def _settings_finding(path: Path) -> str | None:
    from app.core.settings.settings import Settings

    raw = _read(path)
    if raw is None or isinstance(raw, str):
        return raw
    try:
        Settings.model_validate_json(raw, strict=True)
    except ValueError:
        return f"{path.name} is damaged (not valid settings)"
    return None


def _reminders_finding(path: Path, now: datetime) -> str | None:
    from app.core.reminders.state_store import SchedulerState, too_far_ahead

    raw = _read(path)
    if raw is None or isinstance(raw, str):
        return raw
    try:
        state = SchedulerState.model_validate(parse_json(raw))
    except ValueError as error:
        if "date out of range" in str(error):
            return f"{path.name} holds a date out of range"
        return f"{path.name} is damaged (not a valid reminder state)"
    if too_far_ahead(state, now):
        return f"{path.name} holds a date too far in the future"
    return None


def _history_finding(path: Path) -> str | None:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{path.name} cannot be read ({error.strerror or error})"
    if stat.S_ISLNK(mode):
        return f"{path.name} is a symbolic link, not a regular file"
    if not stat.S_ISREG(mode):
        return f"{path.name} is {kind_of(mode)}, not a regular file"
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
        try:
            header = os.read(fd, len(_SQLITE_HEADER))
        finally:
            os.close(fd)
    except OSError as error:
        return f"{path.name} cannot be read ({error.strerror or error})"
    if header and header != _SQLITE_HEADER:
        return f"{path.name} is not an SQLite database"
    return None
