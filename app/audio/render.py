"""A whole session's sound as one track, and a 16-bit mono WAV writer (``unbrace render-audio``).

The layout is the player's: a count-in of one click a second (``count_in_ms``, 3 s by default:
clicks at 0, 1 and 2 s), the first segment right after it, every segment's cues, drone and breath
tone at its start, and three bells when the last segment ends. Open segments last ``open_seconds``
(or their ``max`` when that is shorter). Every onset lands on sample ``round(ms * 44.1)``.
"""

from __future__ import annotations

import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from app.audio.cue_bank import CueBank, LayerName
from app.audio.speech_mix import PlacedSpeech, add_speech, speech_end
from app.audio.synth import RATE, samples_for_ms
from app.core.model import Sound
from app.core.player import COUNT_IN_MS
from app.core.timeline import Segment, Timeline

DEFAULT_COUNT_IN_MS = COUNT_IN_MS  # the track counts in as the player does
_BLOCK = 1 << 18  # samples mixed at a time (about 6 s): a long track never needs an int32 copy


@dataclass(frozen=True, slots=True)
class Onset:
    """One buffer placed on the track: what, where, and for which segment (None: count-in, end)."""

    at_ms: int
    sample: int
    name: LayerName
    segment: int | None


def segment_starts_ms(
    timeline: Timeline, open_seconds: float, count_in_ms: int = DEFAULT_COUNT_IN_MS
) -> tuple[tuple[int, ...], int]:
    """When each segment starts on the track, and when the last one ends (ms)."""
    if open_seconds < 0 or count_in_ms < 0:
        raise ValueError("open_seconds and count_in_ms cannot be negative")
    open_ms = round(open_seconds * 1000)
    starts: list[int] = []
    clock = count_in_ms
    for segment in timeline.segments:
        starts.append(clock)
        clock += _length_ms(segment, open_ms)
    return tuple(starts), clock


def track_onsets(
    timeline: Timeline,
    sound: CueBank | Sound,
    open_seconds: float,
    *,
    count_in_ms: int = DEFAULT_COUNT_IN_MS,
) -> tuple[Onset, ...]:
    """Every buffer :func:`render_track` places, in order."""
    bank = _bank(timeline, sound)
    return tuple(onset for onset, _ in _placements(timeline, bank, open_seconds, count_in_ms))


def render_track(
    timeline: Timeline,
    sound: CueBank | Sound,
    open_seconds: float,
    *,
    count_in_ms: int = DEFAULT_COUNT_IN_MS,
    speech: Sequence[PlacedSpeech] = (),
) -> NDArray[np.int16]:
    """The session's whole sound: the sum of every placed buffer (and *speech*, placed with
    :func:`app.audio.speech_mix.place_speech`), saturated to int16."""
    bank = _bank(timeline, sound)
    placed = [
        (onset.sample, np.frombuffer(pcm, dtype="<i2"))
        for onset, pcm in _placements(timeline, bank, open_seconds, count_in_ms)
    ]
    length = max((start + samples.size for start, samples in placed), default=0)
    length = max(length, speech_end(speech))
    track = np.zeros(length, dtype=np.int16)
    for low in range(0, length, _BLOCK):
        high = min(low + _BLOCK, length)
        block = np.zeros(high - low, dtype=np.int32)
        for start, samples in placed:  # in order of start
            if start >= high:
                break
            stop = start + samples.size
            if stop > low:
                block[max(start, low) - low : min(stop, high) - low] += samples[
                    max(low - start, 0) : min(high, stop) - start
                ]
        add_speech(block, low, speech)
        track[low:high] = np.clip(block, -32768, 32767)
    return track


def write_wav(path: Path, samples: NDArray[np.int16]) -> None:
    """Write 16-bit mono PCM at 44.1 kHz."""
    with path.open("wb") as stream, wave.open(stream, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.astype("<i2").tobytes())


def _bank(timeline: Timeline, sound: CueBank | Sound) -> CueBank:
    if isinstance(sound, CueBank):
        return sound
    return CueBank.build(
        timeline, volume=sound.volume, breath_tone=sound.breath_tone, cue_files=sound.cues
    )


def _length_ms(segment: Segment, open_ms: int) -> int:
    if segment.duration_ms is not None:
        return segment.duration_ms
    return open_ms if segment.max_ms is None else min(open_ms, segment.max_ms)


def _placements(
    timeline: Timeline, bank: CueBank, open_seconds: float, count_in_ms: int
) -> Iterator[tuple[Onset, bytes]]:
    starts, end_ms = segment_starts_ms(timeline, open_seconds, count_in_ms)
    for at_ms in range(0, count_in_ms, 1000):
        yield Onset(at_ms, samples_for_ms(at_ms), "count", None), bank.cue("count")
    for segment, at_ms in zip(timeline.segments, starts, strict=True):
        for layer in bank.layers(segment):
            yield Onset(at_ms, samples_for_ms(at_ms), layer.name, segment.index), layer.pcm
    yield Onset(end_ms, samples_for_ms(end_ms), "end", None), bank.cue("end")
