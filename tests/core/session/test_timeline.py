"""The timeline compiler: a routine laid out as exact, contiguous segments."""

from __future__ import annotations

import pytest

from app.core.routine.size import measure
from app.core.session.timeline import Segment, Timeline, compile_routine
from tests.support.routines import routine_from_yaml, timeline_from_yaml

HEAD = """
name: Test routine
summary: A routine written inline for a test.
steps:
"""


def steps(body: str) -> Timeline:
    """A timeline from the YAML of a ``steps:`` list (indented by two spaces)."""
    return timeline_from_yaml(HEAD + body)


def assert_contiguous(timeline: Timeline) -> None:
    clock = 0
    for number, segment in enumerate(timeline.segments):
        assert segment.index == number
        assert segment.start_ms == clock, segment
        clock += segment.duration_ms or 0
    assert timeline.fixed_ms == clock


def durations(segments: tuple[Segment, ...] | list[Segment]) -> list[int | None]:
    return [segment.duration_ms for segment in segments]


# ------------------------------------------------------------------------------------ breathe


def test_four_phase_pattern_expands_into_one_segment_per_phase_and_cycle() -> None:
    """A four-phase pattern run for 2 cycles gives 8 segments: In, Hold, Out, Hold, twice."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 4, hold_in: 2, exhale: 6, hold_out: 1}
      cycles: 2
"""
    )
    segments = timeline.segments
    assert [s.phase for s in segments] == ["inhale", "hold_in", "exhale", "hold_out"] * 2
    assert [s.word for s in segments] == ["In", "Hold", "Out", "Hold"] * 2
    assert durations(segments) == [4000, 2000, 6000, 1000] * 2
    assert [s.cycle for s in segments] == [(1, 2)] * 4 + [(2, 2)] * 4
    assert all(s.kind == "breathe" and s.label == "Breathe" and s.step == 0 for s in segments)
    assert timeline.total_ms == timeline.fixed_ms == 26_000
    assert_contiguous(timeline)


def test_zero_and_missing_holds_are_left_out() -> None:
    """``hold_in: 0`` and a missing ``hold_out`` give no segment at all."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 4, hold_in: 0, exhale: 6}
      cycles: 3
"""
    )
    assert [s.phase for s in timeline.segments] == ["inhale", "exhale"] * 3


def test_durations_are_whole_milliseconds() -> None:
    """Fractional seconds become exact integer milliseconds (5.5 s → 5500 ms)."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 5.5, exhale: 2.25}
      cycles: 2
  - guide: {label: Scan, duration: 1m30.5s}
"""
    )
    assert durations(timeline.segments) == [5500, 2250, 5500, 2250, 90_500]
    for segment in timeline.segments:
        assert type(segment.start_ms) is int
        assert type(segment.duration_ms) is int


def test_duration_of_three_minutes_at_four_plus_six_is_exactly_eighteen_cycles() -> None:
    """``duration: 3m`` with a 4 + 6 pattern runs 18 whole cycles: exactly 180 s."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 4, exhale: 6}
      duration: 3m
"""
    )
    assert len(timeline.segments) == 36
    assert {s.cycle for s in timeline.segments} == {(n, 18) for n in range(1, 19)}
    assert timeline.total_ms == 180_000


@pytest.mark.parametrize(
    ("duration", "cycles"),
    [
        ("94s", 9),  # 90 s is 4 s away, 100 s is 6 s away
        ("96s", 10),  # 100 s is 4 s away
        ("95s", 9),  # a tie: the smaller count, so the step is never longer than it must be
        ("1s", 1),  # at least one cycle
        ("4m3s", 24),
    ],
)
def test_duration_runs_the_whole_number_of_cycles_closest_to_it(duration: str, cycles: int) -> None:
    """With ``duration`` a breathe step runs the whole cycles whose total is closest to it."""
    timeline = steps(
        f"""
  - breathe:
      pattern: {{inhale: 4, exhale: 6}}
      duration: {duration}
"""
    )
    assert len(timeline.segments) == 2 * cycles
    assert timeline.fixed_ms == 10_000 * cycles


def test_ramp_interpolates_linearly_from_pattern_on_the_first_cycle_to_ramp_on_the_last() -> None:
    """Each cycle's phases move in equal steps from ``pattern`` (cycle 1) to ``ramp`` (last)."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 3, exhale: 4}
      ramp: {inhale: 5, exhale: 7}
      cycles: 5
"""
    )
    inhales = [s.duration_ms for s in timeline.segments if s.phase == "inhale"]
    exhales = [s.duration_ms for s in timeline.segments if s.phase == "exhale"]
    assert inhales == [3000, 3500, 4000, 4500, 5000]
    assert exhales == [4000, 4750, 5500, 6250, 7000]
    assert_contiguous(timeline)


