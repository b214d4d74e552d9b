"""6. The mini pacer: what the orb at the edge of the screen costs while it breathes.

Needs a real X display with a window manager, no compositor (``bench/run`` provides Xvfb, jwm and
a session bus). The real app starts as ``unbrace --tray`` with its own empty folders and settles;
its proportional set size is read. Then ``unbrace pacer --minutes 1`` hands the pacer to it over
the single-instance socket, as a user's second start would; once the orb is on screen (the app
says so in its log), every thread of the process is sampled for 20 s. Then the pacer runs to its
end and keeps its practice in the history, and the PSS is read again.

Started in the tray, the app has built nothing of its window: the pacer's first start builds
its controller and window, with the routine model and timeline compiler it paces from, and the
history store is opened when the practice is kept, at the end. So the PSS added is read twice:
while it breathes (the figure: what the pacer itself costs while it is on screen) and once the
practice is kept, printed beside it with the shared libraries mapped in between: that is the
history store (SQLite and its writer thread), which the tray opens as well the first time its
menu lists recent routines, and which stays open for the app's life either way.

Figures: the app's CPU time over the wall time, as a share of one core; its context switches a
second, voluntary and involuntary, every thread counted; the PSS the pacer added to the app in
the tray. What the X server spends drawing the orb is shown beside them.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from bench.common import (
    NS_PER_MS,
    NS_PER_S,
    PYTHON,
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
    xvfb_pids,
)
from tests.support.x_input import XInput

SETTLE_S = 6.0
SHOWN_WAIT_S = 15.0
WINDOW_S = 20.0
CPU_BUDGET_PERCENT = 2.0
SWITCHES_BUDGET_PER_S = 100.0
PSS_BUDGET_MIB = 5.0
SHOWN = "mini pacer shown"
WAITS = "mini pacer waits"
KEPT = "mini pacer ended"
MINUTES = 1
#: after the sampling, the rest of the pacer's minute, its fade and the history's write
END_WAIT_S = 60.0
#: the pointer moves this often, so the X server sees a user at the computer (the orb stands
#: still after a minute without input, and the display may have had none for longer)
PRESENT_EVERY_S = 5.0


def mapped_libraries(pid: int) -> set[str]:
    """The shared objects the process has mapped, by file name."""
    found = set()
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        path = line.split(maxsplit=5)[5] if len(line.split(maxsplit=5)) == 6 else ""
        if ".so" in path:
            found.add(Path(path).name)
    return found


def main() -> None:
    home = scratch_folder("pacer")
    env = app_env(home)
    log = home / "app.log"
    name = "mini pacer CPU share while breathing (one core)"
    if env.get("QT_QPA_PLATFORM", "xcb") != "xcb" or not env.get("DISPLAY"):
        failed(name, "no X display (run it through bench/run)", CPU_BUDGET_PERCENT, "%")
        return
    user = XInput()
    user.move(40, 40)
    with log.open("w") as errors:
        app = subprocess.Popen(
            [PYTHON, "-m", "app", "--verbose", "--tray"], env=env, stderr=errors, text=True
        )
        try:
            time.sleep(SETTLE_S)
            if app.poll() is not None:
                failed(name, f"the app ended: {stderr_tail(log.read_text())}", CPU_BUDGET_PERCENT)
                return
            in_tray = pss_kib(app.pid)
            libraries = mapped_libraries(app.pid)
            subprocess.run(
                [PYTHON, "-m", "app", "pacer", "--minutes", str(MINUTES)],
                env=env,
                timeout=30,
                check=False,
            )
            deadline = time.monotonic() + SHOWN_WAIT_S
            while SHOWN not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            if SHOWN not in log.read_text():
                failed(name, "the orb did not come on screen", CPU_BUDGET_PERCENT, "%")
                return
            time.sleep(1.0)
            meter = ProcessMeter(app.pid)
            servers = [ProcessMeter(pid) for pid in xvfb_pids(os.environ.get("DISPLAY", ""))]
            for each in (meter, *servers):
                each.start()
            began = time.monotonic_ns()
            alive = True
            moved = time.monotonic()
            while alive and time.monotonic_ns() - began < WINDOW_S * NS_PER_S:
                time.sleep(0.1)
                if time.monotonic() - moved >= PRESENT_EVERY_S:
                    moved = time.monotonic()
                    user.move(40 + int(moved) % 7, 40)
                alive = meter.sample()
                for server in servers:
                    server.sample()
            wall = time.monotonic_ns() - began
            with_pacer = pss_kib(app.pid) if alive else 0
            deadline = time.monotonic() + END_WAIT_S
            while alive and KEPT not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.5)
                if time.monotonic() - moved >= PRESENT_EVERY_S:
                    moved = time.monotonic()
                    user.move(40 + int(moved) % 7, 40)
            time.sleep(1.0)  # the history's writer thread writes it
            kept = KEPT in log.read_text()
            after = pss_kib(app.pid) if kept and app.poll() is None else 0
            new_libraries = sorted(mapped_libraries(app.pid) - libraries) if after else []
        finally:
            if app.poll() is None:
                app.terminate()
                app.wait(timeout=10)
    if not alive:
        failed(name, f"the app ended: {stderr_tail(log.read_text())}", CPU_BUDGET_PERCENT, "%")
        return
    waited = [line for line in log.read_text().splitlines() if WAITS in line]
    if waited:
        failed(name, f"the orb stood still: {waited[0]}", CPU_BUDGET_PERCENT, "%")
        return
    used = meter.usage()
    drawn = sum(server.usage().cpu_ns for server in servers)
    shown = next(line for line in log.read_text().splitlines() if SHOWN in line)
    note("mini pacer", shown.removeprefix("unbrace: "))
    note(
        "mini pacer while breathing",
        f"{wall / NS_PER_S:.0f} s: app {number(used.cpu_ns / NS_PER_MS)} ms, "
        f"{used.voluntary} voluntary and {used.involuntary} involuntary context switches; "
        f"X server {number(drawn / NS_PER_MS)} ms ({100 * drawn / wall:.2f} %); PSS "
        f"{in_tray / 1024:.1f} MiB in the tray, {with_pacer / 1024:.1f} MiB with the pacer",
    )
    if not kept or not after:
        failed(name, "the pacer's practice was not kept in the history", CPU_BUDGET_PERCENT, "%")
        return
    note(
        "mini pacer, at its end",
        f"PSS {after / 1024:.1f} MiB once its practice was kept in the history; shared "
        f"libraries mapped since the tray: {', '.join(new_libraries) or 'none'}",
    )
    note(
        "mini pacer, busiest threads",
        "; ".join(
            f"{thread} {number(usage.cpu_ns / NS_PER_MS)} ms, {usage.voluntary} switches"
            for thread, usage in meter.by_thread()[:3]
        ),
    )
    report(Figure(name, 100 * used.cpu_ns / wall, CPU_BUDGET_PERCENT, "%"))
    switches = (used.voluntary + used.involuntary) * NS_PER_S / wall
    report(
        Figure(
            "mini pacer context switches per second while breathing, whole process",
            switches,
            SWITCHES_BUDGET_PER_S,
            "",
        )
    )
    note(
        "mini pacer PSS added over the app in the tray, once its practice is kept",
        f"{(after - in_tray) / 1024:.2f} MiB (the pacer and the history store it wrote to)",
    )
    report(
        Figure(
            "mini pacer PSS added over the app in the tray while it breathes",
            (with_pacer - in_tray) / 1024,
            PSS_BUDGET_MIB,
            "MiB",
        )
    )


if __name__ == "__main__":
    main()
    finish()
