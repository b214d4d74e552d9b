"""`unbrace doctor`: is everything Unbrace needs on this machine? One line per check.

Each check says OK, or what is wrong and what to do. The exit status is 0 when everything the app
needs is there (a display and writable data folders); sound, tray and notifications are optional:
without them Unbrace still works, with fallbacks, and the doctor says which.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.core.files.paths import AppPaths
from app.core.files.state_check import state_findings
from app.core.files.state_files import make_private_folder
from app.core.routine.library import library_folders, load_library
from app.core.routine.problems import printable
from app.core.session.clock import monotonic_clock
from app.gui_entry import display_problem

if TYPE_CHECKING:
    from app.audio.narrators import VoiceSearch


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    advice: str = ""
    required: bool = False

    def line(self) -> str:
        mark = "OK  " if self.ok else ("FAIL" if self.required else "WARN")
        text = f"{mark} {self.name}: {self.detail}"
        return f"{text} — {self.advice}" if self.advice and not self.ok else text


def check_display(env: Mapping[str, str]) -> Check:
    problem = display_problem(env)
    if problem is not None:
        return Check(
            "display",
            False,
            problem,
            "run Unbrace inside your desktop session (or set DISPLAY / WAYLAND_DISPLAY)",
            required=True,
        )
    if env.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return Check("display", True, "offscreen (no window will be visible)", required=True)
    where = env.get("WAYLAND_DISPLAY") or env.get("DISPLAY") or "the platform's"
    return Check("display", True, f"{where}", required=True)


def check_mini_pacer(env: Mapping[str, str]) -> Check:
    """Whether the mini pacer can float on top and let clicks through, or opens as a window."""
    from app.desktop.overlay.mode import expected_platform, overlay_mode

    name, ok, detail, advice = overlay_mode(expected_platform(env)).doctor_line()
    return Check(name, ok, detail, advice)


def check_folder(name: str, folder: Path) -> Check:
    try:
        make_private_folder(folder)
        probe = folder / ".unbrace-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return Check(
            name,
            False,
            f"{folder} is not writable ({error.strerror or error})",
            f"make it writable: chmod u+rwx {folder}",
            required=True,
        )
    return Check(name, True, str(folder), required=True)


def check_routines(paths: AppPaths) -> Check:
    library = load_library(library_folders(paths))
    good, bad = len(library.routines), len(library.invalid)
    detail = f"{good} routines" + (f", {bad} invalid" if bad else "")
    problems = list(library.folder_problems)
    if bad or problems:
        first = problems[0] if problems else library.invalid[0].error.first_line  # type: ignore[union-attr]
        return Check(
            "routines",
            False,
            f"{detail}; {printable(str(first))}",
            "run `unbrace validate` on the folder",
        )
    return Check("routines", True, detail)


def check_state_files(paths: AppPaths, now: datetime) -> Check:
    """Settings, reminder state and history, read as the app reads them; nothing is changed."""
    findings, set_aside = state_findings(paths, now)
    kept = f"{set_aside} damaged file{'s' if set_aside != 1 else ''} set aside earlier"
    if findings:
        detail = "; ".join(printable(finding) for finding in findings)
        if set_aside:
            detail += f"; {kept}"
        return Check(
            "state files",
            False,
            detail,
            "Unbrace sets such a file aside at its next start and uses defaults; move it away "
            "yourself to keep it",
        )
    fine = "settings, reminder state and history read fine"
    return Check("state files", True, fine + (f" ({kept})" if set_aside else ""))


def check_sound(play_test_tone: bool) -> Check:
    from app.audio.output import open_output

    output = open_output(monotonic_clock)
    if output.problem is not None:
        return Check(
            "sound",
            False,
            output.problem,
            "sessions run silently; check the sound device and that ALSA can open it",
        )
    if play_test_tone:
        from app.audio.synth import bell, to_pcm16

        output.play(to_pcm16(bell(0.5, seconds=1.5)))
        wait = getattr(output, "wait_done", None)
        if callable(wait):
            wait()
        return Check("sound", True, "the default device played a test bell")
    return Check("sound", True, "the default device opens (add --test-tone to hear it)")


def check_voices(
    paths: AppPaths, search: Callable[[Path], VoiceSearch] | None = None
) -> list[Check]:
    """The voices that can speak a session (best first), and whether Piper is there."""
    from app.audio.narrators import find_voices

    found = (search or find_voices)(paths.voices_dir)
    piper = Check(
        "voice: Piper",
        any(n.kind == "piper" for n in found.narrators),
        found.piper,
        "optional: install the piper-tts package and put a voice model (.onnx with its "
        f".onnx.json) in {paths.voices_dir}",
    )
    if found.narrators:
        best = found.narrators[0].name
        others = [n.name for n in found.narrators[1:]]
        detail = f"{best} speaks the steps" + (f" (also: {', '.join(others)})" if others else "")
        return [Check("voice", True, detail), piper]
    return [
        Check(
            "voice",
            False,
            "no voice is installed, so the steps are shown, not spoken",
            "install flite or espeak-ng (Debian: apt install flite espeak-ng)",
        ),
        piper,
    ]


def check_desktop_services() -> list[Check]:
    """Tray host and notification server over the session bus (Qt is loaded only here)."""
    from app.desktop.probe import probe_desktop

    return [Check(name, ok, detail, advice) for name, ok, detail, advice in probe_desktop()]


def run_doctor(
    paths: AppPaths,
    out: TextIO = sys.stdout,
    env: Mapping[str, str] | None = None,
    test_tone: bool = False,
    desktop: Callable[[], list[Check]] = check_desktop_services,
    voices: Callable[[AppPaths], list[Check]] = check_voices,
) -> int:
    env = os.environ if env is None else env
    checks = [check_display(env)]
    if checks[0].ok:
        checks += [*desktop(), check_mini_pacer(env)]
    checks += [
        check_sound(test_tone),
        check_folder("settings folder", paths.config_dir),
        check_folder("data folder", paths.data_dir),
        check_state_files(paths, datetime.now().astimezone()),
        check_routines(paths),
        *voices(paths),
    ]
    for check in checks:
        out.write(check.line() + "\n")
    needed = all(check.ok for check in checks if check.required)
    out.write("Everything Unbrace needs is here.\n" if needed else "Unbrace cannot run here yet.\n")
    return 0 if needed else 1
