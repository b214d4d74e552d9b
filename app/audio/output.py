"""Where cue buffers go: the sound device through simpleaudio, or nowhere (with the reason why).

``open_output`` is the one place that decides: it imports simpleaudio lazily, probes the device once
with a few milliseconds of silence, and falls back to a :class:`SilentOutput` that says what is
missing. A device that fails mid-session turns the output silent too; playing never raises.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import time
from dataclasses import dataclass
from typing import Final, Protocol, cast

import numpy as np
from numpy.typing import NDArray

from app.audio.synth import RATE
from app.core.session.clock import NS_PER_S, Clock

PROBE_MS = 5
_PROBE_TIMEOUT_S = 0.25


class AudioOutput(Protocol):
    """Plays 16-bit mono PCM at 44.1 kHz; ``problem`` says why there is no sound, if so."""

    @property
    def problem(self) -> str | None: ...

    def play(self, pcm: bytes) -> None: ...

    def stop_all(self) -> None: ...

    def set_volume(self, volume: float) -> None:
        """The master gain (0..1) for what is played from now on."""


class PlayObject(Protocol):
    def stop(self) -> None: ...

    def wait_done(self) -> None: ...

    def is_playing(self) -> bool: ...


class SimpleaudioModule(Protocol):
    """The part of the ``simpleaudio`` module this output uses."""

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> PlayObject: ...

    def stop_all(self) -> None: ...


class SilentOutput:
    """Plays nothing; ``problem`` tells the user why (None when silence was asked for)."""

    def __init__(self, problem: str | None = None) -> None:
        self._problem = problem

    @property
    def problem(self) -> str | None:
        return self._problem

    def play(self, pcm: bytes) -> None:
        del pcm

    def stop_all(self) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        del volume

    def wait_done(self) -> None:
        pass


@dataclass(frozen=True, slots=True)
class _Playing:
    samples: NDArray[np.int16]
    started_ns: int
    handle: PlayObject


def mix_pcm(first: NDArray[np.int16], second: NDArray[np.int16]) -> NDArray[np.int16]:
    """The sum of two int16 buffers, as long as the longer, saturated to the int16 range.

    Only the overlap is added up; the rest of the longer one is copied (this runs as a cue
    starts)."""
    longer, shorter = (first, second) if first.size >= second.size else (second, first)
    mixed = longer.copy()
    overlap = longer[: shorter.size].astype(np.int32)
    overlap += shorter
    mixed[: shorter.size] = np.clip(overlap, -32768, 32767)
    return mixed


#: Samples scaled at a time: the float scratch stays small, so a cue starting allocates only
#: its result (large temporary arrays grew the heap over a long session: ``bench/session.py``).
_SCALE_CHUNK = 16_384


def scale_pcm(samples: NDArray[np.int16], volume: float) -> NDArray[np.int16]:
    """Samples times ``volume`` (0..1), rounded."""
    if volume >= 1.0:
        return samples
    gain = np.float32(volume)
    scaled = np.empty_like(samples)
    scratch = np.empty(min(samples.size, _SCALE_CHUNK), dtype=np.float32)
    for start in range(0, samples.size, _SCALE_CHUNK):
        part = samples[start : start + _SCALE_CHUNK]
        products = scratch[: part.size]
        np.multiply(part, gain, out=products)
        np.rint(products, out=products)
        scaled[start : start + part.size] = products
    return scaled


class SimpleaudioOutput:
    """Plays through simpleaudio, mixing a new cue into whatever is still sounding.

    simpleaudio opens the device afresh for every buffer, and without a software mixer a second
    buffer cannot sound beside the first. So one buffer plays at a time: when a cue starts while
    another still sounds, the rest of the current buffer (how much has played is read from
    ``clock``) is mixed with the new cue, the old play is stopped and the mixed buffer takes over.
    """

    def __init__(self, clock: Clock, volume: float = 1.0) -> None:
        if not 0.0 <= volume <= 1.0:
            raise ValueError(f"volume is between 0 and 1, not {volume}")
        self._backend = cast(SimpleaudioModule, importlib.import_module("simpleaudio"))
        self._clock = clock
        self._volume = volume
        self._current: _Playing | None = None
        self._problem: str | None = None

    @property
    def problem(self) -> str | None:
        return self._problem

    def set_volume(self, volume: float) -> None:
        self._volume = min(1.0, max(0.0, volume))

    def play(self, pcm: bytes) -> None:
        if self._problem is not None:
            return
        now = self._clock()
        cue = scale_pcm(np.frombuffer(pcm, dtype="<i2"), self._volume)
        if cue.size == 0:
            return
        samples = self._with_rest_of_current(cue, now)
        try:
            if self._current is not None:
                self._current.handle.stop()
                self._current = None
            handle = self._backend.play_buffer(samples.tobytes(), 1, 2, RATE)
        except Exception as error:  # the C extension's SimpleaudioError, or anything else
            self._fail(error)
            return
        self._current = _Playing(samples, now, handle)

    def stop_all(self) -> None:
        self._current = None
        if self._problem is not None:
            return
        try:
            self._backend.stop_all()
        except Exception as error:
            self._fail(error)

    def wait_done(self) -> None:
        """Block until the current buffer has played (for tests and one-off sounds)."""
        if self._current is not None and self._problem is None:
            self._current.handle.wait_done()

    def _with_rest_of_current(self, cue: NDArray[np.int16], now: int) -> NDArray[np.int16]:
        if self._current is None:
            return cue
        played = (now - self._current.started_ns) * RATE // NS_PER_S
        rest = self._current.samples[max(played, 0) :]
        if rest.size == 0:
            return cue
        return mix_pcm(rest, cue)

    def _fail(self, error: Exception) -> None:
        self._current = None
        self._problem = f"sound stopped working: {_describe(error)}"


def _describe(error: BaseException) -> str:
    """simpleaudio's "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    as "the device could not be opened (No such file or directory)"."""
    text = str(error).strip()
    if " -- MSG: " in text:
        what, _, message = text.partition(" -- CODE: ")
        detail = message.partition(" -- MSG: ")[2].strip()
        what = what.rstrip(". ")
        what = what.replace("Error opening PCM device", "the device could not be opened")
        return f"{what} ({detail})" if detail else what
    return text or type(error).__name__


