"""Synthesis: each buffer has its length, starts and ends at zero, and stays under its level."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

import tests.support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from app.audio import synth
from app.audio.synth import RATE, BreathPhase, Samples

CUE_SOUNDS: dict[str, tuple[Callable[[float], Samples], float]] = {
    "rising_tone": (synth.rising_tone, 0.35),
    "falling_tone": (synth.falling_tone, 0.45),
    "tick": (synth.tick, 0.04),
    "count_click": (synth.count_click, 0.05),
    "bell": (synth.bell, 3.0),
    "end_bells": (synth.end_bells, 2 * synth.END_BELL_SPACING_S + 3.0),
}
PHASES: tuple[BreathPhase, ...] = ("inhale", "hold_in", "exhale", "hold_out")


def zero_crossings(samples: Samples) -> int:
    return int(np.count_nonzero(np.diff(np.signbit(samples))))


def rms(samples: NDArray[np.floating]) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def peak_hz(samples: Samples, low: float, high: float) -> float:
    """The frequency of the strongest spectral line between ``low`` and ``high`` Hz."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    hz = np.fft.rfftfreq(samples.size, 1 / RATE)
    band = (hz >= low) & (hz <= high)
    return float(hz[band][np.argmax(spectrum[band])])


def assert_clean(samples: Samples, level: float) -> None:
    assert samples.dtype == np.float32
    assert samples[0] == 0.0
    assert samples[-1] == 0.0
    assert float(np.max(np.abs(samples))) <= level


@pytest.mark.parametrize("name", CUE_SOUNDS)
@pytest.mark.parametrize("level", [1.0, 0.8, 0.3, 0.0])
def test_cue_sounds_start_and_end_at_zero_and_peak_at_the_level(name: str, level: float) -> None:
    """Each cue lasts its length, starts and ends at exactly 0, and peaks at exactly the level."""
    make, seconds = CUE_SOUNDS[name]
    samples = make(level)
    assert samples.size == round(seconds * RATE)
    assert_clean(samples, level)
    assert float(np.max(np.abs(samples))) == pytest.approx(level, abs=1e-6)


@pytest.mark.parametrize("name", CUE_SOUNDS)
def test_cue_sounds_ramp_in_without_a_click(name: str) -> None:
    """The first millisecond rises gently from silence: no jump between neighbouring samples."""
    samples = CUE_SOUNDS[name][0](1.0)
    assert float(np.max(np.abs(np.diff(samples[:44])))) < 0.2


def test_rising_tone_rises_and_falling_tone_falls() -> None:
    """Zero crossings (pitch) are more frequent in the last third of the inhale cue than the first,
    and the other way round for the exhale cue."""
    for samples, rises in ((synth.rising_tone(0.5), True), (synth.falling_tone(0.5), False)):
        third = samples.size // 3
        first, last = zero_crossings(samples[:third]), zero_crossings(samples[-third:])
        assert (last > first * 1.15) if rises else (first > last * 1.15)


def test_the_bell_decays() -> None:
    """Each half second of the bell is quieter than the one before."""
    samples = synth.bell(0.6)
    half = RATE // 2
    levels = [rms(samples[i : i + half]) for i in range(0, samples.size - half + 1, half)]
    assert all(later < earlier for earlier, later in itertools.pairwise(levels))
    assert levels[-1] < levels[0] / 5


def test_the_bell_has_the_singing_bowl_partials() -> None:
    """Its four loudest lines sit at 1, 2.76, 5.4 and 8.9 times the fundamental."""
    samples = synth.bell(1.0)
    found = [
        peak_hz(samples, synth.BELL_HZ * ratio * 0.97, synth.BELL_HZ * ratio * 1.03)
        for ratio, *_ in synth.BELL_PARTIALS
    ]
    for (ratio, *_), hz in zip(synth.BELL_PARTIALS, found, strict=True):
        assert hz == pytest.approx(synth.BELL_HZ * ratio, rel=0.005)
    assert peak_hz(samples, 100, 4000) == pytest.approx(synth.BELL_HZ, rel=0.005)


def test_end_bells_strike_three_times() -> None:
    """Each strike lifts the level again: 1.2 s apart."""
    samples = synth.end_bells(0.6)
    step = round(synth.END_BELL_SPACING_S * RATE)
    for k in (1, 2):
        before = rms(samples[k * step - 2205 : k * step])
        after = rms(samples[k * step : k * step + 2205])
        assert after > 2 * before


