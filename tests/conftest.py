"""Shared test set-up: every test gets its own empty XDG folders, so none touches real data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.session.clock import FakeClock

pytest_plugins = ["pytester", "tests.support.timer_check"]

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


class _ErrorRecords(logging.Handler):
    """Keeps the error-level records of the app's loggers while a test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_error_logs(request: pytest.FixtureRequest) -> Iterator[_ErrorRecords]:
    """A test fails when the app logs an error it did not expect: a test that provokes one
    asks for ``expected_error_logs`` and checks the records itself."""
    kept = _ErrorRecords()
    logger = logging.getLogger("unbrace")
    before = (list(logger.handlers), logger.level)
    logger.addHandler(kept)
    try:
        yield kept
    finally:  # what the command line's set-up added goes with the test that ran it
        for handler in logger.handlers:
            if handler not in before[0]:
                handler.close()
        logger.handlers[:] = before[0]
        logger.setLevel(before[1])
    if kept.records and "expected_error_logs" not in request.fixturenames:
        said = "; ".join(f"{r.name}: {r.getMessage()}" for r in kept.records)
        pytest.fail(f"unexpected error logged: {said}")


@pytest.fixture
def expected_error_logs(_fail_on_error_logs: _ErrorRecords) -> list[logging.LogRecord]:
    """The error-level records the test expects (it should assert on them)."""
    return _fail_on_error_logs.records
