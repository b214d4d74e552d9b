"""A routine's own WAV cue, read into the bank's format: mono, 44.1 kHz, 16-bit, no clicks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.audio.synth import RATE, Samples, to_pcm16
from app.core.routine.problems import Problem
from app.core.routine.sound_files import CUE_LIMITS, SoundFileError, SoundLimits, read_cue_frames

_FADE_S = 0.004


class CueUnreadable(ValueError):
    """A routine's own cue file that cannot be played, whatever the reason; the message is one
    line for the user and names the file."""

    def __init__(self, cue: str, path: Path, reason: str) -> None:
        super().__init__(f"{path}: sound.cues.{cue}: {reason}")
        self.cue = cue
        self.path = path
        self.reason = reason

    def problem(self) -> Problem:
        """The same, as a problem of the cue file (``unbrace render-audio`` prints it)."""
        return Problem(str(self.path), 1, 1, f"sound.cues.{self.cue}", self.reason)


def read_routine_cue(cue: str, path: Path, volume: float) -> bytes:
    """:func:`read_cue_wav`, with any failure at all turned into ``CueUnreadable``: a file the
    user can put on disk is the routine's problem, never the app's."""
    try:
        return read_cue_wav(path, volume)
    except SoundFileError as error:
        raise CueUnreadable(cue, path, str(error)) from None
    except Exception as error:  # any file, any failure: the routine's problem
        reason = f"cannot be played ({type(error).__name__}: {error})"
        raise CueUnreadable(cue, path, reason) from None


def read_cue_wav(path: Path, volume: float, limits: SoundLimits = CUE_LIMITS) -> bytes:
    """The cue in *path* as 16-bit mono PCM at ``RATE``, scaled by *volume* (0..1).

    The file is read and checked as the loader checks it (``read_cue_frames``; it may have
    changed since); stereo is mixed down, other rates are resampled linearly, and a few
    milliseconds of fade at each end keep a file that starts or stops abruptly from clicking.
    Raises ``SoundFileError``.
    """
    frames = read_cue_frames(path, limits=limits)
    channels, rate = frames.channels, frames.rate
    data = np.frombuffer(frames.pcm, dtype="<i2").astype(np.float32) / 32768.0
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
