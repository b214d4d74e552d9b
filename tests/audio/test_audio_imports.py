"""app.audio is usable without Qt: the CLI renders audio and the core drives it headless."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO


def test_every_audio_module_imports_without_loading_qt() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import app.audio
        for info in pkgutil.walk_packages(app.audio.__path__, "app.audio."):
            importlib.import_module(info.name)
        qt = ("PySide6", "shiboken6")
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in qt)))
        print("simpleaudio" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["", "False"]  # no Qt; simpleaudio only when opened
