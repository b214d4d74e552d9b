"""Opening the window: checks that a display is there before anything loads Qt."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.files.paths import AppPaths

if TYPE_CHECKING:
    from app.desktop.instance.request import InstanceRequest


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


def doctor_command(argv0: str | None = None) -> str:
    """How to run the doctor, as this command was run: `unbrace doctor` when unbrace is on the
    PATH, else the path it was started by (such as .venv/bin/unbrace)."""
    program = Path(argv0 if argv0 is not None else sys.argv[0])
    if program.name != "unbrace" or shutil.which("unbrace") == str(program):
        return "unbrace doctor"
    try:
        shown = program.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = program
    return f"{shown} doctor"


def open_window(
    paths: AppPaths,
    routine: str | None = None,
    tray: bool = False,
    pacer: InstanceRequest | None = None,
) -> int:
    """Open the window (or the tray); with *pacer*, the tray and the mini pacer it asks for."""
    problem = display_problem()
    if problem is not None:
        print(
            f"unbrace: cannot open the window: {problem}; run `{doctor_command()}` for details",
            file=sys.stderr,
        )
        return 1
    from app.qt.shell.startup import run_application

    return run_application(paths, routine=routine, start_in_tray=tray, pacer=pacer)
