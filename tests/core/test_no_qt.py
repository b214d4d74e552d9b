"""The core and the command line's non-window commands must work where Qt is not installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO


def test_every_core_module_imports_without_loading_qt() -> None:
    """Importing all of app.core (and the CLI) leaves PySide6 out of sys.modules."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import app.core, app.cli
        for info in pkgutil.walk_packages(app.core.__path__, "app.core."):
            importlib.import_module(info.name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print(",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
