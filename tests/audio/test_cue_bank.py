"""The cue bank: built before a session, every buffer once; lookups only read."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from app.audio.cue_bank import CueBank, drone_key, tone_key
from app.audio.synth import BreathPhase
from app.audio.voices import CUE_NAMES, CueName, SynthVoices
from app.core.routine.loader import load_routine_file
from app.core.session.timeline import compile_routine
from tests.audio.conftest import timeline_of
from tests.conftest import BUILTIN_ROUTINES

#: Repeats (the same buffers again), a drone, a ramp (a new length every cycle) and an open hold.
ROUTINE = """
    name: Bank
    summary: Everything a bank must hold.
    steps:
      - guide: {label: Arrive, duration: 5s}
      - repeat:
          times: 3
          steps:
            - breathe:
                pattern: {inhale: 4, exhale: 8}
                labels: {exhale: Hum}
                drone: 130
                cycles: 2
            - rest: {duration: 5s}
      - breathe:
          pattern: {inhale: 4, hold_in: 2, exhale: 6, hold_out: 2}
          ramp: {inhale: 5, hold_in: 2, exhale: 8, hold_out: 2}
          cycles: 4
      - move: {label: Reps, reps: 2, rep: [{label: Up, duration: 2}, {label: Down, duration: 2}]}
      - hold: {label: Hold out, max: 1m}