def test_ramp_rounds_each_phase_to_a_whole_millisecond() -> None:
    """Thirds of a second round to the nearest millisecond; the ends are exact."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 3, exhale: 4}
      ramp: {inhale: 4, exhale: 4}
      cycles: 4
"""
    )
    inhales = [s.duration_ms for s in timeline.segments if s.phase == "inhale"]
    assert inhales == [3000, 3333, 3667, 4000]
    assert all(type(ms) is int for ms in inhales)


def test_ramp_with_one_cycle_is_the_pattern() -> None:
    """A ramped step of a single cycle breathes the starting pattern."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 3, exhale: 4}
      ramp: {inhale: 5, exhale: 7}
      cycles: 1
"""
    )
    assert durations(timeline.segments) == [3000, 4000]


def test_ramp_with_duration_runs_the_cycle_count_whose_total_is_closest() -> None:
    """A ramp from 3 + 4 s to 5 + 7 s over 5 minutes: cycles grow, the total stays near 300 s."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 3, exhale: 4}
      ramp: {inhale: 5, exhale: 7}
      duration: 5m
"""
    )
    cycles = timeline.segments[0].cycle
    assert cycles is not None
    count = cycles[1]
    totals = {}
    for n in (count - 1, count, count + 1):
        ramped = steps(
            f"""
  - breathe:
      pattern: {{inhale: 3, exhale: 4}}
      ramp: {{inhale: 5, exhale: 7}}
      cycles: {n}
"""
        )
        totals[n] = ramped.fixed_ms
    assert timeline.fixed_ms == totals[count]
    assert abs(totals[count] - 300_000) <= abs(totals[count - 1] - 300_000)
    assert abs(totals[count] - 300_000) <= abs(totals[count + 1] - 300_000)
    first, last = timeline.segments[:2], timeline.segments[-2:]
    assert durations(first) == [3000, 4000]
    assert durations(last) == [5000, 7000]


def test_list_pattern_keeps_its_order_and_phase_labels() -> None:
    """The physiological sigh: In, then the top-up with its own word, then the long sigh."""
    timeline = steps(
        """
  - breathe:
      label: Sigh
      pattern: [{inhale: 2}, {inhale: 1, label: Top up}, {exhale: 6, label: Long sigh}]
      cycles: 2
"""
    )
    segments = timeline.segments
    assert [s.phase for s in segments] == ["inhale", "inhale", "exhale"] * 2
    assert [s.word for s in segments] == ["In", "Top up", "Long sigh"] * 2
    assert durations(segments) == [2000, 1000, 6000] * 2
    assert all(s.label == "Sigh" for s in segments)


def test_labels_override_the_default_phase_words() -> None:
    """``labels: {exhale: Hum}`` replaces Out; the other phases keep In and Hold."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 4, hold_in: 1, exhale: 6, hold_out: 1}
      labels: {exhale: Hum, hold_out: Rest}
      cycles: 1
"""
    )
    assert [s.word for s in timeline.segments] == ["In", "Hold", "Hum", "Rest"]


def test_a_list_phase_label_wins_over_labels() -> None:
    """A phase's own ``label`` is more specific than the step's ``labels``."""
    timeline = steps(
        """
  - breathe:
      pattern: [{inhale: 2}, {inhale: 1, label: Top up}, {exhale: 6}]
      labels: {inhale: Sip, exhale: Sigh}
      cycles: 1
"""
    )
    assert [s.word for s in timeline.segments] == ["Sip", "Top up", "Sigh"]


def test_breathe_segments_cue_their_phase_and_the_first_also_the_bell() -> None:
    """Each breath phase asks for its own sound; the step's first segment rings the bell too."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 4, hold_in: 2, exhale: 6, hold_out: 1}
      cycles: 2
"""
    )
    assert [s.cues for s in timeline.segments] == [
        ("bell", "inhale"),
        ("hold",),
        ("exhale",),
        ("hold",),
        ("inhale",),
        ("hold",),
        ("exhale",),
        ("hold",),
    ]


def test_drone_is_only_on_the_exhales_of_the_step_that_has_one() -> None:
    """``drone: 130`` sounds on that step's exhales and nowhere else."""
    timeline = steps(
        """
  - breathe:
      pattern: {inhale: 4, hold_in: 1, exhale: 6}
      labels: {exhale: Hum}
      drone: 130
      cycles: 2
  - breathe:
      pattern: {inhale: 4, exhale: 6}
      cycles: 1
  - guide: {label: Listen, duration: 10s}
"""
    )
    for segment in timeline.segments:
        if segment.step == 0 and segment.phase == "exhale":
            assert segment.drone_hz == 130
        else:
            assert segment.drone_hz is None


