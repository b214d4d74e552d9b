"""The wheel is complete: installed on its own, it finds its built-in routines without the checkout.

Builds the wheel with pip (build isolation fetches the build backend), installs it into a
private folder, and runs the command line from there with the checkout out of the import path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUILTIN_ROUTINES, REPO


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_installed_wheel_lists_the_builtin_routines_from_inside_itself(
    tmp_path: Path,
) -> None:
    """`python -m app list --json` from the installed wheel finds the 16+ built-in routines,
    and both the code and the routines come from the install folder, not the checkout."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    dist = tmp_path / "dist"
    site = tmp_path / "site"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        cwd=tmp_path,
        env=env,
    )
    (wheel,) = dist.glob("unbrace-*.whl")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        cwd=tmp_path,
        env=env,
    )

    installed = {**env, "PYTHONPATH": str(site)}
    where = _run([sys.executable, "-c", "import app; print(app.__file__)"], tmp_path, installed)
    app_file = Path(where.stdout.strip()).resolve()
    assert app_file.is_relative_to(site.resolve())

    listing = _run([sys.executable, "-m", "app", "list", "--json"], tmp_path, installed)
    entries = json.loads(listing.stdout)
    builtin = {path.stem for path in BUILTIN_ROUTINES.glob("*.yaml")}
    assert len(builtin) >= 16
    assert {entry["id"] for entry in entries} == builtin
    assert all(entry["valid"] for entry in entries)
    packaged = (site / "app" / "_data" / "routines").resolve()
    for entry in entries:
        assert Path(entry["path"]).resolve().is_relative_to(packaged), entry["path"]
    by_id = {entry["id"]: entry for entry in entries}
    assert by_id["diaphragmatic-3min"]["total_s"] == 180
