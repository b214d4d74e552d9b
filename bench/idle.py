"""4. Idle in the tray: what the app costs while it waits for a reminder.

Needs a real X display with a tray host and a session bus (``bench/run`` provides Xvfb, jwm and
``dbus-run-session``). The real app starts as ``unbrace --tray`` with its own empty folders and
reminders on, with work hours around the clock, so it is at work and waiting for the next
reminder (90 minutes away); beside it runs a bare PySide6 tray program with one 60 s timer
(``bench/bare_tray.py``). After both settle, every thread of each is sampled for 60 s.

Figures: the app's CPU time and voluntary context switches per minute, all threads counted
(``/proc/PID/task/*/schedstat`` and ``status``); its proportional set size against the bare
program's, each read while the other is not running (PSS splits pages two processes share).
Beside them, the PSS of the bare program with the app's Qt-free core loaded
(``bench/core_tray.py``): what the routine model, PyYAML, settings and reminders weigh alone.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
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
    stderr_tail,
    stop,
)

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


def spawn(script: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """One of the reference tray programs, with the tray icon, its stderr kept."""
    return subprocess.Popen(
        [PYTHON, str(script), str(TRAY_ICON)], env=env, stderr=subprocess.PIPE, text=True
    )


def main() -> None:
    window = float(sys.argv[1]) if len(sys.argv) > 1 else WINDOW_S
    home = Path(tempfile.mkdtemp(prefix="unbrace-bench-idle-"))
    env = app_env(home)
    at_work_all_day(home)
    state = home / "data" / "unbrace" / "reminders.json"
    core = spawn(REPO / "bench" / "core_tray.py", env)
    time.sleep(SETTLE_S / 2)
    core_pss = pss_kib(core.pid) if core.poll() is None else 0
    core_errors = stop(core)
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
    if core_pss and pss["bare"]:
        note(
            "idle memory (PSS), bare PySide6 tray with the app's core loaded",
            f"{core_pss / 1024:.1f} MiB, {number(core_pss / pss['bare'])}× the bare program: "
            "the routine model and PyYAML, settings, reminders and history without any window",
        )
    else:
        note("idle memory, core reference", f"not measured: {stderr_tail(core_errors)}")
    if pss["bare"] and pss["app"]:
        report(
            Figure(
                "idle memory (PSS), app / bare PySide6 tray",
                pss["app"] / pss["bare"],
                PSS_RATIO_BUDGET,
                "×",
            )
        )
    else:
        failed("idle memory (PSS), app / bare PySide6 tray", "not measured", PSS_RATIO_BUDGET, "×")
    finish()


if __name__ == "__main__":
    main()