"""


class CountingVoices:
    """Real voices that count every synthesis call by what was asked."""

    def __init__(self) -> None:
        self.voices = SynthVoices()
        self.calls: Counter[tuple[object, ...]] = Counter()

    def cue(self, name: CueName, volume: float) -> bytes:
        self.calls["cue", name] += 1
        return self.voices.cue(name, volume)

    def drone(self, hz: float, duration_ms: int, volume: float) -> bytes:
        self.calls["drone", hz, duration_ms] += 1
        return self.voices.drone(hz, duration_ms, volume)

    def breath_tone(self, phase: BreathPhase, duration_ms: int, volume: float) -> bytes:
        self.calls["tone", phase, duration_ms] += 1
        return self.voices.breath_tone(phase, duration_ms, volume)


def test_build_synthesises_each_distinct_buffer_exactly_once() -> None:
    """One call per cue name, per distinct drone (Hz, length), per distinct breath phase length."""
    timeline = timeline_of(ROUTINE)
    voices = CountingVoices()
    CueBank.build(timeline, volume=0.8, breath_tone=True, voices=voices)
    drones = {drone_key(s) for s in timeline.segments} - {None}
    tones = {tone_key(s) for s in timeline.segments} - {None}
    assert drones == {(130.0, 8000)}
    assert len(tones) > 8  # the ramp gives new lengths
    expected = Counter(
        [("cue", name) for name in CUE_NAMES]
        + [("drone", *key) for key in drones if key is not None]
        + [("tone", *key) for key in tones if key is not None]
    )
    assert voices.calls == expected


def test_lookups_never_synthesise_and_return_the_built_buffers() -> None:
    """After build, every lookup a session makes reads a ready buffer: the call count stays put."""
    timeline = timeline_of(ROUTINE)
    voices = CountingVoices()
    bank = CueBank.build(timeline, volume=0.6, breath_tone=True, voices=voices)
    built = voices.calls.copy()
    for name in CUE_NAMES:
        assert bank.cue(name) == SynthVoices().cue(name, 0.6)
    for segment in timeline.segments:
        bank.layers(segment)
        for cue in segment.cues:
            bank.for_event(cue, segment)
        if segment.drone_hz is not None and segment.duration_ms is not None:
            assert bank.drone(segment) == SynthVoices().drone(
                segment.drone_hz, segment.duration_ms, 0.6
            )
    assert voices.calls == built


def test_layers_are_the_cues_then_the_drone_then_the_breath_tone() -> None:
    timeline = timeline_of(ROUTINE)
    bank = CueBank.build(timeline, volume=0.8, breath_tone=True)
    first_exhale = next(s for s in timeline.segments if s.drone_hz is not None)
    assert [layer.name for layer in bank.layers(timeline.segments[0])] == ["bell"]
    assert [layer.name for layer in bank.layers(first_exhale)] == ["exhale", "drone", "breath"]
    first_breath = timeline.segments[timeline.steps[1].first]
    assert [layer.name for layer in bank.layers(first_breath)] == ["bell", "inhale", "breath"]
    hold = timeline.segments[-1]
    assert hold.is_open
    assert [layer.name for layer in bank.layers(hold)] == ["bell"]


def test_without_breath_tone_no_tone_is_built_or_returned() -> None:
    timeline = timeline_of(ROUTINE)
    voices = CountingVoices()
    bank = CueBank.build(timeline, volume=0.8, breath_tone=False, voices=voices)
    assert not [call for call in voices.calls if call[0] == "tone"]
    for segment in timeline.segments:
        assert bank.breath_tone(segment) is None
        assert "breath" not in [layer.name for layer in bank.layers(segment)]


def test_an_event_brings_the_drone_and_breath_tone_with_the_segments_first_cue_only() -> None:
    """The player sends one CueDue per cue of a segment: the extras start once, with the first."""
    timeline = timeline_of(ROUTINE)
    bank = CueBank.build(timeline, volume=0.8, breath_tone=True)
    first_breath = timeline.segments[timeline.steps[1].first]
    assert first_breath.cues == ("bell", "inhale")
    tone = bank.breath_tone(first_breath)
    assert tone is not None
    assert bank.for_event("bell", first_breath) == (bank.cue("bell"), tone)
    assert bank.for_event("inhale", first_breath) == (bank.cue("inhale"),)
    exhale = next(s for s in timeline.segments if s.drone_hz is not None)
    assert bank.for_event("exhale", exhale) == (
        bank.cue("exhale"),
        bank.drone(exhale),
        bank.breath_tone(exhale),
    )
    assert bank.for_event("count", None) == (bank.cue("count"),)
    assert bank.for_event("end", None) == (bank.cue("end"),)


def test_volume_scales_every_buffer_and_zero_is_silence() -> None:
    timeline = timeline_of(ROUTINE)
    loud = CueBank.build(timeline, volume=1.0, breath_tone=True)
    silent = CueBank.build(timeline, volume=0.0, breath_tone=True)
    for segment in timeline.segments:
        for layer in silent.layers(segment):
            assert not np.frombuffer(layer.pcm, "<i2").any()
    bell = np.frombuffer(loud.cue("bell"), "<i2")
    assert int(np.max(np.abs(bell))) == pytest.approx(0.6 * 32767, abs=1)
    with pytest.raises(ValueError, match="volume"):
        CueBank.build(timeline, volume=1.5, breath_tone=False)


def test_unknown_cue_names_are_a_key_error() -> None:
    bank = CueBank.build(timeline_of(ROUTINE), volume=0.8, breath_tone=False)
    with pytest.raises(KeyError, match="gong"):
        bank.cue("gong")


def test_a_bank_must_hold_every_cue() -> None:
    with pytest.raises(ValueError, match="missing: end"):
        CueBank(
            {name: b"" for name in CUE_NAMES if name != "end"},
            {},
            {},
            volume=1.0,
            breath_tone=False,
        )


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_builtin_routine_finds_all_its_buffers(path: Path) -> None:
    """With the breath tone on, every segment of every built-in routine has its layers ready."""
    routine = load_routine_file(path)
    timeline = compile_routine(routine)
    bank = CueBank.build(timeline, volume=routine.sound.volume, breath_tone=True)
    for segment in timeline.segments:
        layers = bank.layers(segment)
        assert len(layers) >= len(segment.cues) >= 1
        assert all(len(layer.pcm) > 0 for layer in layers)
    assert bank.nbytes > 0
