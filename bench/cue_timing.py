"""1. Cue timing: a dense routine played in real time through the Qt session driver.

A routine of 0.5 s phases for 60 s (120 boundaries) runs on the real ``SessionDriver`` with the
monotonic clock, drawn by a real ``SessionView`` (offscreen, frame timer on, as when watched).
Each ``segment_started`` emission is stamped with ``time.monotonic_ns()`` and compared with the
instant the event says it was due. The bench pins itself to core 0 and plays the routine twice:
on a quiet machine, then with a process spinning on core 1.

Figures: lateness p50 (shown), p99 and max; the end's drift, which is when ``finished`` was
actually emitted against start + the routine's length (it combines the schedule's drift, zero by
design, with the last wake-up's lateness).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication

from app.core.clock import monotonic_clock
from app.core.loader import load_routine_text
from app.core.player import Finished, PlayerState, SegmentStarted, StateChanged
from app.core.timeline import Timeline, compile_routine
from app.qt.session_driver import SessionDriver
from app.qt.session_view import SessionView
from bench.common import (
    NS_PER_MS,
    Figure,
    cpu_hog,
    dense_routine,
    finish,
    note,
    number,
    percentile,
    pin_to,
    report,
)

SECONDS = 60
P99_BUDGET_MS = 2.0
MAX_BUDGET_MS = 16.0
DRIFT_BUDGET_MS = 1.0


@dataclass(frozen=True, slots=True)
class Played:
    lateness_ms: list[float]
    end_drift_ms: float


def play(timeline: Timeline, view: SessionView) -> Played:
    qt_app = QApplication.instance()
    assert qt_app is not None
    driver = SessionDriver(monotonic_clock)
    driver.snapshot_changed.connect(view.show_snapshot)
    lateness: list[float] = []
    started: list[int] = []
    ended: list[int] = []

    def on_segment(event: SegmentStarted) -> None:
        now = time.monotonic_ns()
        if event.segment.index > 0:  # the first one starts when asked, not at a boundary
            lateness.append((now - event.at_ns) / NS_PER_MS)

    def on_state(event: StateChanged) -> None:
        if event.state is PlayerState.PLAYING and not started:
            started.append(event.at_ns)

    def on_finished(_event: Finished) -> None:
        ended.append(time.monotonic_ns())
        qt_app.quit()

    driver.segment_started.connect(on_segment)
    driver.state_changed.connect(on_state)
    driver.finished.connect(on_finished)
    view.begin("Dense", 0.8, False, False)
    driver.load(timeline, count_in_ms=0)
    driver.set_watched(True)
    driver.start()
    qt_app.exec()
    driver.unload()
    due = started[0] + timeline.fixed_ms * NS_PER_MS
    return Played(lateness, (ended[0] - due) / NS_PER_MS)


def judge(label: str, played: Played) -> None:
    late = played.lateness_ms
    note(
        f"cue lateness, {label}",
        f"{len(late)} boundaries; p50 {number(percentile(late, 50))} ms, "
        f"p99 {number(percentile(late, 99))} ms, max {number(max(late))} ms",
    )
    report(Figure(f"cue lateness p99, {label}", percentile(late, 99), P99_BUDGET_MS))
    report(Figure(f"cue lateness max, {label}", max(late), MAX_BUDGET_MS))
    report(Figure(f"cue end drift, {label}", abs(played.end_drift_ms), DRIFT_BUDGET_MS))


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else SECONDS
    pin_to(0)
    qt_app = QApplication(["unbrace-bench"])
    timeline = compile_routine(
        load_routine_text(dense_routine(seconds), "dense.yaml", default_id="dense")
    )
    view = SessionView()
    view.resize(800, 600)
    view.show()
    qt_app.processEvents()
    judge("quiet", play(timeline, view))
    with cpu_hog(1):
        judge("CPU hog on the other core", play(timeline, view))
    finish()


if __name__ == "__main__":
    main()
