"""A routine's own WAV cue goes into the cue bank in the bank's format."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from app.audio.cue_bank import CueBank
from app.audio.wav_cue import read_cue_wav
from tests.audio.conftest import timeline_of


def _wav(path: Path, samples: np.ndarray, rate: int, channels: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())
    return path


def test_stereo_at_another_rate_becomes_mono_at_44_1_khz(tmp_path: Path) -> None:
    """Half a second of 22.05 kHz stereo becomes half a second of 44.1 kHz mono, faded at the
    ends, with the level of the mixed-down channels times the volume."""
    frames = 11_025
    stereo = np.empty(frames * 2, dtype=np.int16)
    stereo[0::2], stereo[1::2] = 10_000, 20_000
    pcm = read_cue_wav(_wav(tmp_path / "s.wav", stereo, 22_050, 2), volume=0.5)
    mono = np.frombuffer(pcm, dtype="<i2")
    assert mono.size == 22_050
    assert mono[0] == 0 and mono[-1] == 0
    assert abs(int(mono[mono.size // 2]) - 7_500) <= 1


def test_the_bank_plays_the_routines_own_file_instead_of_the_synthesised_cue(
    tmp_path: Path,
) -> None:
    """Only the named cue is replaced; the others are still synthesised."""
    tone = (np.sin(np.arange(4_410) / 10) * 8_000).astype(np.int16)
    path = _wav(tmp_path / "bell.wav", tone, 44_100, 1)
    timeline = timeline_of("name: X\nsummary: Y\nsteps: [{rest: {duration: 5}}]\n")
    bank = CueBank.build(timeline, volume=1.0, breath_tone=False, cue_files={"bell": str(path)})
    plain = CueBank.build(timeline, volume=1.0, breath_tone=False)
    assert bank.cue("bell") == read_cue_wav(path, 1.0)
    assert bank.cue("bell") != plain.cue("bell")
    assert bank.cue("inhale") == plain.cue("inhale")
