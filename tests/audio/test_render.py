"""Rendering a session: every sound at its sample, heard where the analysis of the WAV finds it."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from app.audio.cue_bank import CueBank
from app.audio.render import (
    DEFAULT_COUNT_IN_MS,
    render_track,
    segment_starts_ms,
    track_onsets,
    write_wav,
)
from app.audio.synth import RATE, samples_for_ms
from app.audio.voices import CUE_NAMES
from app.core.routine.model import Sound
from tests.audio.conftest import GAPPED_ROUTINE, timeline_of

SAMPLES_PER_MS = RATE / 1000
OPEN_SECONDS = 4.0


def read_wav(path: Path) -> NDArray[np.int16]:
    with wave.open(str(path), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (1, 2, RATE)
        return np.frombuffer(source.readframes(source.getnframes()), dtype="<i2")


def detect_onsets(samples: NDArray[np.int16], floor: int = 60, ratio: float = 3.0) -> list[int]:
    """Sample indexes where the sound starts or swells again: the peak level of a 32-sample frame
    jumps above ``ratio`` times the loudest frame 3 to 40 frames (about 2 to 29 ms) before it.
    The onset is the first sample of the rise that rises above that earlier level."""
    frame, near, far = 32, 3, 40
    padded = np.concatenate(
        [np.zeros(far * frame, dtype=np.int32), np.abs(samples.astype(np.int32))]
    )
    frames = padded.size // frame
    peaks = padded[: frames * frame].reshape(frames, frame).max(axis=1)
    onsets: list[int] = []
    for i in range(far, frames):
        before = int(peaks[i - far : i - near].max())
        refractory = onsets and (i - far) * frame - onsets[-1] < 100 * SAMPLES_PER_MS
        if peaks[i] > floor and peaks[i] > ratio * before and not refractory:
            low = (i - near) * frame
            rise = padded[low : (i + 1) * frame] > max(before, 8)
            onsets.append(low + int(np.argmax(rise)) - far * frame)
    return onsets


def test_the_layout_is_a_count_in_then_the_segments_then_three_bells() -> None:
    """Clicks at 0, 1 and 2 s; the first segment at 3 s; open segments last open_seconds (or their
    max when shorter); the end bells when the last segment ends."""
    timeline = timeline_of(GAPPED_ROUTINE)
    bank = CueBank.build(timeline, volume=0.8, breath_tone=False)
    onsets = track_onsets(timeline, bank, 9.0)
    counts = [o.at_ms for o in onsets if o.name == "count"]
    assert counts == [0, 1000, 2000]
    assert DEFAULT_COUNT_IN_MS == 3000
    starts, end_ms = segment_starts_ms(timeline, 9.0)
    assert starts[0] == 3000
    hold = next(s for s in timeline.segments if s.is_open)
    assert hold.max_ms == 5000
    assert starts[hold.index + 1] - starts[hold.index] == 5000  # capped at its max
    assert segment_starts_ms(timeline, 2.0)[0][hold.index + 1] - starts[hold.index] == 2000
    fixed = sum(s.duration_ms or 0 for s in timeline.segments)
    assert end_ms == 3000 + fixed + 5000
    assert [(o.at_ms, o.name) for o in onsets if o.segment is None][-1] == (end_ms, "end")
    for onset in onsets:
        assert onset.sample == samples_for_ms(onset.at_ms)
        if onset.segment is not None:
            assert onset.at_ms == starts[onset.segment]


def test_the_count_in_length_is_a_parameter() -> None:
    timeline = timeline_of(GAPPED_ROUTINE)
    bank = CueBank.build(timeline, volume=0.8, breath_tone=False)
    none = track_onsets(timeline, bank, 1.0, count_in_ms=0)
    assert none[0].name == "bell" and none[0].at_ms == 0
    two = track_onsets(timeline, bank, 1.0, count_in_ms=2000)
    assert [o.at_ms for o in two if o.name == "count"] == [0, 1000]
    assert two[2].at_ms == 2000 and two[2].segment == 0
    with pytest.raises(ValueError, match="negative"):
        track_onsets(timeline, bank, -1.0)


def test_every_cue_is_heard_within_5_ms_of_its_boundary(tmp_path: Path) -> None:
    """Rendered to WAV and analysed: each count-in click, segment cue (drone included) and end bell
    begins within 5 ms of where the timeline puts it, and nothing else starts."""
    timeline = timeline_of(GAPPED_ROUTINE)
    bank = CueBank.build(timeline, volume=0.8, breath_tone=False)
    path = tmp_path / "session.wav"
    write_wav(path, render_track(timeline, bank, OPEN_SECONDS))
    heard = detect_onsets(read_wav(path))

    onsets = track_onsets(timeline, bank, OPEN_SECONDS)
    end = next(o for o in onsets if o.name == "end")
    bells = [end.at_ms + round(k * 1200) for k in (1, 2)]  # the 2nd and 3rd end bell
    expected = sorted({o.at_ms for o in onsets} | set(bells))
    assert {"count", "bell", "inhale", "exhale", "hold", "tick", "drone", "end"} <= {
        o.name for o in onsets
    }
    assert len(heard) == len(expected), (heard, expected)
    for at_ms, sample in zip(expected, heard, strict=True):
        assert abs(sample / SAMPLES_PER_MS - at_ms) <= 5, (at_ms, sample / SAMPLES_PER_MS)


def test_the_breath_tone_lies_under_each_breath_phase_exactly() -> None:
    """With the breath tone on, the track differs from the one without by each phase's tone buffer,
    starting on the phase's first sample and ending at zero on the next phase's."""
    timeline = timeline_of(
        """
        name: Tone
        summary: Breath tone placement.
        steps:
          - breathe: {pattern: {inhale: 2.3, hold_in: 1, exhale: 3.1, hold_out: 0.7}, cycles: 2}
          - hold: {label: Hold}
          - breathe: {pattern: {inhale: 1.5, exhale: 2}, cycles: 1}
        """
    )
    with_tone = CueBank.build(timeline, volume=0.5, breath_tone=True)
    without = CueBank.build(timeline, volume=0.5, breath_tone=False)
    difference = render_track(timeline, with_tone, 1.5).astype(np.int32)
    difference -= render_track(timeline, without, 1.5)
    expected = np.zeros_like(difference)
    starts, _ = segment_starts_ms(timeline, 1.5)
    breathing = [s for s in timeline.segments if s.kind == "breathe"]
    for segment in breathing:
        tone = with_tone.breath_tone(segment)
        assert tone is not None
        start = samples_for_ms(starts[segment.index])
        samples = np.frombuffer(tone, "<i2")
        assert samples.size == samples_for_ms(segment.duration_ms or 0)
        expected[start : start + samples.size] += samples
    assert np.array_equal(difference, expected)
    tone_onsets = [o for o in track_onsets(timeline, with_tone, 1.5) if o.name == "breath"]
    assert [o.segment for o in tone_onsets] == [s.index for s in breathing]


def test_the_track_is_the_saturated_sum_of_its_buffers() -> None:
    """Loud buffers that overlap clip at the int16 limits instead of wrapping round; a long track
    (mixed block by block) equals the sum done at once."""
    timeline = timeline_of(GAPPED_ROUTINE)
    loud = np.full(3 * RATE, 20_000, dtype="<i2").tobytes()
    cues = dict.fromkeys(CUE_NAMES, loud)
    bank = CueBank(cues, {(220.0, 4000): loud}, {}, volume=1.0, breath_tone=False)
    track = render_track(timeline, bank, OPEN_SECONDS)
    total = np.zeros(track.size, dtype=np.int64)
    for onset in track_onsets(timeline, bank, OPEN_SECONDS):
        total[onset.sample : onset.sample + 3 * RATE] += 20_000
    assert np.array_equal(track, np.clip(total, -32_768, 32_767))
    assert track.max() == 32_767


def test_a_sound_setting_renders_like_a_bank_built_from_it() -> None:
    timeline = timeline_of(GAPPED_ROUTINE)
    sound = Sound(breath_tone=True, volume=0.4)
    bank = CueBank.build(timeline, volume=0.4, breath_tone=True)
    assert np.array_equal(render_track(timeline, sound, 1.0), render_track(timeline, bank, 1.0))


def test_write_wav_round_trips(tmp_path: Path) -> None:
    samples = np.array([0, 1, -1, 32_767, -32_768, 0], dtype=np.int16)
    write_wav(tmp_path / "x.wav", samples)
    assert np.array_equal(read_wav(tmp_path / "x.wav"), samples)


def test_the_drone_ducks_under_the_voice_in_the_track_and_the_cues_do_not() -> None:
    """As in a session, the drone drops to DUCK_GAIN while a voice speaks (here a silent one, so
    what is heard is the drone alone), and comes back after; a cue under the voice keeps its
    level."""
    from app.audio.speech_mix import DUCK_GAIN

    timeline = timeline_of(
        """\
        name: Hum
        summary: A drone.
        steps:
          - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2, drone: 220}
        """
    )
    sound = Sound()
    start = samples_for_ms(DEFAULT_COUNT_IN_MS + 5_000)  # from 1 s into the first exhale...
    silent_voice = np.zeros(samples_for_ms(2_000), dtype=np.int16)  # ...for 2 s
    plain = render_track(timeline, sound, 0).astype(np.float64)
    spoken = render_track(timeline, sound, 0, speech=[(start, silent_voice)]).astype(np.float64)
    window = slice(start + samples_for_ms(100), start + samples_for_ms(1_900))
    ratio = np.sqrt(np.mean(spoken[window] ** 2) / np.mean(plain[window] ** 2))
    assert ratio == pytest.approx(DUCK_GAIN, abs=0.02)
    after = slice(start + samples_for_ms(2_200), start + samples_for_ms(2_900))
    assert np.array_equal(spoken[after], plain[after])  # back to full after the voice
    cues_only = timeline_of(
        """\
        name: Breathe
        summary: Cues only.
        steps:
          - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2}
        """
    )
    over_a_cue = samples_for_ms(DEFAULT_COUNT_IN_MS + 3_900)  # the exhale cue sounds at 4 s
    assert np.array_equal(
        render_track(cues_only, sound, 0, speech=[(over_a_cue, silent_voice)]),
        render_track(cues_only, sound, 0),
    )  # a cue under the voice keeps its level