@settings(max_examples=40, deadline=None)
@given(
    hz=st.floats(min_value=40, max_value=2000),
    duration_ms=st.integers(min_value=500, max_value=20_000),
    level=st.floats(min_value=0, max_value=1),
)
def test_drone_length_edges_and_level(hz: float, duration_ms: int, level: float) -> None:
    """A drone of any pitch and length lasts exactly that long, is clean and never too loud."""
    samples = synth.drone(hz, duration_ms, level)
    assert samples.size == synth.samples_for_ms(duration_ms)
    assert_clean(samples, level)


def test_drone_sounds_at_its_pitch() -> None:
    samples = synth.drone(130.0, 4000, 0.5)
    assert peak_hz(samples, 40, 2000) == pytest.approx(130.0, abs=0.5)


@settings(max_examples=60, deadline=None)
@given(
    phase=st.sampled_from(PHASES),
    duration_ms=st.integers(min_value=500, max_value=20_000),
    level=st.floats(min_value=0, max_value=1),
)
def test_breath_tone_length_edges_and_level(
    phase: BreathPhase, duration_ms: int, level: float
) -> None:
    """A breath-tone buffer fills its phase exactly, is clean at both ends and never too loud."""
    samples = synth.breath_tone(phase, duration_ms, level)
    assert samples.size == synth.samples_for_ms(duration_ms)
    assert_clean(samples, level)


def test_breath_tone_rises_over_an_inhale_and_falls_over_an_exhale() -> None:
    """Louder and higher at the end of an inhale than at its start; the reverse for an exhale."""
    noise = synth.noise_loop()
    cases: tuple[tuple[BreathPhase, bool], ...] = (("inhale", True), ("exhale", False))
    for phase, rises in cases:
        samples = synth.breath_tone(phase, 6000, 0.5, noise)
        third = samples.size // 3
        first, last = samples[:third], samples[-third:]
        first_hz, last_hz = peak_hz(first, 120, 300), peak_hz(last, 120, 300)
        assert (last_hz > first_hz + 15) if rises else (first_hz > last_hz + 15)
        assert (rms(last) > 1.5 * rms(first)) if rises else (rms(first) > 1.5 * rms(last))


def test_breath_tone_is_quieter_on_holds() -> None:
    noise = synth.noise_loop()
    top_of_inhale = synth.breath_tone("inhale", 4000, 0.5, noise)[-RATE:]
    for phase in ("hold_in", "hold_out"):
        hold = synth.breath_tone(phase, 4000, 0.5, noise)
        assert rms(hold) < rms(top_of_inhale) / 2
        assert rms(hold) > 0


def test_breath_tone_is_the_same_with_or_without_a_shared_noise_loop() -> None:
    shared = synth.breath_tone("exhale", 2500, 0.4, synth.noise_loop())
    assert np.array_equal(shared, synth.breath_tone("exhale", 2500, 0.4))


@pytest.mark.parametrize("ms", [0, 1, 5, 10, 15, 25, 999, 1000, 3500, 123_456, 600_000])
def test_samples_for_ms_rounds_ms_times_44_1(ms: int) -> None:
    expected = int((Decimal(ms) * Decimal("44.1")).quantize(Decimal(1), ROUND_HALF_UP))
    assert synth.samples_for_ms(ms) == expected


def test_pcm16_keeps_zero_at_zero_and_the_peak_in_range() -> None:
    samples = synth.bell(0.5)
    pcm = np.frombuffer(synth.to_pcm16(samples), dtype="<i2")
    assert pcm.size == samples.size
    assert pcm[0] == 0 and pcm[-1] == 0
    assert int(np.max(np.abs(pcm))) <= 0.5 * 32767
    assert int(np.max(np.abs(np.frombuffer(synth.to_pcm16(synth.tick(1.0)), "<i2")))) <= 32767


@pytest.mark.parametrize("phase", PHASES)
def test_breath_tone_as_pcm_is_the_float_tone_converted(phase: BreathPhase) -> None:
    """The bank's direct PCM path agrees with converting the float buffer, within one step."""
    direct = np.frombuffer(synth.breath_tone_pcm16(phase, 3217, 0.7), "<i2").astype(np.int32)
    converted = np.frombuffer(synth.to_pcm16(synth.breath_tone(phase, 3217, 0.7)), "<i2")
    assert direct.size == converted.size == synth.samples_for_ms(3217)
    assert int(np.max(np.abs(direct - converted))) <= 1
    assert direct[0] == 0 and direct[-1] == 0