#: ALSA prints its own errors on stderr ("cannot find card '0'"...) when a device cannot be
#: opened; the output already says why in one sentence, so they are silenced. The callback
#: lives as long as the process, as libasound keeps its address.
_ALSA_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_SILENT_ALSA: Final = _ALSA_ERROR_HANDLER(lambda *_: None)


def quiet_alsa() -> None:
    """Keep libasound from printing its own error lines (where libasound is there)."""
    try:
        libasound = ctypes.CDLL(ctypes.util.find_library("asound") or "libasound.so.2")
        libasound.snd_lib_error_set_handler(_SILENT_ALSA)
    except (OSError, AttributeError):
        pass


def open_output(clock: Clock, volume: float = 1.0) -> AudioOutput:
    """The simpleaudio output if sound works here, else a silent one that says why."""
    quiet_alsa()
    try:
        backend = cast(SimpleaudioModule, importlib.import_module("simpleaudio"))
    except ImportError:
        return SilentOutput("simpleaudio is not installed")
    silence = bytes(2 * (RATE * PROBE_MS // 1000))
    try:
        probe = backend.play_buffer(silence, 1, 2, RATE)
        _wait_briefly(probe)
    except Exception as error:
        return SilentOutput(f"no sound device: {_describe(error)}")
    return SimpleaudioOutput(clock, volume)


def _wait_briefly(probe: PlayObject) -> None:
    """Let the probe finish (so it never overlaps the first cue), polling for a short while."""
    deadline = time.monotonic() + _PROBE_TIMEOUT_S
    while probe.is_playing():
        if time.monotonic() > deadline:
            probe.stop()
            return
        time.sleep(0.002)
