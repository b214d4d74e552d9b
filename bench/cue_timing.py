"""1. Cue timing: a dense routine played in real time by the real app, and what made it late.

The app is assembled in-process by its composition root (offscreen, window shown, monotonic
clock, its real history in SQLite with the background writes it uses, check-ins off, sound
stubbed: the audio bench measures the sound). A routine of 0.5 s phases for 60 s (120 boundaries)
is started as a user starts one. Each ``segment_started`` emission is stamped with
``time.monotonic_ns()`` and compared with the instant the event says it was due. The bench pins
itself to core 0 and plays the routine twice: on a quiet machine, then with a process spinning on
core 1.

Figures: lateness p50 (shown), p99 and max; the end's drift, which is when the end bell was
actually handed out against start + the routine's length (it combines the schedule's drift, zero by
design, with the last wake-up's lateness). For the five latest boundaries of each run, what the
GUI thread was doing just before (events that took a while, garbage collections; ``diary``).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

os.environ["QT_QPA_PLATFORM"] = "offscreen"


from app.core.routine.loader import load_routine_text
from app.core.routine.model import Routine
from app.core.session.clock import monotonic_clock
from app.core.session.player import CueDue, Finished, PlayerState, SegmentStarted, StateChanged
from app.core.session.timeline import Timeline, compile_routine
from app.core.settings.settings import Settings
from app.qt.session.controller import NoSound
from app.qt.shell.application import Unbrace
from bench.assemble import assemble
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
    scratch_folder,
)
from bench.diary import Diary, DiaryApplication

SECONDS = 60
P99_BUDGET_MS = 2.0
MAX_BUDGET_MS = 16.0
DRIFT_BUDGET_MS = 1.0


@dataclass(frozen=True, slots=True)
class Played:
    lateness_ms: list[float]
    end_drift_ms: float
    latest: list[tuple[float, str]]  # the five latest boundaries: lateness, what ran before


def play(
    qt_app: DiaryApplication, unbrace: Unbrace, routine: Routine, timeline: Timeline
) -> Played:
    driver = unbrace.driver
    stamps: list[tuple[int, int]] = []  # (due, seen) of every boundary
    started: list[int] = []
    ended: list[int] = []

    def on_segment(event: SegmentStarted) -> None:
        now = time.monotonic_ns()
        if event.segment.index > 0:  # the first one starts when asked, not at a boundary
            stamps.append((event.at_ns, now))

    def on_state(event: StateChanged) -> None:
        if event.state is PlayerState.PLAYING and not started:
            started.append(event.at_ns)

    def on_cue(event: CueDue) -> None:
        if event.cue == "end":  # the end bell: what a user hears of the end
            ended.append(time.monotonic_ns())

    def on_finished(_event: Finished) -> None:
        qt_app.quit()

    driver.segment_started.connect(on_segment)
    driver.state_changed.connect(on_state)
    driver.cue_due.connect(on_cue)
    driver.finished.connect(on_finished)
    diary = qt_app.diary
    diary.entries.clear()
    unbrace.start_routine(routine)
    qt_app.exec()
    for signal, slot in (
        (driver.segment_started, on_segment),
        (driver.state_changed, on_state),
        (driver.cue_due, on_cue),
        (driver.finished, on_finished),
    ):
        signal.disconnect(slot)
    unbrace.leave_session()
    due = started[0] + timeline.fixed_ms * NS_PER_MS
    lateness = [(seen - at) / NS_PER_MS for at, seen in stamps]
    latest = sorted(stamps, key=lambda s: s[0] - s[1])[:5]
    return Played(
        lateness,
        (ended[0] - due) / NS_PER_MS,
        [((seen - at) / NS_PER_MS, _doing(diary, at, seen)) for at, seen in latest],
    )


def _doing(diary: Diary, due_ns: int, seen_ns: int) -> str:
    """What ran from 50 ms before the boundary until it was seen: the wake-up that saw it, and
    what came before that wake-up."""
    entries = diary.around(due_ns, seen_ns)
    own = [e for e in entries if e.start_ns + e.took_ns >= seen_ns]
    before = [e for e in entries if e.start_ns + e.took_ns < seen_ns]
    said = "; ".join(str(entry) for entry in before[:3]) or "nothing that took ≥ 0.25 ms"
    if own:
        said += f" (then its own wake-up: {own[-1]})"
    return said


def judge(label: str, played: Played) -> None:
    late = played.lateness_ms
    note(
        f"cue lateness, {label}",
        f"{len(late)} boundaries; p50 {number(percentile(late, 50))} ms, "
        f"p99 {number(percentile(late, 99))} ms, max {number(max(late))} ms",
    )
    for lateness, doing in played.latest:
        note(f"  a late boundary, {label}", f"{number(lateness)} ms late; before it: {doing}")
    report(Figure(f"cue lateness p99, {label}", percentile(late, 99), P99_BUDGET_MS))
    report(Figure(f"cue lateness max, {label}", max(late), MAX_BUDGET_MS))
    report(Figure(f"cue end drift, {label}", abs(played.end_drift_ms), DRIFT_BUDGET_MS))


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else SECONDS
    pin_to(0)
    qt_app = DiaryApplication(["unbrace-bench"])
    routine = load_routine_text(dense_routine(seconds), "dense.yaml", default_id="dense")
    timeline = compile_routine(routine)
    settings = Settings(medical_notice_seen=True, count_in=False, check_ins=False)
    home = scratch_folder("cues")
    unbrace = assemble(home, monotonic_clock, NoSound(), settings)
    unbrace.window.resize(800, 600)
    unbrace.window.show()
    qt_app.processEvents()
    judge("quiet", play(qt_app, unbrace, routine, timeline))
    with cpu_hog(1):
        judge("CPU hog on the other core", play(qt_app, unbrace, routine, timeline))
    unbrace.shut_down()
    qt_app.diary.close()
    finish()


if __name__ == "__main__":
    main()
