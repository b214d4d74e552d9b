"""Outputs: overlapping cues are mixed, a failing device goes silent, and the factory says why."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from numpy.typing import NDArray

from app.audio.output import (
    PROBE_MS,
    AudioOutput,
    SilentOutput,
    SimpleaudioOutput,
    mix_pcm,
    open_output,
    scale_pcm,
)
from app.core.session.clock import FakeClock
from tests.audio.conftest import FakeSimpleaudio


class SimpleaudioError(Exception):
    """Named like the C extension's error."""


def pcm(samples: NDArray[np.int16]) -> bytes:
    return samples.astype("<i2").tobytes()


def samples_of(data: bytes) -> NDArray[np.int16]:
    return np.frombuffer(data, dtype="<i2")


def test_a_cue_alone_plays_unchanged(fake_simpleaudio: FakeSimpleaudio, clock: FakeClock) -> None:
    output = SimpleaudioOutput(clock)
    cue = np.arange(-500, 500, dtype=np.int16)
    output.play(pcm(cue))
    assert [play.pcm for play in fake_simpleaudio.plays] == [pcm(cue)]
    assert output.problem is None


def test_an_overlapping_cue_is_mixed_with_the_rest_of_the_current_one(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    """250 ms into a 1 s buffer, a new cue starts: the old play stops and the remaining 750 ms of
    the first buffer plus the new cue play as one, saturated to the int16 range."""
    first = np.full(44_100, 30_000, dtype=np.int16)
    first[::2] = -30_000
    second = np.linspace(-20_000, 20_000, 22_050).astype(np.int16)
    output = SimpleaudioOutput(clock)
    output.play(pcm(first))
    clock.advance(ms=250)
    output.play(pcm(second))

    old, mixed = fake_simpleaudio.plays
    assert old.stopped and not mixed.stopped
    rest = first[11_025:].astype(np.int32)
    expected = rest.copy()
    expected[: second.size] += second
    expected = np.clip(expected, -32_768, 32_767).astype(np.int16)
    assert np.array_equal(samples_of(mixed.pcm), expected)
    assert samples_of(mixed.pcm).size == 33_075
    assert samples_of(mixed.pcm).max() == 32_767 and samples_of(mixed.pcm).min() == -32_768


def test_a_third_cue_mixes_with_what_remains_of_the_mix(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    ones = np.ones(4_410, dtype=np.int16)  # 100 ms
    output = SimpleaudioOutput(clock)
    output.play(pcm(ones))
    clock.advance(ms=10)  # 441 samples played
    output.play(pcm(ones * 2))
    clock.advance(ms=20)  # 882 samples of the mix played
    output.play(pcm(ones[:100] * 4))
    last = samples_of(fake_simpleaudio.plays[-1].pcm)
    assert last.size == 4_410 - 882
    assert list(last[:100]) == [7] * 100
    assert set(last[100 : 4_410 - 441 - 882]) == {3}
    assert set(last[4_410 - 441 - 882 :]) == {2}


def test_a_cue_after_the_current_one_has_finished_is_not_mixed(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    output = SimpleaudioOutput(clock)
    output.play(pcm(np.full(441, 1_000, dtype=np.int16)))  # 10 ms
    clock.advance(ms=10)
    second = np.full(441, 7, dtype=np.int16)
    output.play(pcm(second))
    assert fake_simpleaudio.plays[-1].pcm == pcm(second)


def test_volume_scales_what_is_played(fake_simpleaudio: FakeSimpleaudio, clock: FakeClock) -> None:
    output = SimpleaudioOutput(clock, volume=0.5)
    output.play(pcm(np.array([0, 1_000, -1_001, 32_767], dtype=np.int16)))
    assert list(samples_of(fake_simpleaudio.plays[0].pcm)) == [0, 500, -500, 16_384]
    with pytest.raises(ValueError, match="volume"):
        SimpleaudioOutput(clock, volume=2.0)


def test_a_long_buffer_is_scaled_alike_from_its_first_sample_to_its_last() -> None:
    """Long sounds (a drone, a bell) are scaled piece by piece: no sample is left out or
    scaled twice where the pieces meet."""
    rng = np.random.default_rng(7)
    samples = rng.integers(-32_768, 32_767, size=100_003, dtype=np.int16)
    scaled = scale_pcm(samples, 0.3)
    expected = np.rint(samples.astype(np.float64) * 0.3).astype(np.int16)
    assert scaled.shape == samples.shape
    assert int(np.abs(scaled.astype(np.int32) - expected).max()) <= 1  # float32 rounding
    assert scale_pcm(samples, 1.0) is samples
    assert not scale_pcm(samples, 0.0).any()


def test_stop_all_stops_everything_and_forgets_the_current_buffer(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    output = SimpleaudioOutput(clock)
    output.play(pcm(np.ones(44_100, dtype=np.int16)))
    output.stop_all()
    assert fake_simpleaudio.stop_all_calls == 1
    second = np.full(10, 5, dtype=np.int16)
    output.play(pcm(second))
    assert fake_simpleaudio.plays[-1].pcm == pcm(second)


def test_a_device_failing_mid_session_turns_the_output_silent(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    """play never raises: the error's text becomes the problem and later cues are dropped."""
    output = SimpleaudioOutput(clock)
    output.play(pcm(np.ones(44_100, dtype=np.int16)))
    fake_simpleaudio.error = SimpleaudioError("Error opening PCM device. -- CODE: -16")
    clock.advance(ms=100)
    output.play(pcm(np.ones(100, dtype=np.int16)))
    assert output.problem is not None
    assert "Error opening PCM device" in output.problem
    fake_simpleaudio.error = None
    output.play(pcm(np.ones(100, dtype=np.int16)))
    output.stop_all()
    output.wait_done()
    assert len(fake_simpleaudio.plays) == 1
    assert fake_simpleaudio.stop_all_calls == 0


def test_a_failing_stop_turns_the_output_silent_too(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = SimpleaudioOutput(clock)
    output.play(pcm(np.ones(44_100, dtype=np.int16)))

    def broken_stop() -> None:
        raise SimpleaudioError("")

    monkeypatch.setattr(fake_simpleaudio.plays[0], "stop", broken_stop)
    output.play(pcm(np.ones(100, dtype=np.int16)))
    assert output.problem == "sound stopped working: SimpleaudioError"


def test_mix_pcm_saturates_and_keeps_the_longer_length() -> None:
    a = np.array([32_000, -32_000, 5], dtype=np.int16)
    b = np.array([1_000, -1_000], dtype=np.int16)
    assert list(mix_pcm(a, b)) == [32_767, -32_768, 5]
    assert list(mix_pcm(b, a)) == [32_767, -32_768, 5]


def test_silent_output_plays_nothing_and_says_why() -> None:
    output: AudioOutput = SilentOutput("no sound device: cannot find card '0'")
    output.play(b"\x01\x00" * 10)
    output.stop_all()
    assert output.problem == "no sound device: cannot find card '0'"
    assert SilentOutput().problem is None


def test_open_output_probes_the_device_with_a_little_silence(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    output = open_output(clock)
    assert isinstance(output, SimpleaudioOutput)
    assert output.problem is None
    (probe,) = fake_simpleaudio.plays
    assert probe.pcm == bytes(2 * (44_100 * PROBE_MS // 1000))


def test_open_output_without_a_device_is_silent_with_the_device_error(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    fake_simpleaudio.error = SimpleaudioError("Error opening PCM device. -- CODE: -2")
    output = open_output(clock)
    assert isinstance(output, SilentOutput)
    assert output.problem == "no sound device: Error opening PCM device. -- CODE: -2"


def test_open_output_without_simpleaudio_is_silent_and_says_so(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # makes the import fail
    output = open_output(clock)
    assert isinstance(output, SilentOutput)
    assert output.problem == "simpleaudio is not installed"


def test_the_device_error_is_told_in_plain_words(
    fake_simpleaudio: FakeSimpleaudio, clock: FakeClock
) -> None:
    """simpleaudio's coded error text becomes a sentence a user can read."""
    fake_simpleaudio.error = SimpleaudioError(
        "Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory"
    )
    output = open_output(clock)
    assert output.problem == (
        "no sound device: the device could not be opened (No such file or directory)"
    )
