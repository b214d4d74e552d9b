"""A routine's own WAV cue, read into the bank's format: mono, 44.1 kHz, 16-bit, no clicks."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from app.audio.synth import RATE, Samples, to_pcm16

_FADE_S = 0.004


def read_cue_wav(path: Path, volume: float) -> bytes:
    """The cue in *path* as 16-bit mono PCM at ``RATE``, scaled by *volume* (0..1).

    The loader has already checked the file (16-bit PCM, mono or stereo, short); stereo is
    mixed down, other rates are resampled linearly, and a few milliseconds of fade at each end
    keep a file that starts or stops abruptly from clicking.
    """
    with wave.open(str(path), "rb") as source:
        channels, rate = source.getnchannels(), source.getframerate()
        raw = source.readframes(source.getnframes())
    data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels == 2:
        data = data[: data.size // 2 * 2].reshape(-1, 2).mean(axis=1)
    if rate != RATE and data.size > 1:
        length = round(data.size * RATE / rate)
        positions = np.linspace(0, data.size - 1, length)
        data = np.interp(positions, np.arange(data.size), data).astype(np.float32)
    samples: Samples = (data * np.float32(volume)).astype(np.float32)
    fade = min(samples.size // 2, round(_FADE_S * RATE))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        samples[:fade] *= ramp
        samples[-fade:] *= ramp[::-1]
    return to_pcm16(np.clip(samples, -1.0, 1.0))
