"""The body scan rendered with a real voice: speech at the start of every guide, never over the
breath's phase cues, and a second preparation that synthesises nothing."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from app.audio.render import render_track, segment_starts_ms
from app.audio.speech import SpeechCache, SpeechSource
from app.audio.speech_mix import place_speech
from app.audio.synth import RATE, samples_for_ms
from app.cli import main
from app.core.files.paths import AppPaths
from app.core.routine.library import library_folders, load_library
from app.core.routine.model import Routine
from app.core.session.speech_plan import PROMPT_DELAY_MS, speech_plan
from app.core.session.timeline import compile_routine
from app.core.settings.settings import Settings

OPEN_S = 5.0
#: The longest phase cue (the exhale's falling tone) lasts 0.45 s.
PHASE_CUE_MS = 450


def body_scan() -> Routine:
    entry = load_library(library_folders(AppPaths.default())).find("body-scan-spine")
    assert entry is not None and entry.routine is not None
    return entry.routine


def rms(samples: NDArray[np.int16]) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if samples.size else 0.0


def test_the_body_scan_speaks_at_every_guide_and_never_over_a_phase_cue(tmp_path: Path) -> None:
    routine = body_scan()
    timeline = compile_routine(routine)
    source = SpeechSource(tmp_path / "voices", SpeechCache(tmp_path / "cache"))
    speech = source.render(speech_plan(timeline, "prompts"), Settings(), routine.sound.volume)
    assert speech.narrator is not None, "no system voice: apt-get install flite espeak-ng"
    assert speech.notice is None
    starts, _ = segment_starts_ms(timeline, OPEN_S)
    silent = render_track(timeline, routine.sound, OPEN_S)
    spoken = render_track(timeline, routine.sound, OPEN_S, speech=place_speech(speech, starts))
    assert spoken.size >= silent.size
    voice = spoken[: silent.size].astype(np.int32) - silent  # what the voice adds, exactly

    guides = [s for s in timeline.segments if s.kind == "guide"]
    assert len(guides) >= 7
    for segment in guides:
        at = samples_for_ms(starts[segment.index] + PROMPT_DELAY_MS)
        heard = rms(voice[at : at + RATE].astype(np.int16))
        assert heard > 500, f"no speech in the first second of {segment.label!r}"
        assert rms(voice[samples_for_ms(starts[segment.index]) : at].astype(np.int16)) == 0
    phases = [s for s in timeline.segments if s.kind == "breathe"]
    assert phases
    for segment in phases:
        at = samples_for_ms(starts[segment.index])
        under_cue = voice[at : at + samples_for_ms(PHASE_CUE_MS)]
        assert not under_cue.any(), f"speech over the phase cue at {starts[segment.index]} ms"


def test_the_second_preparation_reads_every_text_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routine = body_scan()
    plan = speech_plan(compile_routine(routine), "prompts")
    source = SpeechSource(tmp_path / "voices", SpeechCache(tmp_path / "cache"))
    first = source.render(plan, Settings(), routine.sound.volume)
    texts = {u.text for u in plan}
    assert len(list((tmp_path / "cache").glob("*.wav"))) == len(texts)

    def no_synthesis(*_: object) -> bytes:
        raise AssertionError("synthesised although cached")

    monkeypatch.setattr("app.audio.speech.synthesize", no_synthesis)
    second = source.render(plan, Settings(), routine.sound.volume)
    assert second.buffers == first.buffers
    # another rate is another recording
    with pytest.raises(AssertionError, match="synthesised although cached"):
        source.render(plan, Settings(speech_rate=180), routine.sound.volume)


def test_render_audio_speaks_by_default_and_not_with_no_voice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_voice, without = tmp_path / "voice.wav", tmp_path / "plain.wav"
    assert main(["render-audio", "body-scan-spine", str(with_voice), "--open-seconds", "5"]) == 0
    assert "spoken by flite (slt)" in capsys.readouterr().out
    assert main(["render-audio", "body-scan-spine", str(without), "--no-voice"]) == 0
    assert "spoken by" not in capsys.readouterr().out
    with wave.open(str(with_voice)) as a, wave.open(str(without)) as b:
        # the open steps last 5 s in one and 60 s in the other: compare the first two minutes
        first = np.frombuffer(a.readframes(120 * RATE), dtype="<i2")
        second = np.frombuffer(b.readframes(120 * RATE), dtype="<i2")
    assert rms(first - second) > 100
