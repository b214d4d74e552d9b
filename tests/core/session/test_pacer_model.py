"""How the pacer moves, computed from the player's snapshot (no Qt involved)."""

from __future__ import annotations

import pytest

from app.core.session.clock import FakeClock
from app.core.session.pacer_model import ORB_MAX, ORB_MIN, ease_in_out, pacer_frame
from app.core.session.player import Player
from tests.support.routines import timeline_from_yaml

BOX = """
    name: Box
    summary: Box.
    steps:
      - breathe: {pattern: {inhale: 4, hold_in: 4, exhale: 4, hold_out: 4}, cycles: 1}
      - rest: {duration: 10s}
"""


def _frames_at(seconds: list[float]) -> list[tuple[str, float, str]]:
    clock = FakeClock(0)
    player = Player(timeline_from_yaml(BOX), clock, count_in_ms=0)
    player.start()
    frames = []
    for s in seconds:
        clock.set(round(s * 1e9))
        player.advance()
        frame = pacer_frame(player.snapshot())
        frames.append((frame.word, round(frame.scale, 4), frame.countdown))
    return frames


def test_orb_grows_rests_shrinks_and_rests() -> None:
    """Inhale grows the orb smoothly, the top hold keeps it full, the exhale shrinks it and the
    bottom hold keeps it small."""
    low, high = ORB_MIN, ORB_MAX
    mid = round((low + high) / 2, 4)
    assert _frames_at([0, 2, 3.999, 4, 6, 8, 10, 12, 14]) == [
        ("In", low, "4"),
        ("In", mid, "2"),
        ("In", pytest.approx(high, abs=1e-3), "1"),
        ("Hold", high, "4"),
        ("Hold", high, "2"),
        ("Out", high, "4"),
        ("Out", mid, "2"),
        ("Hold", low, "4"),
        ("Hold", low, "2"),
    ]


def test_easing_is_slow_at_the_turns() -> None:
    """The first and last tenth of a phase move the orb less than the middle tenth."""
    start = ease_in_out(0.1) - ease_in_out(0.0)
    middle = ease_in_out(0.55) - ease_in_out(0.45)
    end = ease_in_out(1.0) - ease_in_out(0.9)
    assert start < middle / 4 and end < middle / 4
    assert ease_in_out(-1) == 0 and ease_in_out(2) == 1


def test_rest_shows_a_clock_countdown() -> None:
    """Steps other than breath and movement count down in minutes and seconds; a word that
    would only repeat the step's title is left out."""
    assert _frames_at([20.5]) == [("", round((ORB_MIN + ORB_MAX) / 2, 4), "0:06")]
