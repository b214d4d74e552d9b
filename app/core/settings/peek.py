"""Two settings read before the settings are validated: whether the app starts in the tray,
and the colour scheme it is drawn in.

The window must be shown, or not, and in its colours, before the settings model is loaded
(``app.qt.shell.startup``). These read the one field from the settings file as JSON; anything
unreadable means the default. The validated settings, loaded a moment later, have the last word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.files.state_files import read_state_file
from app.core.settings.appearance import APPEARANCES, Appearance

#: A settings file larger than this is not read here (the validated load reports it).
MAX_PEEK_BYTES = 1_000_000


def _read(settings_file: Path) -> dict[str, Any]:
    try:  # never blocks on a pipe, never reads a device, stops at the cap
        raw = read_state_file(settings_file, MAX_PEEK_BYTES)
        # the standard parser: pydantic's would cost the first paint 40 ms to import
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):  # StateFileDamaged is a ValueError
        return {}
    return data if isinstance(data, dict) else {}


def starts_in_tray(settings_file: Path) -> bool:
    """True when *settings_file* says ``"start_in_tray": true``; False otherwise, and when it
    is missing, too large, or not a JSON object."""
    return _read(settings_file).get("start_in_tray") is True


def appearance(settings_file: Path) -> Appearance:
    """The colour scheme *settings_file* asks for; "system" when it names none it knows."""
    value = _read(settings_file).get("appearance")
    for known in APPEARANCES:
        if value == known:
            return known
    return "system"
