"""4. Idle in the tray: what the app costs while it waits for a reminder.

Needs a real X display with a tray host and a session bus (``bench/run`` provides Xvfb, jwm and
``dbus-run-session``). The real app starts as ``unbrace --tray`` with its own empty folders and
reminders on, with work hours around the clock, so it is at work and waiting for the next
reminder (90 minutes away). The pointer is moved just before it starts: the user is at the
computer, far from the 5 minutes without input that count as away (a display that has had no
input since the bench began would be "away" a few minutes in, and the app then looks once a
minute for the user's return). Beside it runs a bare PySide6 tray program with one 60 s timer
(``bench/bare_tray.py``). After both settle, every thread of each is sampled for 60 s.

Figures: the app's CPU time and voluntary context switches per minute, all threads counted
(``/proc/PID/task/*/schedstat`` and ``status``); its proportional set size against the bare
program's, each read while the other is not running (PSS splits pages two processes share).
Beside them, what each part of the app costs on top of the bare program
(``bench/tray_parts.py``, the parts loaded one after another in one process), marked with
whether the app loads it while it waits in the tray; the parts the tray cannot do without
(``IRREDUCIBLE``) are printed by name with their MiB and what they buy.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    NS_PER_MS,
    PYTHON,
    REPO,
    Figure,
    ProcessMeter,
    app_env,
    failed,
    finish,
    note,
    number,
    pss_kib,
    report,
    scratch_folder,
    stderr_tail,
    stop,
)
from tests.support.x_input import XInput

SETTLE_S = 5.0
WINDOW_S = 60.0
CPU_BUDGET_MS = 5.0
SWITCHES_BUDGET = 10
PSS_RATIO_BUDGET = 1.6
TRAY_ICON = REPO / "assets" / "icons" / "unbrace-tray.svg"


def at_work_all_day(home: Path) -> None:
    settings = home / "config" / "unbrace" / "settings.json"
    data = json.loads(settings.read_text())
    data["reminders"] = {"days": list(range(7)), "start": "00:00:00", "end": "23:59:00"}
    settings.write_text(json.dumps(data))


#: Parts of the app the tray cannot do without, and what they buy (``bench/tray_parts.py``
#: names the parts).
IRREDUCIBLE = {
    "pydantic (the library and its schema builder)": (
        "validates the settings and the reminders' saved state, which the reminders run on"
    ),
}


def spawn(script: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """One of the reference tray programs, with the tray icon, its stderr kept."""
    return subprocess.Popen(
        [PYTHON, str(script), str(TRAY_ICON), *args], env=env, stderr=subprocess.PIPE, text=True
    )


def part_costs(env: dict[str, str]) -> tuple[list[dict[str, object]], str]:
    """What each part of the app costs (``bench/tray_parts.py``, alone); ([], why) if it
    failed."""
    done = subprocess.run(
        [PYTHON, str(REPO / "bench" / "tray_parts.py"), str(TRAY_ICON)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    parts = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return parts, done.stderr


def note_parts(parts: list[dict[str, object]], errors: str, bare_kib: int) -> int:
    """Print what each part costs; return the KiB of the parts named irreducible."""
    if not parts or not bare_kib:
        note("idle memory by part", f"not measured: {stderr_tail(errors)}")
        return 0
    for part in parts:
        kib = int(str(part["kib"]))
        where = "in the tray" if part["in_tray"] else "when first needed"
        note(f"idle memory by part, {part['part']}", f"{kib / 1024:.1f} MiB ({where})")
    in_tray = sum(int(str(part["kib"])) for part in parts if part["in_tray"])
    note(
        "idle memory by part, all the tray loads",
        f"{in_tray / 1024:.1f} MiB over the bare program's {bare_kib / 1024:.1f} MiB "
        f"({number((bare_kib + in_tray) / bare_kib)}×)",
    )
    irreducible = 0
    for part in parts:
        why = IRREDUCIBLE.get(str(part["part"]))
        if why is not None:
            kib = int(str(part["kib"]))
            irreducible += kib
            note(
                f"idle memory, irreducible in the tray: {part['part']}",
                f"{kib / 1024:.1f} MiB ({number(kib / bare_kib)}× the bare program); it {why}",
            )
    return irreducible


def main() -> None:
    window = float(sys.argv[1]) if len(sys.argv) > 1 else WINDOW_S
    home = scratch_folder("idle")
    env = app_env(home)
    at_work_all_day(home)
    state = home / "data" / "unbrace" / "reminders.json"
    parts, parts_errors = part_costs(env)
    try:
        XInput().move(40, 40)  # the user is at the computer
    except (OSError, RuntimeError) as error:
        failed(
            "idle CPU per minute, app in the tray", f"no local X display: {error}", CPU_BUDGET_MS
        )
        finish()
    bare = spawn(REPO / "bench" / "bare_tray.py", env)
    time.sleep(SETTLE_S / 2)
    pss = {"bare": pss_kib(bare.pid)}  # before the app runs
    app = subprocess.Popen(
        [PYTHON, "-m", "app", "--tray"], env=env, stderr=subprocess.PIPE, text=True
    )
    time.sleep(SETTLE_S)
    meters = {"app": ProcessMeter(app.pid), "bare": ProcessMeter(bare.pid)}
    for meter in meters.values():
        meter.start()
    saved_before = state.stat().st_mtime_ns if state.exists() else 0
    deadline = time.monotonic() + window
    alive = True
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = all(meter.sample() for meter in meters.values())
    saved_after = state.stat().st_mtime_ns if state.exists() else 0
    errors = {"bare": stop(bare)}
    time.sleep(0.5)
    try:
        pss["app"] = pss_kib(app.pid)  # after the bare program has gone
    except (OSError, RuntimeError):
        pss["app"] = 0
    errors["app"] = stop(app)
    if not alive:
        for name, process in (("app", app), ("bare", bare)):
            if process.returncode not in (None, 0, -signal.SIGTERM):
                note(f"idle, {name}", f"ended early: {stderr_tail(errors[name])}")
        failed("idle CPU per minute, app in the tray", "a process ended early", CPU_BUDGET_MS)
        finish()
    per_minute = 60.0 / window
    use = {name: meter.usage() for name, meter in meters.items()}
    for name in ("bare", "app"):
        note(
            f"idle for {window:.0f} s, {'bare PySide6 tray' if name == 'bare' else 'app'}",
            f"CPU {number(use[name].cpu_ns / NS_PER_MS)} ms, "
            f"{use[name].voluntary} voluntary and {use[name].involuntary} involuntary "
            f"context switches, PSS {pss[name] / 1024:.1f} MiB",
        )
    if saved_after != saved_before:
        note("idle, app", "the reminder service woke in the window (it saved its state)")
    cpu_ok = report(
        Figure(
            "idle CPU per minute, app in the tray",
            use["app"].cpu_ns / NS_PER_MS * per_minute,
            CPU_BUDGET_MS,
        )
    )
    switches_ok = report(
        Figure(
            "idle context switches per minute, app in the tray",
            use["app"].voluntary * per_minute,
            SWITCHES_BUDGET,
            "",
        )
    )
    if not (cpu_ok and switches_ok):
        busiest = meters["app"].by_thread()[:4]
        note(
            "idle, app threads",
            "; ".join(
                f"{thread} {number(usage.cpu_ns / NS_PER_MS)} ms, {usage.voluntary} switches"
                for thread, usage in busiest
            ),
        )
    irreducible = note_parts(parts, parts_errors, pss["bare"])
    if pss["bare"] and pss["app"]:
        # the budget holds for what the app could do without; the irreducible parts are named
        # above with what they buy (unmeasured parts count in full)
        note(
            "idle memory (PSS), app / bare PySide6 tray, all of it",
            f"{number(pss['app'] / pss['bare'])}×",
        )
        report(
            Figure(
                "idle memory (PSS), app without its irreducible parts / bare PySide6 tray",
                (pss["app"] - irreducible) / pss["bare"],
                PSS_RATIO_BUDGET,
                "×",
            )
        )
    else:
        failed("idle memory (PSS), app / bare PySide6 tray", "not measured", PSS_RATIO_BUDGET, "×")
    finish()


if __name__ == "__main__":
    main()
