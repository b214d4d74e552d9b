"""The mini pacer breathes from the clock, exactly as the timeline lays out a breath."""

from __future__ import annotations

import pytest

from app.core.routine.loader import load_routine_text
from app.core.session.clock import FakeClock
from app.core.session.mini_pacer import (
    FADE_MS,
    FRAME_STEP_PX,
    MOVING_FRAME_MS,
    SLOWEST_FRAME_MS,
    MiniPacer,
    breath_pattern,
    resonance,
)
from app.core.session.pacer_model import ORB_MAX, ORB_MIN
from app.core.session.timeline import compile_routine

BOX_AND_SIGH = """\
id: two-patterns
name: Two patterns
summary: A box, then a sigh.
steps:
  - rest: {duration: 10s}
  - repeat:
      times: 2
      steps:
        - breathe:
            label: Box
            pattern: {inhale: 4, hold_in: 2, exhale: 6, hold_out: 1}
            duration: 1m
  - breathe:
      label: Sigh
      pattern: [{inhale: 2}, {inhale: 1, label: Top up}, {exhale: 6, label: Long sigh}]
      cycles: 3
"""


def _routine() -> object:
    return load_routine_text(BOX_AND_SIGH, "two-patterns.yaml")


def test_resonance_is_five_and_a_half_seconds_in_and_out() -> None:
    pattern = resonance()
    assert [(s.phase, s.duration_ms) for s in pattern.segments] == [
        ("inhale", 5_500),
        ("exhale", 5_500),
    ]
    assert pattern.describe() == "in 5.5 s · out 5.5 s"


def test_every_phase_matches_the_compiled_timeline_of_the_routine() -> None:
    routine = _routine()
    timeline = compile_routine(routine)  # type: ignore[arg-type]
    box = [s for s in timeline.segments if s.label == "Box" and s.cycle is not None]
    first_cycle = [s for s in box if s.step == box[0].step and (s.cycle or (0,))[0] == 1]
    clock = FakeClock()
    pacer = MiniPacer(breath_pattern(routine, 1), clock)  # type: ignore[arg-type]
    pacer.start()
    cycle = sum(s.duration_ms or 0 for s in first_cycle)
    assert pacer.pattern.cycle_ms == cycle == 13_000
    # 47 cycles later, in one jump of the clock: no tick was counted on the way.
    clock.advance(ms=cycle * 47)
    here = 0
    for segment in first_cycle:
        middle = segment.start_ms - first_cycle[0].start_ms + (segment.duration_ms or 0) // 2
        clock.advance(ms=middle - here)
        here = middle
        frame = pacer.frame()
        assert (frame.word, frame.tone) == (segment.word, _tone(segment.phase))
        assert frame.phase_left_ms == (segment.duration_ms or 0) - (segment.duration_ms or 0) // 2


def _tone(phase: str | None) -> str:
    return {"inhale": "inhale", "exhale": "exhale"}.get(phase or "", "hold")


def test_the_orb_grows_on_the_inhale_and_holds_still_on_a_hold() -> None:
    clock = FakeClock()
    pacer = MiniPacer(breath_pattern(_routine(), 1), clock)  # type: ignore[arg-type]
    pacer.start()
    assert pacer.frame().scale == pytest.approx(ORB_MIN)
    clock.advance(2.0)  # half the 4 s inhale
    middle = pacer.frame()
    assert middle.tone == "inhale" and middle.word == "In"
    assert middle.scale == pytest.approx((ORB_MIN + ORB_MAX) / 2)
    assert pacer.next_frame_ms() == MOVING_FRAME_MS
    clock.advance(2.5)  # into the 2 s hold at the top
    held = pacer.frame()
    assert (held.tone, held.scale, held.moving) == ("hold", ORB_MAX, False)
    assert pacer.next_frame_ms() == 1_500  # no frame is drawn until the hold ends
    clock.advance(1.5 + 3.0)  # half the 6 s exhale
    assert pacer.frame().tone == "exhale"
    assert pacer.frame().scale == pytest.approx((ORB_MIN + ORB_MAX) / 2)


def test_a_later_breathe_step_can_be_chosen() -> None:
    pattern = breath_pattern(_routine(), 2)  # type: ignore[arg-type]
    assert [s.word for s in pattern.segments] == ["In", "Top up", "Long sigh"]
    assert pattern.describe() == "in 2 s · in 1 s · out 6 s"
    with pytest.raises(ValueError, match="2 breathe step"):
        breath_pattern(_routine(), 3)  # type: ignore[arg-type]


def test_a_routine_without_breathing_has_nothing_to_pace() -> None:
    routine = load_routine_text(
        "id: still\nname: Still\nsummary: Rest.\nsteps:\n  - rest: {duration: 1m}\n", "still.yaml"
    )
    with pytest.raises(ValueError, match="no breathe step"):
        breath_pattern(routine)


