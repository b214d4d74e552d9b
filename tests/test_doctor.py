"""`unbrace doctor` explains what is there and what is missing, one line per check."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest

from app.audio.narrators import VoiceSearch
from app.core.files.paths import AppPaths
from app.doctor import Check, check_voices, run_doctor
from tests.conftest import BUILTIN_ROUTINES

#: The routines the doctor counts: every built-in one (no user routines in these tests).
BUILTIN_COUNT = len(list(BUILTIN_ROUTINES.glob("*.yaml")))


def _paths(tmp_path: Path) -> AppPaths:
    return AppPaths(
        BUILTIN_ROUTINES, BUILTIN_ROUTINES.parent / "assets", tmp_path / "c", tmp_path / "d"
    )


def _run(tmp_path: Path, env: dict[str, str], **kwargs: object) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run_doctor(_paths(tmp_path), out, env=env, **kwargs)  # type: ignore[arg-type]
    return status, out.getvalue().splitlines()


@pytest.fixture(autouse=True)
def _no_sound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # as on a machine without it


def test_without_a_display_the_doctor_fails_and_says_what_to_do(tmp_path: Path) -> None:
    """No display: a FAIL line with advice, exit status 1; the desktop is not probed."""
    status, lines = _run(tmp_path, {}, desktop=lambda: pytest.fail("probed without a display"))
    assert status == 1
    assert lines[0].startswith("FAIL display: no display found")
    assert "DISPLAY" in lines[0]
    assert lines[-1] == "Unbrace cannot run here yet."


def test_offscreen_with_sound_absent_is_enough_to_run(tmp_path: Path) -> None:
    """Sound, tray and notifications are optional: warnings, and exit status 0."""
    desktop = [Check("tray", False, "no tray host", "closing the window quits")]
    status, lines = _run(
        tmp_path,
        {"QT_QPA_PLATFORM": "offscreen"},
        desktop=lambda: desktop,
        voices=lambda paths: check_voices(paths, lambda _: VoiceSearch((), "not installed")),
    )
    assert status == 0
    assert lines == [
        "OK   display: offscreen (no window will be visible)",
        "WARN tray: no tray host — closing the window quits",
        "OK   mini pacer: floats on top, clicks pass through (offscreen)",
        "WARN sound: simpleaudio is not installed — sessions run silently; check the sound "
        "device and that ALSA can open it",
        f"OK   settings folder: {tmp_path / 'c'}",
        f"OK   data folder: {tmp_path / 'd'}",
        "OK   state files: settings, reminder state and history read fine",
        f"OK   routines: {BUILTIN_COUNT} routines",
        "WARN voice: no voice is installed, so the steps are shown, not spoken — install flite "
        "or espeak-ng (Debian: apt install flite espeak-ng)",
        "WARN voice: Piper: not installed — optional: install the piper-tts package and put a "
        f"voice model (.onnx with its .onnx.json) in {tmp_path / 'd' / 'voices'}",
        "Everything Unbrace needs is here.",
    ]


def test_on_wayland_the_doctor_says_the_pacer_is_a_normal_window(tmp_path: Path) -> None:
    status, lines = _run(tmp_path, {"WAYLAND_DISPLAY": "wayland-0"}, desktop=list)
    pacer = [line for line in lines if "mini pacer" in line]
    assert pacer == [
        "WARN mini pacer: a small normal window (Wayland: no staying on top or click-through "
        "for apps) — where your compositor keeps X11 windows on top, QT_QPA_PLATFORM=xcb lets "
        "the pacer float through XWayland"
    ]
    assert status == 0  # optional: the pacer still opens


def test_an_unwritable_data_folder_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data folder that cannot be written is a FAIL with the command that fixes it."""
    real_write = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self.parent == tmp_path / "d":
            raise PermissionError(13, "Permission denied")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    status, lines = _run(tmp_path, {"QT_QPA_PLATFORM": "offscreen"}, desktop=list)
    assert status == 1
    assert f"FAIL data folder: {tmp_path / 'd'} is not writable (Permission denied)" in lines[4]
    assert "chmod u+rwx" in lines[4]


def test_an_invalid_user_routine_is_reported(tmp_path: Path) -> None:
    """The routines line counts valid and invalid files and shows the first problem."""
    folder = tmp_path / "d" / "routines"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    _, lines = _run(tmp_path, {"QT_QPA_PLATFORM": "offscreen"}, desktop=list)
    routines = next(line for line in lines if "routines:" in line)
    assert routines.startswith(f"WARN routines: {BUILTIN_COUNT} routines, 1 invalid; ")
    assert "broken.yaml:2:1: yaml:" in routines


def test_the_no_display_message_names_the_doctor_as_it_can_be_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started as .venv/bin/unbrace (not on the PATH), the hint says .venv/bin/unbrace doctor."""
    from app.gui_entry import doctor_command

    program = tmp_path / ".venv" / "bin" / "unbrace"
    program.parent.mkdir(parents=True)
    program.touch()
    monkeypatch.chdir(tmp_path)
    assert doctor_command(str(program)) == ".venv/bin/unbrace doctor"
    assert doctor_command("/usr/bin/python3") == "unbrace doctor"


def test_damaged_or_odd_state_files_are_named_and_left_as_they_are(tmp_path: Path) -> None:
    """A pipe at settings.json, a reminder state in the year 9999, a symlinked history and a file
    set aside earlier: one WARN line naming each, with what Unbrace will do; nothing is moved
    or opened for writing (the pipe is not waited on)."""
    config, data = tmp_path / "c", tmp_path / "d"
    config.mkdir()
    data.mkdir()
    os.mkfifo(config / "settings.json")
    (data / "reminders.json").write_text(
        '{"version": 1, "pause_until": "9999-12-31T23:59:59-14:00"}', encoding="utf-8"
    )
    (tmp_path / "elsewhere.db").write_bytes(b"")
    (data / "history.sqlite3").symlink_to(tmp_path / "elsewhere.db")
    (data / "reminders.json.broken-20260314-150926").write_text("[", encoding="utf-8")
    before = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*"))

    status, lines = _run(tmp_path, {"QT_QPA_PLATFORM": "offscreen"}, desktop=list)

    assert status == 0
    assert (
        "WARN state files: settings.json is a named pipe, not a regular file; reminders.json "
        "holds a date out of range; history.sqlite3 is a symbolic link, not a regular file; "
        "1 damaged file set aside earlier — Unbrace sets such a file aside at its next start and "
        "uses defaults; move it away yourself to keep it"
    ) in lines
    assert sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*")) == before
    assert stat.S_ISFIFO((config / "settings.json").lstat().st_mode)


def test_sound_state_files_with_some_set_aside_are_ok(tmp_path: Path) -> None:
    """Good files and two damaged ones kept from before: OK, with the count."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "reminders.json").write_text('{"version": 1}', encoding="utf-8")
    (data / "history.sqlite3.corrupt-20260314-150926").write_bytes(b"x")
    (data / "history.sqlite3.corrupt-20260314-150926-wal").write_bytes(b"x")
    (data / "history.sqlite3.corrupt-20260314-150926-2").write_bytes(b"x")

    _, lines = _run(tmp_path, {"QT_QPA_PLATFORM": "offscreen"}, desktop=list)

    assert (
        "OK   state files: settings, reminder state and history read fine "
        "(2 damaged files set aside earlier)"
    ) in lines
