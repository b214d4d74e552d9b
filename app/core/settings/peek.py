"""One setting read before the settings are validated: whether the app starts in the tray.

The window must be shown, or not, before the settings model is loaded (``app.qt.shell.startup``).
This reads the one flag from the settings file as JSON; anything unreadable means no. The
validated settings, loaded a moment later, have the last word.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.core.files.state_files import read_state_file

#: A settings file larger than this is not read here (the validated load reports it).
MAX_PEEK_BYTES = 1_000_000


def starts_in_tray(settings_file: Path) -> bool:
    """True when *settings_file* says ``"start_in_tray": true``; False otherwise, and when it
    is missing, too large, or not a JSON object."""
    try:  # never blocks on a pipe, never reads a device, stops at the cap
        raw = read_state_file(settings_file, MAX_PEEK_BYTES)
        # the standard parser: pydantic's would cost the first paint 40 ms to import
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):  # StateFileDamaged is a ValueError
        return False
    return isinstance(data, dict) and data.get("start_in_tray") is True
