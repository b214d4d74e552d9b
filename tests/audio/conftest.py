"""Helpers for the audio tests: inline routines and a fake ``simpleaudio`` module."""

from __future__ import annotations

import sys
import textwrap
import types
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from app.core.routine.loader import load_routine_text
from app.core.session.timeline import Timeline, compile_routine

#: Every kind of segment and cue, with phases long enough for each sound to fade before the next.
GAPPED_ROUTINE = """
    name: Onsets
    summary: Every cue, with silence between them.
    steps:
      - rest: {duration: 4s}
      - breathe:
          pattern: {inhale: 3.5, hold_in: 3.5, exhale: 4, hold_out: 3.5}
          cycles: 1
          drone: 220
      - move:
          label: Reps
          reps: 2
          rep: [{label: Up, duration: 3.5}, {label: Down, duration: 3.5}]
          sides: [left, right]
      - hold: {label: Hold, max: 5s}
      - guide: {label: Scan, duration: 4s}
"""


def timeline_of(text: str, name: str = "test") -> Timeline:
    return compile_routine(load_routine_text(textwrap.dedent(text), f"{name}.yaml", name))


@dataclass
class FakePlay:
    """A play object that remembers what it was given and whether it was stopped.

    It plays in no time: ``is_playing`` is always false (the output reads time from its clock).
    """

    pcm: bytes
    stopped: bool = False

    def stop(self) -> None:
        self.stopped = True

    def wait_done(self) -> None:
        pass

    def is_playing(self) -> bool:
        return False


@dataclass
class FakeSimpleaudio:
    """Stands in for the ``simpleaudio`` module; set ``error`` to make the device fail."""

    plays: list[FakePlay] = field(default_factory=list)
    error: Exception | None = None
    stop_all_calls: int = 0

    def play_buffer(
        self, audio_data: bytes, num_channels: int, bytes_per_sample: int, sample_rate: int
    ) -> FakePlay:
        assert (num_channels, bytes_per_sample, sample_rate) == (1, 2, 44_100)
        if self.error is not None:
            raise self.error
        play = FakePlay(bytes(audio_data))
        self.plays.append(play)
        return play

    def stop_all(self) -> None:
        self.stop_all_calls += 1


@pytest.fixture
def fake_simpleaudio(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSimpleaudio]:
    """Installs a fake ``simpleaudio`` in ``sys.modules`` for the test."""
    fake = FakeSimpleaudio()
    module = types.ModuleType("simpleaudio")
    module.play_buffer = fake.play_buffer  # type: ignore[attr-defined]
    module.stop_all = fake.stop_all  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "simpleaudio", module)
    yield fake
