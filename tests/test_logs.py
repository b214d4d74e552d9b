"""Where the app's log records go: stderr for warnings (all records with --verbose), and every
record to the file UNBRACE_LOG names."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.cli import main
from app.logs import configure


def test_warnings_reach_stderr_and_information_only_when_verbose(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure(verbose=False, env={})
    log = logging.getLogger("unbrace.window")
    log.info("the library is loaded")
    log.warning("there is no routine with id 'x'")
    assert capsys.readouterr().err == "unbrace: there is no routine with id 'x'\n"
    configure(verbose=True, env={})
    log.info("the library is loaded")
    assert capsys.readouterr().err == "unbrace: the library is loaded\n"


def test_unbrace_log_appends_every_record_with_its_subsystem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "unbrace.log"
    assert configure(verbose=False, env={"UNBRACE_LOG": str(target)}) is None
    logging.getLogger("unbrace.history").debug("a write queued")
    assert " DEBUG unbrace.history: a write queued" in target.read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


def test_a_log_file_that_cannot_be_written_is_said_once_and_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UNBRACE_LOG", str(tmp_path / "missing" / "unbrace.log"))
    assert main(["--verbose", "schema"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("unbrace: cannot write the log file ")
    assert err.count("\n") == 1
