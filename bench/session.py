"""5. Session: CPU and context switches while the pacer animates, and memory over a long session.

CPU. The real app (``unbrace run diaphragmatic-3min``) runs under Xvfb with its window on screen,
its sound through ALSA's ``file`` plugin; after the count-in, every thread of the process is
sampled for 20 s. The figure is its CPU time over the wall time, as a share of one core. What the
X server spends drawing is shown beside it.

Memory. The app is assembled in-process (offscreen, window shown, real sound layer over ALSA's
``file`` plugin, the C allocator set up as ``unbrace`` sets it) with a fake clock, and a
30-minute routine plays at 100×: every 16 ms of real time the clock moves 1.6 s and the driver
is woken (the frame timer runs as well). The figure is how much the resident set grew between
the end of the first minute and the end of the session.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time

XCB_ENV = dict(os.environ)  # for the app under Xvfb; this process draws offscreen
from bench.common import alsa_file_sink, scratch_folder

TMP = scratch_folder("session")
os.environ["ALSA_CONFIG_PATH"] = str(alsa_file_sink(TMP))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import gc
import subprocess

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.audio.heap import map_large_buffers
from app.audio.session_sound import SimpleSessionSound
from app.core.routine.loader import load_routine_text
from app.core.session.clock import NS_PER_S, FakeClock
from app.core.session.player import PlayerState
from app.core.settings.settings import Settings
from bench.assemble import assemble
from bench.common import (
    NS_PER_MS,
    PYTHON,
    Figure,
    ProcessMeter,
    app_env,
    failed,
    finish,
    first_fatal,
    note,
    number,
    report,
    rss_kib,
    stderr_tail,
    stop,
    xvfb_pids,
)

CPU_ROUTINE = "diaphragmatic-3min"
CPU_SETTLE_S = 5.0  # start-up and the 3 s count-in
CPU_WINDOW_S = 20.0
CPU_BUDGET_PERCENT = 10.0
#: A 30-frame-a-second pacer needs a few wake-ups per frame, for every thread of the process.
SWITCHES_BUDGET_PER_S = 150.0
SPEED = 100
STEP_MS = 16
GROWTH_BUDGET_MIB = 2.0

LONG_ROUTINE = textwrap.dedent(
    """\
    format: 1
    id: long-session
    name: Long session
    summary: Thirty minutes of every kind of timed step, to watch memory.
    sound: {breath_tone: true}
    steps:
      - guide: {label: Arrive, prompt: Settle., duration: 1m, region: whole_body}
      - breathe:
          label: Slowing down
          pattern: {inhale: 4, exhale: 4}
          ramp: {inhale: 5, exhale: 8}
          duration: 8m
      - repeat:
          times: 4
          steps:
            - move:
                label: Cat and cow
                reps: 6
                sides: [left, right]
                rep: [{label: Arch, duration: 3}, {label: Round, duration: 4}]
            - rest: {duration: 30s, label: Rest}
      - breathe:
          label: Humming
          pattern: {inhale: 4, exhale: 8}
          drone: 130
          duration: 6m
      - breathe:
          label: Box
          pattern: {inhale: 4, hold_in: 4, exhale: 4, hold_out: 4}
          duration: 6m
      - guide: {label: Spine, prompt: Feel the spine., duration: 1m30s, region: mid_back}
    """
)


def cpu_share() -> None:
    name = "session CPU share while animating (one core)"
    if not XCB_ENV.get("DISPLAY"):
        failed(name, "no X display (run it through bench/run)", CPU_BUDGET_PERCENT, "%")
        return
    home = TMP / "cpu-home"
    env = app_env(home, ALSA_CONFIG_PATH=str(TMP / "asound.conf"))
    env["QT_QPA_PLATFORM"] = XCB_ENV.get("QT_QPA_PLATFORM", "xcb")
    env["DISPLAY"] = XCB_ENV["DISPLAY"]
    settings = home / "config" / "unbrace" / "settings.json"
    settings.write_text('{"version": 1, "medical_notice_seen": true, "check_ins": false}')
    app = subprocess.Popen(
        [PYTHON, "-m", "app", "run", CPU_ROUTINE], env=env, stderr=subprocess.PIPE, text=True
    )
    time.sleep(CPU_SETTLE_S)
    meter = ProcessMeter(app.pid)
    servers = [ProcessMeter(pid) for pid in xvfb_pids(XCB_ENV.get("DISPLAY", ""))]
    for each in (meter, *servers):
        each.start()
    began = time.monotonic_ns()
    alive = True
    while alive and time.monotonic_ns() - began < CPU_WINDOW_S * NS_PER_S:
        time.sleep(0.1)
        alive = meter.sample()
        for server in servers:
            server.sample()
    wall = time.monotonic_ns() - began
    errors = stop(app)
    if not alive:
        reason = first_fatal(errors) or stderr_tail(errors)
        failed(name, f"the app ended after {wall / NS_PER_S:.0f} s: {reason}", 10.0, "%")
        return
    used = meter.usage()
    note(
        "session CPU, busiest threads",
        "; ".join(
            f"{thread} {number(usage.cpu_ns / NS_PER_MS)} ms, {usage.voluntary} switches"
            for thread, usage in meter.by_thread()[:4]
        ),
    )
    drawn = sum(server.usage().cpu_ns for server in servers)
    note(
        "session CPU while animating",
        f"{CPU_ROUTINE} for {wall / NS_PER_S:.0f} s: app {number(used.cpu_ns / NS_PER_MS)} ms "
        f"({used.voluntary} voluntary context switches), X server "
        f"{number(drawn / NS_PER_MS)} ms ({100 * drawn / wall:.1f} %)",
    )
    report(Figure(name, 100 * used.cpu_ns / wall, CPU_BUDGET_PERCENT, "%"))
    switches = (used.voluntary + used.involuntary) * NS_PER_S / wall
    report(
        Figure(
            "session context switches per second while animating, whole process",
            switches,
            SWITCHES_BUDGET_PER_S,
            "",
        )
    )


def memory_growth() -> None:
    qt_app = QApplication(["unbrace-bench"])
    map_large_buffers()  # as `unbrace` does when it starts
    clock = FakeClock()
    sound = SimpleSessionSound.open(clock)
    settings = Settings(medical_notice_seen=True, count_in=False, check_ins=False)
    unbrace = assemble(TMP / "memory-home", clock, sound, settings)
    unbrace.window.show()
    qt_app.processEvents()
    routine = load_routine_text(LONG_ROUTINE, "long-session.yaml", default_id="long-session")
    readings: dict[str, int] = {}
    curve: dict[int, int] = {}  # resident KiB by minute of the session
    ended: list[bool] = []

    def step() -> None:
        clock.advance(ms=STEP_MS * SPEED)
        unbrace.driver.wake()
        snapshot = unbrace.driver.snapshot()
        if snapshot is None or snapshot.state.is_over:
            ended.append(snapshot is not None and snapshot.state is PlayerState.FINISHED)
            qt_app.quit()
            return
        minute = snapshot.elapsed_ms // 60_000
        if minute >= 1 and minute % 5 in (0, 1) and minute not in curve:
            gc.collect()
            curve[minute] = rss_kib()
            readings.setdefault("first minute", curve[minute])
        if snapshot.elapsed_ms >= 29 * 60_000 + 30_000 and "end" not in readings:
            gc.collect()
            readings["end"] = rss_kib()

    ticker = QTimer()
    ticker.setInterval(STEP_MS)
    ticker.timeout.connect(step)
    began = time.monotonic()
    if not unbrace.start_routine(routine):
        failed("session memory growth, 30 min at 100×", "did not start", GROWTH_BUDGET_MIB, "MiB")
        return
    ticker.start()
    QTimer.singleShot(120_000, qt_app.quit)  # never hang the bench
    qt_app.exec()
    ticker.stop()
    wall = time.monotonic() - began
    name = "session memory growth, 30 min at 100×"
    if not ended or "first minute" not in readings or "end" not in readings:
        failed(name, "the session did not play to its end", GROWTH_BUDGET_MIB, "MiB")
        return
    growth = (readings["end"] - readings["first minute"]) / 1024
    note(
        "session memory",
        f"resident {readings['first minute'] / 1024:.1f} MiB after the first minute, "
        f"{readings['end'] / 1024:.1f} MiB at the end ({wall:.0f} s of real time); by minute: "
        + ", ".join(f"{minute}: {kib / 1024:.1f}" for minute, kib in sorted(curve.items())),
    )
    report(Figure(name, growth, GROWTH_BUDGET_MIB, "MiB"))
    unbrace.shut_down()  # its history writer is done before its folder is removed


def main() -> None:
    parts = sys.argv[1:] or ["cpu", "memory"]
    if "cpu" in parts:
        cpu_share()
    if "memory" in parts:
        memory_growth()
    finish()


if __name__ == "__main__":
    main()
