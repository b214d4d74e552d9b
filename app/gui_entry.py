"""Opening the window: checks that a display is there before anything loads Qt."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from app.core.paths import AppPaths


def display_problem(env: Mapping[str, str] = os.environ) -> str | None:
    """Why no window can open here, or None when a display seems to be there."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return None
    if sys.platform != "linux":
        return None
    if env.get("WAYLAND_DISPLAY") or env.get("DISPLAY"):
        return None
    return "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)"


def open_window(paths: AppPaths, routine: str | None = None, tray: bool = False) -> int:
    problem = display_problem()
    if problem is not None:
        print(
            f"unbrace: cannot open the window: {problem}; run `unbrace doctor` for details",
            file=sys.stderr,
        )
        return 1
    from app.qt.application import run_application

    return run_application(paths, routine=routine, start_in_tray=tray)
