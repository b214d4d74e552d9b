"""Shared test set-up: every test gets its own empty XDG folders, so none touches real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.session.clock import FakeClock

REPO = Path(__file__).resolve().parents[1]
BUILTIN_ROUTINES = REPO / "routines"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("UNBRACE_ROUTINES", raising=False)
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
