"""`unbrace doctor` on a real display with a tray host and a session bus (Xvfb + jwm)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display, tray host and session bus that .ci/with-xvfb provides",
    ),
]


def test_doctor_sees_the_display_and_the_bus(tmp_path: Path) -> None:
    """The display is OK; with jwm's XEmbed tray and no StatusNotifier host or notification
    server on the bus, those lines are warnings with what to do, and the exit status is 0."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "app", "doctor"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0] == f"OK   display: {os.environ['DISPLAY']}"
    assert any(line.startswith("WARN tray: no StatusNotifier tray host") for line in lines)
    assert any(line.startswith("WARN notifications: no notification server") for line in lines)
    assert "OK   mini pacer: floats on top, clicks pass through (X11)" in lines
    assert lines[-1] == "Everything Unbrace needs is here."
    assert "Traceback" not in result.stderr
