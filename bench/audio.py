"""2. Audio: from a boundary to the simpleaudio play call, and synthesis before a session.

Latency. The real app is assembled in-process (offscreen, window shown, monotonic clock) with its
real sound: ``SimpleSessionSound`` over ``SimpleaudioOutput``, the breath tone on. ALSA's ``file``
plugin stands in for a sound card, so every play is a real ``simpleaudio.play_buffer`` call into
libasound. A dense routine (0.5 s phases for two minutes: 240 boundaries, so the p99 is the
third-slowest, not the second of 120) plays in real time; each ``play_buffer`` call is
stamped and compared with the ``at_ns`` of the ``CueDue`` being played: the boundary's instant.
This includes the driver's wake-up, the session controller, the lookup and any mixing with the
buffer still sounding. Beside it, the virtual machine's steal time over the session (how long
the hypervisor kept its cores from it; the kernel counts it in 10 ms ticks).

Synthesis. ``CueBank.build`` for the longest built-in routine (by fixed length), breath tone on,
median of five runs.
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import alsa_file_sink, scratch_folder

TMP = scratch_folder("audio")
os.environ["ALSA_CONFIG_PATH"] = str(alsa_file_sink(TMP))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import simpleaudio
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.audio.cue_bank import CueBank
from app.audio.session_sound import SimpleSessionSound
from app.core.routine.library import RoutineFolder, load_library
from app.core.routine.loader import load_routine_text
from app.core.routine.size import measure
from app.core.session.clock import monotonic_clock
from app.core.session.player import CueDue
from app.core.session.timeline import compile_routine
from app.core.settings.settings import Settings
from bench.assemble import assemble
from bench.common import (
    NS_PER_MS,
    REPO,
    Figure,
    dense_routine,
    finish,
    median,
    note,
    number,
    percentile,
    report,
    steal_ms,
)

SECONDS = 120
LATENCY_BUDGET_MS = 1.0
SYNTHESIS_BUDGET_MS = 200.0


class TimedSound(SimpleSessionSound):
    """The app's session sound, remembering which cue it is playing."""

    playing: CueDue | None = None

    def play(self, event: CueDue) -> None:
        self.playing = event
        super().play(event)
        self.playing = None


def latency(seconds: int) -> None:
    qt_app = QApplication(["unbrace-bench"])
    sound = TimedSound.open(monotonic_clock)
    assert isinstance(sound, TimedSound)
    if sound.problem:
        note("audio", f"no sound through ALSA's file plugin: {sound.problem}")
    delays: list[float] = []
    at_start: list[float] = []
    real_play_buffer = simpleaudio.play_buffer

    def timed_play_buffer(data: bytes, channels: int, width: int, rate: int) -> object:
        now = time.monotonic_ns()
        event = sound.playing
        if event is not None:
            start = event.segment is not None and event.segment.index == 0
            (at_start if start else delays).append((now - event.at_ns) / NS_PER_MS)
        return real_play_buffer(data, channels, width, rate)

    simpleaudio.play_buffer = timed_play_buffer
    settings = Settings(medical_notice_seen=True, count_in=False, breath_tone=True, check_ins=False)
    unbrace = assemble(TMP / "home", monotonic_clock, sound, settings)
    unbrace.window.show()
    routine = load_routine_text(dense_routine(seconds), "dense.yaml", default_id="dense")
    unbrace.sessions.session_ended.connect(lambda _finished: qt_app.quit())
    qt_app.processEvents()
    QTimer.singleShot((seconds + 30) * 1000, qt_app.quit)  # never hang the bench
    stolen_before = steal_ms()
    unbrace.start_routine(routine)
    qt_app.exec()
    stolen = steal_ms() - stolen_before
    simpleaudio.play_buffer = real_play_buffer
    unbrace.shut_down()  # its history writer is done before its folder is removed
    if not delays:
        note("audio", "no cue reached simpleaudio")
        report(Figure("audio boundary → play call p99", float("inf"), LATENCY_BUDGET_MS))
        return
    note(
        "audio boundary → play call",
        f"{len(delays)} plays; p50 {number(percentile(delays, 50))} ms; slowest "
        + ", ".join(number(delay) for delay in sorted(delays)[-4:][::-1])
        + " ms; the session's first sound (not at a boundary: when Start is pressed) "
        + ", ".join(number(delay) for delay in at_start)
        + f" ms; the virtual machine's steal time meanwhile {number(stolen)} ms",
    )
    report(Figure("audio boundary → play call p99", percentile(delays, 99), LATENCY_BUDGET_MS))


def synthesis() -> None:
    library = load_library([RoutineFolder(REPO / "routines", "builtin")])
    longest = max(
        (entry.routine for entry in library.routines if entry.routine is not None),
        key=lambda routine: measure(routine).fixed_ms,
    )
    timeline = compile_routine(longest)
    runs: list[float] = []
    for _ in range(5):
        start = time.perf_counter_ns()
        bank = CueBank.build(
            timeline,
            volume=longest.sound.volume,
            breath_tone=True,
            cue_files=longest.sound.cues,
        )
        runs.append((time.perf_counter_ns() - start) / NS_PER_MS)
    note(
        "audio synthesis",
        f"{longest.id} ({measure(longest).fixed_ms / 60_000:.1f} min, "
        f"{len(timeline.segments)} segments, {bank.nbytes / 2**20:.1f} MiB of sound); "
        f"runs {', '.join(number(run) for run in runs)} ms",
    )
    report(Figure("audio synthesis, longest built-in routine (median)", median(runs), 200.0))


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else SECONDS
    synthesis()
    latency(seconds)
    finish()


if __name__ == "__main__":
    main()
