"""Pure numpy synthesis of every sound Unbrace makes: 44.1 kHz mono float32 in [-1, 1].

Each function returns a new buffer that starts and ends at exactly zero (no clicks) and whose peak
is at or below the ``level`` asked. Nothing here keeps state: the same arguments always give the
same samples (the breath tone's noise comes from a seeded generator).

Long buffers are the costly ones, so the breath tone — the only sound whose length grows with the
session — is synthesised at a quarter of the rate (its content lies well below 2 kHz), brought up to
44.1 kHz by linear interpolation; everything runs in float32 with phases wrapped to one cycle.
"""

from __future__ import annotations

import math
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

RATE: Final = 44_100
Samples = NDArray[np.float32]
BreathPhase = Literal["inhale", "hold_in", "exhale", "hold_out"]

#: The singing bowl's inharmonic partials: ratio to the fundamental, loudness, decay (s), beat (Hz).
BELL_PARTIALS: Final = (
    (1.0, 1.0, 1.10, 0.7),
    (2.76, 0.55, 0.65, 1.3),
    (5.4, 0.30, 0.38, 2.1),
    (8.9, 0.15, 0.22, 3.0),
)
BELL_HZ: Final = 330.0
END_BELL_SPACING_S: Final = 1.2

#: The breath tone glides between these pitches: low at empty lungs, high at full.
BREATH_LOW_HZ: Final = 174.0
BREATH_HIGH_HZ: Final = 233.0
_BREATH_DOWN: Final = 4  # the breath tone is synthesised at RATE / 4
_BREATH_EDGE_S: Final = 0.025
_HARMONIC: Final = 0.25  # the breath tone's second harmonic
_BREATH_NOISE: Final = 0.6  # how much breath noise rides on inhales and exhales
_NOISE_LOOP: Final = 1 << 15  # 3 s at RATE / 4: long enough not to be heard looping


def samples_for_ms(ms: int) -> int:
    """The sample index of a time in milliseconds: ``round(ms * 44.1)``, halves rounded up."""
    return (ms * 441 + 5) // 10


def to_pcm16(samples: Samples) -> bytes:
    """Float samples in [-1, 1] as 16-bit little-endian PCM (zero stays exactly zero)."""
    return (samples * np.float32(32767)).astype("<i2").tobytes()


# ------------------------------------------------------------------------------------- helpers


def _limit(level: float) -> np.float32:
    """``level`` as float32, never above the float64 value asked."""
    limit = np.float32(level)
    if float(limit) > level:
        limit = np.nextafter(limit, np.float32(0))
    return limit


