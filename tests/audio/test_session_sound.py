"""Preparing a session's sound: whatever goes wrong, the session gets sound it can play."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import wave
from pathlib import Path

import numpy as np

from app.audio.cue_bank import MAX_TONE_MS, TONE_STEP_MS, CueBank, tone_key, tone_step_ms
from app.audio.output import SilentOutput
from app.audio.session_sound import SimpleSessionSound
from app.core.routine.loader import load_routine_file
from app.core.session.player import CueDue
from app.core.session.timeline import compile_routine
from app.core.settings.settings import Settings
from tests.audio.conftest import timeline_of
from tests.conftest import REPO

RAMP = """
    name: Slowing a lot
    summary: Breaths that lengthen over an hour.
    steps:
      - breathe:
          pattern: {inhale: 2, exhale: 3}
          ramp: {inhale: 60, exhale: 90}
          duration: 1h
"""


class Recording(SilentOutput):
    def __init__(self) -> None:
        super().__init__(None)
        self.played: list[bytes] = []
        self.volume = 1.0

    def play(self, pcm: bytes) -> None:
        self.played.append(pcm)

    def set_volume(self, volume: float) -> None:
        self.volume = volume


def test_breath_tones_are_exact_unless_that_takes_too_much() -> None:
    """A routine's breath tones are exact to the millisecond; a long ramp whose every breath
    differs shares tones made in quarter-second steps instead."""
    short = timeline_of(
        "name: X\nsummary: Y\nsteps: [{breathe: {pattern: {inhale: 4, exhale: 6}, "
        "ramp: {inhale: 4.2, exhale: 6.2}, cycles: 20}}]\n"
    )
    assert tone_step_ms(short) == 1
    long = timeline_of(
        RAMP.replace("ramp: {inhale: 60, exhale: 90}", "ramp: {inhale: 9, exhale: 12}")
    )
    assert tone_step_ms(long) == TONE_STEP_MS
    keys = {tone_key(segment, TONE_STEP_MS) for segment in long.segments}
    assert all(key is not None and key[1] % TONE_STEP_MS == 0 for key in keys)


def test_a_breath_tone_too_big_to_prepare_is_left_out_and_said(tmp_path: Path) -> None:
    """A routine whose breaths vary over minutes would need gigabytes of breath tone: the session
    gets its cues without it, and one sentence says why."""
    timeline = timeline_of(RAMP)
    distinct = {key for s in timeline.segments if (key := tone_key(s, TONE_STEP_MS))}
    assert sum(ms for _, ms in distinct) > MAX_TONE_MS
    output = Recording()
    sound = SimpleSessionSound(output)
    routine = load_routine_file(_write(tmp_path, RAMP))
    sound.prepare(routine, compile_routine(routine), Settings(breath_tone=True))
    assert sound.notice == (
        "the breath tone is off: the breaths of this routine vary too much to prepare its "
        "breath tone"
    )
    assert sound.problem is None
    assert sound.bank is not None and sound.bank.nbytes < 20_000_000


def test_a_sound_file_gone_since_loading_falls_back_to_the_built_in_cue(tmp_path: Path) -> None:
    """The routine's own bell was deleted after the routine loaded: the built-in bell plays."""
    bell = tmp_path / "bell.wav"
    with wave.open(str(bell), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(44_100)
        out.writeframes((np.ones(4_410) * 1000).astype("<i2").tobytes())
    text = RAMP.replace("duration: 1h", "duration: 1m").replace(
        "summary:", 'sound: {cues: {bell: "bell.wav"}}\n    summary:'
    )
    routine = load_routine_file(_write(tmp_path, text))
    bell.unlink()
    output = Recording()
    sound = SimpleSessionSound(output)
    timeline = compile_routine(routine)
    sound.prepare(routine, timeline, Settings())
    assert sound.notice == (
        "the routine's sound for bell (bell.wav) cannot be read: No such file or directory; "
        "the built-in cue plays instead"
    )
    sound.play(CueDue("bell", timeline.segments[0], 0))
    plain = CueBank.build(timeline, volume=routine.sound.volume, breath_tone=False)
    assert output.played[0] == plain.cue("bell")


def _write(folder: Path, text: str) -> Path:
    path = folder / "routine.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_opening_the_sound_loads_and_probes_nothing_until_a_session_is_prepared() -> None:
    """The app opens its sound layer at start-up: numpy and simpleaudio load, and the device is
    probed, only when the first session is prepared."""
    script = f"from pathlib import Path\nREPO = Path({str(REPO)!r})\n" + textwrap.dedent(
        """
        import sys, types
        probed = []
        fake = types.ModuleType("simpleaudio")
        class Play:
            def stop(self): pass
            def is_playing(self): return False
        def play_buffer(data, channels, width, rate):
            probed.append(len(data))
            return Play()
        fake.play_buffer = play_buffer
        fake.stop_all = lambda: None
        sys.modules["simpleaudio"] = fake
        from app.audio.session_sound import SimpleSessionSound
        from app.core.session.clock import monotonic_clock
        sound = SimpleSessionSound.open(monotonic_clock)
        sound.stop()
        print("numpy" in sys.modules, bool(probed))
        from app.core.routine.loader import load_routine_file
        from app.core.settings.settings import Settings
        from app.core.session.timeline import compile_routine
        routine = load_routine_file(REPO / "routines" / "box-breathing.yaml")
        sound.prepare(routine, compile_routine(routine), Settings())
        print("numpy" in sys.modules, bool(probed), sound.problem)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["False False", "True True None"]
