"""`unbrace validate --speech`: a step whose words outlast it is named, with the voice used."""

from __future__ import annotations

import textwrap
import wave
from pathlib import Path

import pytest

from app.cli import main

ROUTINE = """\
name: Too much to say
summary: A short guide with a long prompt.
steps:
  - guide:
      label: Jaw
      prompt: >-
        Let the jaw hang a little open, the tongue resting behind the lower teeth, and
        notice how the whole face softens as the breath moves slowly in and out.
      duration: 5s
  - guide: {label: Neck, duration: 5s, voice: neck.wav}
  - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 1}
  - guide: {label: Rest, prompt: Rest now., duration: 20s}
"""


def test_words_longer_than_their_step_are_reported_with_the_voice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with wave.open(str(tmp_path / "neck.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8_000)
        out.writeframes(b"\x10\x00" * 8_000 * 6)  # six seconds of narration for a 5 s step
    path = tmp_path / "long.yaml"
    path.write_text(textwrap.dedent(ROUTINE), encoding="utf-8")

    assert main(["validate", str(path)]) == 0  # valid as a routine
    capsys.readouterr()
    assert main(["validate", "--speech", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    jaw, neck, summary = lines
    assert jaw.startswith(
        f"{path}:6:15: steps.0.guide.prompt: spoken by flite (slt) at 140 words a minute it lasts "
    )
    assert jaw.endswith("but the step leaves it 4.4 s before the next breath or words; "
                        "shorten it, or give the step more time")  # fmt: skip
    assert neck.startswith(
        f"{path}:10:47: steps.1.guide.voice: spoken by the recorded narration it lasts 6.0 s, "
        "but the step leaves it 4.4 s"
    )
    assert summary == "1 of 1 file with problems"