def _fit(samples: Samples, level: float) -> Samples:
    """Scale so that the peak is exactly ``level`` (or all zeros when level or samples are 0)."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    if peak == 0.0 or level <= 0.0:
        return np.zeros_like(samples)
    scaled = samples * np.float32(level / peak)
    limit = _limit(level)
    return np.clip(scaled, -limit, limit, out=scaled)


def _taper(samples: Samples, attack: int, release: int) -> Samples:
    """Fade both ends in place with sin² ramps: the first and the last sample become 0."""
    n = samples.size
    if n == 0:
        return samples
    attack = max(1, min(attack, n // 2))
    release = max(1, min(release, n - attack))
    up = np.arange(attack, dtype=np.float32) / np.float32(attack)
    samples[:attack] *= np.sin(np.float32(math.pi / 2) * up) ** 2
    down = np.arange(release - 1, -1, -1, dtype=np.float32) / np.float32(release)
    samples[n - release :] *= np.sin(np.float32(math.pi / 2) * down) ** 2
    return samples


def _seconds(n: int, rate: float = RATE) -> Samples:
    return np.arange(n, dtype=np.float32) / np.float32(rate)


def _sine(cycles: NDArray[np.float64] | Samples) -> Samples:
    """sin(2π·cycles), computed in float32 on the fractional part (exact for long buffers)."""
    fraction = (cycles - np.floor(cycles)).astype(np.float32)
    angle: Samples = np.float32(2 * math.pi) * fraction
    return np.sin(angle)


def _glide(start_hz: float, end_hz: float, seconds: float, level: float) -> Samples:
    """A soft tone gliding exponentially in pitch, with a smooth swell and fade."""
    n = round(seconds * RATE)
    t = np.arange(n, dtype=np.float64) / RATE
    ratio = end_hz / start_hz
    cycles = start_hz * seconds / math.log(ratio) * (ratio ** (t / seconds) - 1.0)
    tone = (
        _sine(cycles) + np.float32(0.18) * _sine(2 * cycles) + np.float32(0.05) * _sine(3 * cycles)
    )
    return _fit(_taper(tone, round(0.03 * RATE), round(0.6 * n)), level)


# ---------------------------------------------------------------------------------------- cues


def rising_tone(level: float, seconds: float = 0.35) -> Samples:
    """The inhale cue: a soft tone gliding up a fourth (G4 → C5)."""
    return _glide(392.0, 523.25, seconds, level)


def falling_tone(level: float, seconds: float = 0.45) -> Samples:
    """The exhale cue: a soft tone gliding down a fourth (C5 → G4)."""
    return _glide(523.25, 392.0, seconds, level)


def tick(level: float, hz: float = 1320.0, seconds: float = 0.04) -> Samples:
    """A quiet tick for holds and repetition phases: a short sine ping with a fast decay."""
    n = round(seconds * RATE)
    t = _seconds(n)
    ping = np.sin(np.float32(2 * math.pi * hz) * t) * np.exp(-t / np.float32(0.009))
    return _fit(_taper(ping, round(0.0015 * RATE), round(0.008 * RATE)), level)


def count_click(level: float, seconds: float = 0.05) -> Samples:
    """The count-in click: a woody knock of two partials, drier than the tick."""
    n = round(seconds * RATE)
    t = _seconds(n)
    two_pi = np.float32(2 * math.pi)
    knock = np.sin(two_pi * 1000 * t) + np.float32(0.6) * np.sin(two_pi * 2350 * t)
    knock *= np.exp(-t / np.float32(0.007))
    return _fit(_taper(knock, round(0.001 * RATE), round(0.01 * RATE)), level)


def bell(level: float, hz: float = BELL_HZ, seconds: float = 3.0) -> Samples:
    """A singing bowl: inharmonic partials, each a slowly beating pair with its own decay."""
    n = round(seconds * RATE)
    t = np.arange(n, dtype=np.float64) / RATE
    t32 = t.astype(np.float32)
    total = np.zeros(n, dtype=np.float32)
    for ratio, loudness, decay, beat in BELL_PARTIALS:
        # Two sines ``beat`` Hz apart: a sine at their mean under a slow cosine envelope.
        carrier = _sine((hz * ratio + beat / 2) * t)
        swing = np.cos(np.float32(math.pi * beat) * t32)
        envelope = np.exp(t32 / np.float32(-decay)) * np.float32(loudness)
        total += carrier * envelope * (np.float32(0.6) + np.float32(0.4) * swing * swing)
    return _fit(_taper(total, round(0.004 * RATE), round(0.35 * RATE)), level)


def end_bells(level: float, count: int = 3, spacing_s: float = END_BELL_SPACING_S) -> Samples:
    """The end of a session: ``count`` bells ``spacing_s`` apart, mixed."""
    one = bell(1.0)
    step = round(spacing_s * RATE)
    mixed = np.zeros(step * (count - 1) + one.size, dtype=np.float32)
    for k in range(count):
        mixed[k * step : k * step + one.size] += one
    return _fit(mixed, level)


def drone(hz: float, duration_ms: int, level: float) -> Samples:
    """A warm reference tone for humming: a few soft harmonics, faded in and out."""
    n = samples_for_ms(duration_ms)
    cycles = np.arange(n, dtype=np.float64) * (hz / RATE)
    angle = np.float32(2 * math.pi) * (cycles - np.floor(cycles)).astype(np.float32)
    harmonics = [(1, 1.0), (2, 0.45), (3, 0.22), (4, 0.1)]
    audible = [(k, a) for k, a in harmonics if k * hz < 0.45 * RATE]
    tone = np.zeros(n, dtype=np.float32)
    for k, loudness in audible:
        tone += np.float32(loudness) * np.sin(np.float32(k) * angle)
    fade = round(0.3 * RATE)
    bound = sum(a for _, a in audible) * (1 + 1e-5)
    _taper(tone, fade, fade)
    tone *= np.float32(level / bound)
    return np.clip(tone, -_limit(level), _limit(level), out=tone)


# --------------------------------------------------------------------------------- breath tone


def noise_loop(seed: int = 20_240_611) -> Samples:
    """Band-limited breath noise at RATE / 4 that loops seamlessly, peak 1.

    Filtering in the frequency domain is circular, so the loop's end joins its start.
    """
    rate = RATE / _BREATH_DOWN
    white = np.random.default_rng(seed).standard_normal(_NOISE_LOOP)
    spectrum = np.fft.rfft(white)
    hz = np.fft.rfftfreq(_NOISE_LOOP, 1 / rate)
    octaves = np.log2(np.maximum(hz, 1.0) / 500.0)
    spectrum *= np.exp(-0.5 * (octaves / 0.8) ** 2) * (hz > 60)
    shaped = np.fft.irfft(spectrum, _NOISE_LOOP)
    loop: Samples = (shaped / np.max(np.abs(shaped))).astype(np.float32)
    return loop


def breath_tone(
    phase: BreathPhase, duration_ms: int, level: float, noise: Samples | None = None
) -> Samples:
    """The eyes-closed pacer for one breath phase: it swells and rises in pitch over an inhale,
    sinks over an exhale, and rests quieter, without breath noise, on holds.

    ``noise`` is a loop from :func:`noise_loop`; pass one to share it between calls.
    """
    coarse, n = _breath_coarse(phase, duration_ms, level, noise)
    fine: Samples = _upsample(coarse, n, np.dtype(np.float32))
    return fine


def breath_tone_pcm16(
    phase: BreathPhase, duration_ms: int, level: float, noise: Samples | None = None
) -> bytes:
    """:func:`breath_tone` as 16-bit PCM, converted while upsampling (the bank's hot path).

    It may differ from ``to_pcm16(breath_tone(...))`` by one step of rounding.
    """
    coarse, n = _breath_coarse(phase, duration_ms, level, noise)
    coarse *= np.float32(32767)
    return _upsample(coarse, n, np.dtype("<i2")).tobytes()


def _breath_coarse(
    phase: BreathPhase, duration_ms: int, level: float, noise: Samples | None
) -> tuple[Samples, int]:
    """The breath tone at RATE / 4, and how many samples it makes at RATE."""
    n = samples_for_ms(duration_ms)
    down = _BREATH_DOWN
    # The coarse grid's last point lies at or past the last sample and stays 0, and so does the
    # point before it (the taper ends there): the interpolated buffer ends at exactly 0.
    m = (n - 1 + down - 1) // down + 1
    inner = max(m - 1, 1)
    seconds = duration_ms / 1000
    noisy = phase in ("inhale", "exhale")
    scale = level / ((1 + _HARMONIC + (_BREATH_NOISE if noisy else 0.0)) * (1 + 1e-5))
    loudness: Samples | np.float32
    if phase in ("inhale", "exhale"):
        # Inner points lie before the end, so u < 1. Pitch follows a smoothstep from one end of
        # the glide to the other; its cycles are the integral, u³ - u⁴/2, in Horner form.
        u = np.arange(inner, dtype=np.float64) * (down / RATE / seconds)
        spread = seconds * (BREATH_HIGH_HZ - BREATH_LOW_HZ)
        start, sign = (BREATH_LOW_HZ, 1.0) if phase == "inhale" else (BREATH_HIGH_HZ, -1.0)
        u2 = u * u
        cycles = u * (seconds * start + u2 * (sign * spread - (sign * spread / 2) * u))
        u32 = u.astype(np.float32)
        swell = u32 * u32 * (np.float32(3) - np.float32(2) * u32)  # smoothstep
        low, rise = (0.35, 0.65) if phase == "inhale" else (1.0, -0.65)
        loudness = np.float32(low * scale) + np.float32(rise * scale) * swell
    else:
        hz = BREATH_HIGH_HZ if phase == "hold_in" else BREATH_LOW_HZ
        cycles = np.arange(inner, dtype=np.float64) * (hz * down / RATE)
        loudness = np.float32((0.3 if phase == "hold_in" else 0.2) * scale)
    angle = np.float32(2 * math.pi) * (cycles - np.floor(cycles)).astype(np.float32)
    tone = np.sin(angle)
    tone += np.float32(_HARMONIC) * np.sin(np.float32(2) * angle)
    if noisy:
        loop = (noise if noise is not None else noise_loop()) * np.float32(_BREATH_NOISE)
        for offset in range(0, inner, loop.size):
            chunk = tone[offset : offset + loop.size]
            chunk += loop[: chunk.size]
    tone *= loudness
    edge = round(_BREATH_EDGE_S * RATE / down)
    coarse = np.zeros(m, dtype=np.float32)
    coarse[:inner] = _taper(tone, edge, edge)
    return coarse, n


def _upsample(coarse: Samples, n: int, dtype: np.dtype[Any]) -> NDArray[Any]:
    """Linear interpolation from RATE / 4 to RATE, cut to ``n`` samples, stored as ``dtype``
    (an integer type truncates). It never goes beyond the coarse peak."""
    factor = _BREATH_DOWN
    fine = np.zeros((max(coarse.size - 1, -(-n // factor)), factor), dtype=dtype)
    if coarse.size < 2:
        return fine.ravel()[:n]
    steps = np.diff(coarse)
    # One strided column per offset: much faster than broadcasting over a short inner axis.
    for k in range(factor):
        fine[: steps.size, k] = coarse[:-1] + steps * np.float32(k / factor)
    return fine.ravel()[:n]
