"""Speech placed among the cues: delayed after a step's bell, over a ducked drone and breath tone.

``add_speech`` is the one step ``render-audio`` takes to add the voice: given the speech placed
on the track (start sample, samples), it adds what falls inside one block of the track.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from app.audio.speech import SessionSpeech
from app.audio.synth import samples_for_ms

#: The drone and the breath tone drop to this gain while the voice speaks over them.
DUCK_GAIN: Final = 0.35
_DUCK_RAMP_MS: Final = 60

PlacedSpeech = tuple[int, NDArray[np.int16]]  # (first sample on the track, samples)


def delayed(pcm: bytes, delay_ms: int) -> bytes:
    """*pcm* after *delay_ms* of silence."""
    return bytes(2 * samples_for_ms(delay_ms)) + pcm


def ducked(pcm: bytes, start: int, stop: int) -> bytes:
    """*pcm* with samples ``start:stop`` brought down to ``DUCK_GAIN``, with short ramps."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    start, stop = max(0, start), min(samples.size, stop)
    if start >= stop:
        return pcm
    gain = np.ones(samples.size, dtype=np.float32)
    gain[start:stop] = DUCK_GAIN
    ramp = min(samples_for_ms(_DUCK_RAMP_MS), start, samples.size - stop)
    if ramp:
        gain[start - ramp : start] = np.linspace(1.0, DUCK_GAIN, ramp, dtype=np.float32)
        gain[stop : stop + ramp] = np.linspace(DUCK_GAIN, 1.0, ramp, dtype=np.float32)
    out: bytes = np.rint(samples * gain).astype("<i2").tobytes()
    return out


def place_speech(speech: SessionSpeech, starts_ms: Sequence[int]) -> list[PlacedSpeech]:
    """Each buffer of *speech* on a track whose segments start at *starts_ms*, in order."""
    placed = [
        (
            samples_for_ms(starts_ms[u.segment] + u.delay_ms),
            np.frombuffer(speech.buffers[u.segment], dtype="<i2"),
        )
        for u in speech.plan
        if u.segment in speech.buffers
    ]
    return sorted(placed, key=lambda item: item[0])


def add_speech(block: NDArray[np.int32], block_start: int, placed: Sequence[PlacedSpeech]) -> None:
    """Add into *block* (the track's samples from *block_start*) the speech that overlaps it."""
    block_stop = block_start + block.size
    for start, samples in placed:
        stop = start + samples.size
        if start >= block_stop:
            break
        if stop > block_start:
            low, high = max(start, block_start), min(stop, block_stop)
            block[low - block_start : high - block_start] += samples[low - start : high - start]


def duck_gain(
    block_start: int, size: int, placed: Sequence[PlacedSpeech]
) -> NDArray[np.float32] | None:
    """The gain of the drone and breath tone over *size* samples from *block_start*:
    ``DUCK_GAIN`` while a voice speaks, with the same short ramps as in a session; None when no
    voice comes near the block."""
    ramp = samples_for_ms(_DUCK_RAMP_MS)
    block_stop = block_start + size
    gain: NDArray[np.float32] | None = None
    for start, samples in placed:
        stop = start + samples.size
        if start - ramp >= block_stop:
            break
        if stop + ramp <= block_start:
            continue
        if gain is None:
            gain = np.ones(size, dtype=np.float32)
        envelope = np.interp(
            np.arange(block_start, block_stop, dtype=np.float64),
            [start - ramp, start, stop, stop + ramp],
            [1.0, DUCK_GAIN, DUCK_GAIN, 1.0],
        ).astype(np.float32)
        np.minimum(gain, envelope, out=gain)
    return gain


def speech_end(placed: Sequence[PlacedSpeech]) -> int:
    """The sample after the last speech ends (0 without speech)."""
    return max((start + samples.size for start, samples in placed), default=0)