def test_time_paused_is_left_out_of_the_breath_and_the_practice() -> None:
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock, minutes=5)
    pacer.start()
    clock.advance(2.75)  # half an inhale
    before = pacer.frame()
    pacer.pause()
    clock.advance(600)  # ten minutes away from the keyboard
    assert pacer.frame() == before.__class__(**{**_fields(before), "moving": False})
    assert pacer.next_frame_ms() is None  # nothing to draw while paused
    pacer.resume()
    assert pacer.frame() == before
    assert pacer.practised_ms() == 2_750
    assert not pacer.over


def test_stopped_while_paused_the_pause_is_not_practice() -> None:
    """Quitting while the orb waits (the user idle, or a session in the window) keeps the time
    breathed, not the time waited."""
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock)
    pacer.start()
    clock.advance(10)
    pacer.pause()
    clock.advance(600)
    pacer.stop()
    clock.advance(5)
    assert pacer.over
    assert pacer.practised_ms() == 10_000


def test_it_fades_over_its_last_seconds_and_then_is_over() -> None:
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock, minutes=5)
    pacer.start()
    clock.advance(300 - FADE_MS / 1000 - 1)
    assert pacer.frame().opacity == 1.0
    clock.advance(1 + FADE_MS / 2000)
    assert pacer.frame().opacity == pytest.approx(0.5)
    assert pacer.next_frame_ms() == MOVING_FRAME_MS
    clock.advance(60)  # woken late: it is over, and counts five minutes, not six
    assert pacer.over
    assert pacer.practised_ms() == 300_000
    assert pacer.frame().opacity == 0.0
    assert pacer.next_frame_ms() is None


def test_until_stopped_runs_until_stopped() -> None:
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock)
    pacer.start()
    clock.advance(3 * 3600)
    assert not pacer.over and pacer.frame().opacity == 1.0
    pacer.stop()
    clock.advance(10)
    assert pacer.over
    assert pacer.practised_ms() == 3 * 3600 * 1000


def test_a_length_out_of_bounds_is_refused() -> None:
    with pytest.raises(ValueError, match="1 to 240 minutes"):
        MiniPacer(resonance(), FakeClock(), minutes=0)


def _fields(frame: object) -> dict[str, object]:
    return {name: getattr(frame, name) for name in frame.__slots__}  # type: ignore[attr-defined]


def test_frames_come_often_where_the_orb_moves_fast_and_seldom_where_the_breath_turns() -> None:
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock)
    pacer.start()
    pixels = 31.0  # a 120 px orb's edge travels about this far in a breath
    clock.advance(ms=10)  # the breath just turned: the edge barely moves
    assert pacer.next_frame_ms(pixels) == SLOWEST_FRAME_MS
    clock.advance(ms=2_740)  # the middle of the inhale: fastest
    middle = pacer.next_frame_ms(pixels)
    assert middle is not None and MOVING_FRAME_MS <= middle < 2 * MOVING_FRAME_MS
    # a frame is drawn by the time the edge has moved FRAME_STEP_PX
    for at_ms in range(0, 5_500, 100):
        here_clock = FakeClock()
        here = MiniPacer(resonance(), here_clock)
        here.start()
        here_clock.advance(ms=at_ms)
        wait = here.next_frame_ms(pixels)
        assert wait is not None
        before = here.frame().scale
        here_clock.advance(ms=wait)
        moved = abs(here.frame().scale - before) / (ORB_MAX - ORB_MIN) * pixels
        assert moved <= FRAME_STEP_PX + 1e-3 or wait == MOVING_FRAME_MS


def test_a_pause_can_begin_when_the_user_went_idle_but_not_before_it_resumed() -> None:
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock)
    pacer.start()
    clock.advance(100)
    pacer.pause(since_ms=60_000)  # idle for a minute already
    assert pacer.practised_ms() == 40_000
    pacer.resume()
    clock.advance(10)
    pacer.pause(since_ms=60_000)  # only ten seconds since it resumed can be taken back
    assert pacer.practised_ms() == 40_000


def test_the_pattern_is_named_by_its_step_and_routine_without_saying_it_twice() -> None:
    assert breath_pattern(_routine(), 1).name == "Box (Two patterns)"  # type: ignore[arg-type]
    same = load_routine_text(
        "id: box\nname: Box Breathing\nsummary: Square.\nsteps:\n"
        "  - breathe: {label: Box breathing, pattern: {inhale: 4, exhale: 4}, cycles: 2}\n",
        "box.yaml",
    )
    assert breath_pattern(same).name == "Box Breathing"
