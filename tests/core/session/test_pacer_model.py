"""How the pacer moves, computed from the player's snapshot (no Qt involved)."""

from __future__ import annotations

import pytest

from app.core.session.clock import FakeClock
from app.core.session.pacer_model import (
    EASY_PACE,
    ORB_MAX,
    ORB_MIN,
    PULSE_TOP,
    Pace,
    breath_pace,
    ease_in_out,
    pacer_frame,
    pulse_scale,
)
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
    [(word, _scale, countdown)] = _frames_at([20.5])
    assert (word, countdown) == ("", "0:06")


def test_a_rest_pulses_at_the_routines_own_pace() -> None:
    """A rest after a 4-4-4-4 box breath swells over 4 s and settles over 4 s, again and again,
    never past the pulse's gentle top: the screen never freezes."""
    timeline = timeline_from_yaml(BOX)
    pace = breath_pace(timeline)
    assert pace == Pace(inhale_ms=4000, exhale_ms=4000)
    clock = FakeClock(0)
    player = Player(timeline, clock, count_in_ms=0)
    player.start()

    def scale(seconds: float) -> float:
        clock.set(round(seconds * 1e9))
        player.advance()
        return pacer_frame(player.snapshot(), pace).scale

    rest_starts = 16
    assert scale(rest_starts) == pytest.approx(ORB_MIN)
    assert scale(rest_starts + 2) == pytest.approx((ORB_MIN + PULSE_TOP) / 2)
    assert scale(rest_starts + 4) == pytest.approx(PULSE_TOP)
    assert scale(rest_starts + 8) == pytest.approx(ORB_MIN)
    assert scale(rest_starts + 9) > ORB_MIN  # and again


def test_a_quick_breath_leaves_the_pulse_at_an_easy_pace() -> None:
    """A routine without breath, or with a quick one, pulses at the easy pace of 4 s in, 6 out."""
    quick = """
        name: Quick
        summary: Quick.
        steps:
          - breathe: {pattern: {inhale: 1, exhale: 1}, cycles: 3}
          - guide: {label: Back, duration: 20s}
    """
    assert breath_pace(timeline_from_yaml(quick)) == EASY_PACE
    assert pulse_scale(0, EASY_PACE) == pytest.approx(ORB_MIN)
    assert pulse_scale(4000, EASY_PACE) == pytest.approx(PULSE_TOP)
    assert pulse_scale(7000, EASY_PACE) == pytest.approx((ORB_MIN + PULSE_TOP) / 2)
    assert pulse_scale(10_000, EASY_PACE) == pytest.approx(ORB_MIN)


def test_paused_keeps_the_phase_and_the_side_is_its_own() -> None:
    """Paused, the frame keeps its phase word and countdown (marked paused); a move step's
    side is a line of its own, not part of the counter."""
    moves = """
        name: Moves
        summary: Moves.
        steps:
          - move: {label: Cat-cow, reps: 2, sides: [left, right],
                   rep: [{label: Arch, duration: 3}, {label: Round, duration: 3}]}
    """
    clock = FakeClock(0)
    player = Player(timeline_from_yaml(moves), clock, count_in_ms=0)
    player.start()
    clock.set(1_000_000_000)
    player.pause()
    clock.set(60_000_000_000)
    frame = pacer_frame(player.snapshot())
    assert (frame.word, frame.countdown, frame.paused) == ("Arch", "2", True)
    assert (frame.counter, frame.side) == ("Rep 1 of 2", "Left side")
    player.resume()
    clock.set(61_000_000_000 + 12_000_000_000)  # 13 s into the step: the right side
    player.advance()
    frame = pacer_frame(player.snapshot())
    assert (frame.side, frame.paused) == ("Right side", False)