# --------------------------------------------------------------------------- other step kinds


def test_guide_and_rest_are_one_segment_each_with_their_words() -> None:
    """A guide's word is its label; a rest without a label is called Rest."""
    timeline = steps(
        """
  - guide: {label: Upper back, prompt: Notice the shoulder blades., duration: 45s,
            region: upper_back}
  - rest: {duration: 20s}
"""
    )
    guide, rest = timeline.segments
    assert (guide.kind, guide.label, guide.word, guide.region) == (
        "guide",
        "Upper back",
        "Upper back",
        "upper_back",
    )
    assert guide.prompt == "Notice the shoulder blades."
    assert (guide.start_ms, guide.duration_ms) == (0, 45_000)
    assert (rest.kind, rest.word, rest.start_ms, rest.duration_ms) == (
        "rest",
        "Rest",
        45_000,
        20_000,
    )
    assert guide.cues == ("bell",)
    assert rest.cues == ("bell",)


def test_move_expands_reps_phases_and_sides_in_order() -> None:
    """Reps run once per side; each rep runs its phases; every segment knows rep and side."""
    timeline = steps(
        """
  - move:
      label: Twist
      reps: 2
      rep: [{label: Turn, duration: 3s}, {label: Return, duration: 2s}]
      sides: [left, right]
      region: mid_back
"""
    )
    segments = timeline.segments
    assert [(s.side, s.rep, s.word) for s in segments] == [
        ("left", (1, 2), "Turn"),
        ("left", (1, 2), "Return"),
        ("left", (2, 2), "Turn"),
        ("left", (2, 2), "Return"),
        ("right", (1, 2), "Turn"),
        ("right", (1, 2), "Return"),
        ("right", (2, 2), "Turn"),
        ("right", (2, 2), "Return"),
    ]
    assert durations(segments) == [3000, 2000] * 4
    assert all(s.kind == "move" and s.label == "Twist" for s in segments)
    assert all(s.region == "mid_back" and s.phase == s.word for s in segments)
    assert_contiguous(timeline)


def test_move_cues_a_bell_at_the_step_and_at_each_new_side_and_ticks_between() -> None:
    """The step starts with a bell, the second side starts with a bell, other reps tick."""
    timeline = steps(
        """
  - move:
      label: Twist
      reps: 2
      rep: [{label: Turn, duration: 3s}, {label: Return, duration: 2s}]
      sides: [left, right]
"""
    )
    assert [s.cues for s in timeline.segments] == [
        ("bell",),
        ("tick",),
        ("tick",),
        ("tick",),
        ("bell",),
        ("tick",),
        ("tick",),
        ("tick",),
    ]


def test_move_without_sides_has_no_side() -> None:
    """Without ``sides`` the reps run once, with side None."""
    timeline = steps(
        """
  - move:
      label: Shrug
      reps: 3
      rep: [{label: Lift, duration: 2s}]
"""
    )
    assert [(s.side, s.rep) for s in timeline.segments] == [(None, (n, 3)) for n in (1, 2, 3)]


def test_open_segments_have_no_duration_and_count_as_zero() -> None:
    """hold, check_in and journal are open: duration None, start_ms unchanged by them."""
    timeline = steps(
        """
  - guide: {label: Arrive, duration: 10s}
  - hold: {label: Hold the breath out, max: 3m}
  - check_in: {label: How is your back?}
  - journal: {prompt: What do you feel?}
  - hold: {label: Uncapped}
  - rest: {duration: 5s}
"""
    )
    kinds = [(s.kind, s.start_ms, s.duration_ms, s.max_ms) for s in timeline.segments]
    assert kinds == [
        ("guide", 0, 10_000, None),
        ("hold", 10_000, None, 180_000),
        ("check_in", 10_000, None, None),
        ("journal", 10_000, None, None),
        ("hold", 10_000, None, None),
        ("rest", 10_000, 5_000, None),
    ]
    assert [s.is_open for s in timeline.segments] == [False, True, True, True, True, False]
    assert [s.word for s in timeline.segments][1:5] == ["Hold", "Check in", "Journal", "Hold"]
    assert timeline.has_open
    assert timeline.total_ms is None
    assert timeline.fixed_ms == 15_000
    assert all(s.cues == ("bell",) for s in timeline.segments)
    assert_contiguous(timeline)


def test_check_in_with_no_body_gets_the_default_label() -> None:
    """``- check_in:`` alone is a check-in labelled Check in."""
    timeline = steps(
        """
  - check_in:
"""
    )
    (segment,) = timeline.segments
    assert (segment.kind, segment.label, segment.duration_ms) == ("check_in", "Check in", None)


# ------------------------------------------------------------------------- repeats and steps


