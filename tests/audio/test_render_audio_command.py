"""`unbrace render-audio`: the file a user gets has every cue on its phase boundary."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from app.audio.render import DEFAULT_COUNT_IN_MS
from app.audio.synth import END_BELL_SPACING_S, RATE
from app.cli import main
from tests.audio.conftest import GAPPED_ROUTINE, timeline_of
from tests.audio.test_render import detect_onsets, read_wav


def test_render_audio_places_every_cue_within_5_ms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The WAV written by the command has a cue onset within 5 ms of every segment's start,
    the count-in clicks before them, the three end bells after, and nothing out of place."""
    routine = tmp_path / "onsets.yaml"
    routine.write_text(textwrap.dedent(GAPPED_ROUTINE), encoding="utf-8")
    out = tmp_path / "onsets.wav"
    assert main(["render-audio", str(routine), str(out), "--open-seconds", "4"]) == 0
    assert out.name in capsys.readouterr().out

    timeline = timeline_of(GAPPED_ROUTINE, "onsets")
    expected_ms = [0, 1000, 2000]  # the count-in
    clock = DEFAULT_COUNT_IN_MS
    for segment in timeline.segments:
        expected_ms.append(clock)
        clock += segment.duration_ms if segment.duration_ms is not None else 4000
    found_ms = [sample * 1000 / RATE for sample in detect_onsets(read_wav(out))]
    for boundary in expected_ms:
        nearest = min(found_ms, key=lambda at: abs(at - boundary))
        assert abs(nearest - boundary) <= 5, f"no cue within 5 ms of {boundary} ms"
    end_bells = [clock + round(n * END_BELL_SPACING_S * 1000) for n in range(3)]
    unexplained = [
        at for at in found_ms if min(abs(at - b) for b in [*expected_ms, *end_bells]) > 5
    ]
    assert unexplained == []


def test_render_audio_of_an_unknown_routine_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id is one line on stderr and exit status 2, no file written."""
    assert main(["render-audio", "no-such-routine", "/nonexistent/out.wav"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-routine" in err
