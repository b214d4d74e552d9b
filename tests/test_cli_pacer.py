"""`unbrace pacer [ROUTINE] [--minutes N] [--step N]`: checked before any window, then handed
to the running app (or a new one in the tray)."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.gui_entry
from app.cli import main
from app.desktop.instance.request import InstanceRequest


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[InstanceRequest | None]:
    asked: list[InstanceRequest | None] = []

    def open_window(paths: object, pacer: InstanceRequest | None = None, **_: object) -> int:
        asked.append(pacer)
        return 0

    monkeypatch.setattr(app.gui_entry, "open_window", open_window)
    return asked


def test_resonance_until_stopped_by_default(opened: list[InstanceRequest | None]) -> None:
    assert main(["pacer"]) == 0
    assert opened == [InstanceRequest("pacer")]


def test_a_routine_and_a_length(opened: list[InstanceRequest | None]) -> None:
    assert main(["pacer", "box-breathing", "--minutes", "15"]) == 0
    assert opened == [InstanceRequest("pacer", "box-breathing", 15, 1)]


def test_a_routine_without_breathing_is_refused_before_anything_opens(
    opened: list[InstanceRequest | None], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pacer", "gentle-shaking"]) == 2
    assert capsys.readouterr().err == "unbrace: gentle-shaking has no breathe step to pace\n"
    assert opened == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--minutes", "0"], "unbrace: --minutes must be from 1 to 240\n"),
        (
            ["box-breathing", "--step", "2"],
            "unbrace: --step must be from 1 to 1: box-breathing has 1 breathe step(s)\n",
        ),
        (
            ["box-breathing", "--step", "0"],
            "unbrace: --step must be from 1 to 1: box-breathing has 1 breathe step(s)\n",
        ),
        (["--step", "2"], "unbrace: --step needs a ROUTINE\n"),
    ],
)
def test_what_cannot_be_paced_is_said_in_one_line(
    args: list[str],
    said: str,
    opened: list[InstanceRequest | None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["pacer", *args]) == 2
    assert capsys.readouterr().err == said
    assert opened == []


def test_a_routine_file_is_passed_as_an_absolute_path(
    opened: list[InstanceRequest | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.yaml").write_text(
        "id: mine\nname: Mine\nsummary: Slow.\nsteps:\n"
        "  - breathe: {pattern: {inhale: 4, exhale: 8}, cycles: 3}\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["pacer", "mine.yaml", "--minutes", "5"]) == 0
    assert opened == [InstanceRequest("pacer", str(tmp_path / "mine.yaml"), 5, 1)]
