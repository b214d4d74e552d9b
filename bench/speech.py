"""7. Speech preparation: a spoken body scan prepared with an empty cache, then from the cache.

The production path: ``SimpleSessionSound.speech_job`` (the speech plan, then each text rendered
by the best installed voice, or read from the cache) and ``prepare`` (the cue bank, each spoken
step's words mixed with its bell). The first preparation synthesises every text; the next ones
read them back. Figure: first / cached (median of five), which must be at least 10×.
"""

from __future__ import annotations

import time

from app.audio.output import SilentOutput
from app.audio.session_sound import SimpleSessionSound
from app.audio.speech import SpeechCache, SpeechSource
from app.core.files.paths import AppPaths
from app.core.routine.library import library_folders, load_library
from app.core.session.clock import monotonic_clock
from app.core.session.timeline import compile_routine
from app.core.settings.settings import Settings
from bench.common import finish, median, note, number, scratch_folder

BUDGET = 10.0


def prepared_in_ms(sound: SimpleSessionSound, routine_id: str) -> float:
    entry = load_library(library_folders(AppPaths.default())).find(routine_id)
    assert entry is not None and entry.routine is not None
    routine, settings = entry.routine, Settings()
    began = time.perf_counter()
    timeline = compile_routine(routine)
    job = sound.speech_job(routine, timeline, settings)
    assert job is not None
    speech = job(lambda: False, None)
    if speech.narrator is None:
        print(f"speech preparation: no voice installed ({speech.notice})  FAIL")
        finish()
    sound.prepare(routine, timeline, settings, speech)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    folder = scratch_folder("speech")
    source = SpeechSource(folder / "voices", SpeechCache(folder / "cache"))
    sound = SimpleSessionSound(SilentOutput(), monotonic_clock, source)
    source.voices()  # looked for at start-up in the app, not when a session starts
    first = prepared_in_ms(sound, "body-scan-spine")
    cached = median([prepared_in_ms(sound, "body-scan-spine") for _ in range(5)])
    ratio = first / cached
    note("speech preparation", f"first {number(first)} ms, cached {number(cached)} ms")
    verdict = "PASS" if ratio >= BUDGET else "FAIL"
    print(
        f"speech preparation, first / cached (body scan): {number(ratio)}×  "
        f"budget ≥ {number(BUDGET)}×  {verdict}",
        flush=True,
    )
    finish()


if __name__ == "__main__":
    main()