def test_repeat_lays_its_steps_out_once_per_time_with_repetition_numbers() -> None:
    """``repeat: {times: 3}`` of two steps gives six step instances, numbered (n, 3)."""
    timeline = steps(
        """
  - guide: {label: Arrive, duration: 5s}
  - repeat:
      times: 3
      steps:
        - guide: {label: Tense, duration: 5s}
        - rest: {label: Release, duration: 10s}
  - rest: {duration: 20s}
"""
    )
    spans = timeline.steps
    assert [span.label for span in spans] == ["Arrive"] + ["Tense", "Release"] * 3 + ["Rest"]
    assert [span.path for span in spans] == [(0,)] + [(1, 0), (1, 1)] * 3 + [(2,)]
    assert [span.repetition for span in spans] == [
        None,
        (1, 3),
        (1, 3),
        (2, 3),
        (2, 3),
        (3, 3),
        (3, 3),
        None,
    ]
    assert [s.step for s in timeline.segments] == list(range(8))
    assert timeline.fixed_ms == 5_000 + 3 * 15_000 + 20_000
    assert_contiguous(timeline)


def test_nested_repeats_multiply() -> None:
    """A repeat of 2 around a repeat of 3 around a breath step runs it 6 times."""
    timeline = steps(
        """
  - repeat:
      times: 2
      steps:
        - repeat:
            times: 3
            steps:
              - breathe: {pattern: {inhale: 1, exhale: 1}, cycles: 2}
        - hold: {label: Pause}
"""
    )
    assert len(timeline.steps) == 2 * (3 + 1)
    assert [span.kind for span in timeline.steps] == (["breathe"] * 3 + ["hold"]) * 2
    assert [span.path for span in timeline.steps] == ([(0, 0, 0)] * 3 + [(0, 1)]) * 2
    assert timeline.steps[1].repetition == (2, 3)
    assert timeline.steps[3].repetition == (1, 2)
    assert len(timeline.segments) == 2 * (3 * 4 + 1)
    assert timeline.fixed_ms == 2 * 3 * 4_000
    assert_contiguous(timeline)


def test_step_spans_cover_their_segments_exactly() -> None:
    """``segments[first:stop]`` of each step are exactly the segments with that step index."""
    timeline = steps(
        """
  - breathe: {pattern: {inhale: 2, exhale: 3}, cycles: 3}
  - move: {label: Roll, reps: 2, rep: [{label: Up, duration: 1s}, {label: Down, duration: 1s}]}
  - check_in:
"""
    )
    stop = 0
    for span in timeline.steps:
        assert span.first == stop
        stop = span.stop
        inside = timeline.segments[span.first : span.stop]
        assert inside and all(s.step == span.index for s in inside)
        assert all(s.kind == span.kind for s in inside)
    assert stop == len(timeline.segments)


def test_first_segment_of_every_step_rings_the_bell_and_no_other_does_except_sides() -> None:
    """Every step starts with the bell; within a step only a new side rings it again."""
    timeline = steps(
        """
  - guide: {label: Arrive, duration: 5s}
  - repeat:
      times: 2
      steps:
        - breathe: {pattern: {inhale: 2, exhale: 3}, cycles: 2}
        - move: {label: Roll, reps: 2, rep: [{label: Up, duration: 1s}], sides: [left, right]}
  - journal: {prompt: Anything to note?}
"""
    )
    for span in timeline.steps:
        first, *rest = timeline.segments[span.first : span.stop]
        assert first.cues[0] == "bell"
        assert "tick" not in first.cues
        for segment in rest:
            assert ("bell" in segment.cues) == (
                segment.kind == "move" and segment.side == "right" and segment.rep == (1, 2)
            )


def test_timeline_names_the_routine() -> None:
    """The timeline carries the routine's id and name."""
    timeline = timeline_from_yaml(HEAD + "  - rest: {duration: 5s}\n", name="my-rest.yaml")
    assert (timeline.routine_id, timeline.name) == ("my-rest", "Test routine")


def test_measure_agrees_with_the_compiled_timeline() -> None:
    """routine_size.measure counts the segments, fixed time and open segments it compiles to."""
    routine = routine_from_yaml(
        HEAD
        + """
  - repeat:
      times: 3
      steps:
        - breathe: {pattern: {inhale: 1.5, exhale: 1.5}, cycles: 4}
        - hold: {label: Hold, max: 1m}
        - repeat:
            times: 2
            steps:
              - check_in:
  - journal: {prompt: Notes}
"""
    )
    timeline = compile_routine(routine)
    size = measure(routine)
    assert size.segments == len(timeline.segments) == 3 * (8 + 1 + 2) + 1
    assert size.fixed_ms == timeline.fixed_ms == 3 * 12_000
    assert size.open_segments == sum(s.is_open for s in timeline.segments) == 3 * 3 + 1
