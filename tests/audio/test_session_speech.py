"""A session's voice: after each step's bell, over a ducked drone, cut by the next phase cue."""

from __future__ import annotations

import textwrap
import wave
from pathlib import Path

import numpy as np

from app.audio.cue_bank import CueBank
from app.audio.narrators import VoiceSearch
from app.audio.output import SilentOutput
from app.audio.session_sound import SimpleSessionSound
from app.audio.speech import SessionSpeech, SpeechSource
from app.audio.speech_mix import DUCK_GAIN
from app.audio.synth import RATE, samples_for_ms
from app.core.routine.loader import load_routine_file
from app.core.routine.model import Routine
from app.core.session.clock import FakeClock
from app.core.session.player import CueDue
from app.core.session.speech_plan import PROMPT_DELAY_MS, WORD_DELAY_MS, speech_plan
from app.core.session.timeline import Timeline, compile_routine
from app.core.settings.settings import Settings

ROUTINE = """\
name: Spoken session
summary: A guide, then humming.
steps:
  - guide: {label: Neck, prompt: Soften the neck., duration: 10s}
  - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 1, drone: 220, labels: {exhale: Hum}}
  - hold: {label: Rest the breath}
  - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 1}
"""
WORD = (np.ones(RATE // 2) * 3000).astype("<i2").tobytes()  # half a second of "speech"


class Recording(SilentOutput):
    def __init__(self) -> None:
        super().__init__(None)
        self.played: list[bytes] = []
        self.stops = 0

    def play(self, pcm: bytes) -> None:
        self.played.append(pcm)

    def stop_all(self) -> None:
        self.stops += 1


def loaded(tmp_path: Path, text: str = ROUTINE) -> tuple[Routine, Timeline]:
    path = tmp_path / "spoken.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    routine = load_routine_file(path)
    return routine, compile_routine(routine)


def speech_for(timeline: Timeline, mode: str = "prompts") -> SessionSpeech:
    plan = speech_plan(timeline, mode)  # type: ignore[arg-type]
    return SessionSpeech(plan, {u.segment: WORD for u in plan})


def samples(pcm: bytes) -> np.ndarray:  # type: ignore[type-arg]
    return np.frombuffer(pcm, dtype="<i2").astype(np.int32)


def test_a_step_plays_its_bell_then_its_words(tmp_path: Path) -> None:
    routine, timeline = loaded(tmp_path)
    output = Recording()
    sound = SimpleSessionSound(output, FakeClock())
    sound.prepare(routine, timeline, Settings(), speech_for(timeline))
    guide = timeline.segments[0]
    sound.play(CueDue("bell", guide, 0))
    (played,) = output.played
    bell = samples(
        CueBank.build(timeline, volume=routine.sound.volume, breath_tone=False).cue("bell")
    )
    start = samples_for_ms(PROMPT_DELAY_MS)
    mixed = samples(played)
    assert np.array_equal(mixed[:start], bell[:start])  # the bell strikes alone
    words = mixed[start : start + RATE // 2] - bell[start : start + RATE // 2]
    assert np.all(words == 3000)  # then the words, over its ring


def test_the_drone_ducks_under_a_breath_word(tmp_path: Path) -> None:
    routine, timeline = loaded(tmp_path)
    hum = timeline.segments[2]
    assert hum.word == "Hum" and hum.drone_hz == 220
    plain, spoken = Recording(), Recording()
    quiet = SimpleSessionSound(spoken, FakeClock())
    quiet.prepare(routine, timeline, Settings(), speech_for(timeline, "breath_words"))
    plain_sound = SimpleSessionSound(plain)
    plain_sound.prepare(routine, timeline, Settings())
    plain_sound.play(CueDue("exhale", hum, 0))
    quiet.play(CueDue("exhale", hum, 0))
    under = slice(samples_for_ms(WORD_DELAY_MS) + 3000, samples_for_ms(WORD_DELAY_MS) + 20_000)
    after = slice(samples_for_ms(3000), samples_for_ms(3500))
    with_word = samples(spoken.played[-1])
    without = samples(plain.played[-1])
    drone_under_word = with_word[under] - 3000
    assert np.abs(drone_under_word).max() <= DUCK_GAIN * np.abs(without[under]).max() + 2
    assert np.array_equal(with_word[after], without[after])  # full level once the word ends


def test_a_voice_still_speaking_is_cut_at_the_next_phase_cue(tmp_path: Path) -> None:
    """After an open hold ended early, the next breath's cue is not talked over."""
    routine, timeline = loaded(tmp_path)
    clock = FakeClock()
    output = Recording()
    sound = SimpleSessionSound(output, clock)
    sound.prepare(routine, timeline, Settings(), speech_for(timeline))
    hold, breath = timeline.segments[3], timeline.segments[4]
    sound.play(CueDue("bell", hold, 0))
    clock.advance(ms=PROMPT_DELAY_MS + 100)  # the words have begun
    sound.play(CueDue("bell", breath, 0))
    assert output.stops == 1
    # once a voice has finished, a phase cue stops nothing
    sound.play(CueDue("bell", hold, 0))
    clock.advance(seconds=5)
    sound.play(CueDue("bell", breath, 0))
    assert output.stops == 1


def test_voice_off_or_a_routine_with_nothing_to_say_needs_no_preparation(tmp_path: Path) -> None:
    routine, timeline = loaded(tmp_path)
    source = SpeechSource(tmp_path, None, search=lambda _: VoiceSearch((), "not installed"))
    sound = SimpleSessionSound(Recording(), FakeClock(), source)
    assert sound.speech_job(routine, timeline, Settings(voice_mode="off")) is None
    assert SimpleSessionSound(Recording()).speech_job(routine, timeline, Settings()) is None
    job = sound.speech_job(routine, timeline, Settings())
    assert job is not None
    speech = job(lambda: False, None)
    assert speech.buffers == {}
    sound.prepare(routine, timeline, Settings(), speech)
    assert sound.notice == "no voice is installed, so the steps are shown, not spoken"


def test_a_recorded_narration_speaks_without_any_voice_installed(tmp_path: Path) -> None:
    recording = tmp_path / "neck.wav"
    with wave.open(str(recording), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22_050)
        out.writeframes((np.ones(22_050) * 2000).astype("<i2").tobytes())
    text = ROUTINE.replace("duration: 10s}", "duration: 10s, voice: neck.wav}").replace(
        "Rest the breath}", "Rest the breath, say: false}"
    )
    routine, timeline = loaded(tmp_path, text)
    source = SpeechSource(tmp_path, None, search=lambda _: VoiceSearch((), "not installed"))
    sound = SimpleSessionSound(Recording(), FakeClock(), source)
    job = sound.speech_job(routine, timeline, Settings(voice_volume=0.5))
    assert job is not None
    progress: list[tuple[int, int]] = []
    speech = job(lambda: False, lambda done, total: progress.append((done, total)))
    assert speech.notice is None and progress == [(1, 1)]
    heard = samples(speech.buffers[0])
    # one second at 44.1 kHz, at the routine's volume times half
    assert abs(heard.size - RATE) <= 2
    assert abs(int(heard[RATE // 2]) - round(2000 * 0.5 * routine.sound.volume)) <= 2


def test_two_thousand_holds_saying_the_same_words_share_their_voice(tmp_path: Path) -> None:
    """A routine that repeats its steps says the same few sentences many times: preparing its
    speech costs memory for the sentences, not for every time one is said."""
    import tracemalloc

    holds = "".join(f"        - hold: {{label: Hold {n}}}\n" for n in range(20))
    routine, timeline = loaded(
        tmp_path,
        "name: Holds\nsummary: Open holds.\nsteps:\n"
        "  - repeat:\n      times: 100\n      steps:\n" + holds,
    )
    plan = speech_plan(timeline, "prompts")
    assert len(plan) == 2000
    said = {u.text: WORD[: 2 * (1000 + 10 * n)] for n, u in enumerate(plan[:20])}
    speech = SessionSpeech(plan, {u.segment: said[u.text] for u in plan})
    sound = SimpleSessionSound(Recording(), FakeClock())
    tracemalloc.start()
    try:
        sound.prepare(routine, timeline, Settings(), speech)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # one voice buffer per segment would be 2,000 × 55 kB = 110 MB
    assert peak < 16 * 2**20
    hold = timeline.segments[0]
    sound.play(CueDue(hold.cues[0], hold, 0))  # and the words are still there
