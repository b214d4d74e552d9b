"""Properties that hold for every routine and every way of playing it, checked with Hypothesis.

The profile (``ci`` or ``dev``) comes from tests/support/hypothesis_profiles.py.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

import tests.support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from app.core.routine.loader import load_routine_text
from app.core.routine.model import BREATH_PHASES, REGIONS, STEP_KINDS, Routine
from app.core.routine.problems import RoutineError
from app.core.routine.size import measure
from app.core.session.clock import NS_PER_MS, FakeClock
from app.core.session.player import UNDO_MS, Event, Finished, Player
from app.core.session.timeline import Timeline, compile_routine
from tests.support.player_checks import check_snapshot

# ------------------------------------------------------------------ (1) any document at all

#: Words a routine file uses, so that random documents reach deep into validation.
VOCABULARY = [
    "format",
    "id",
    "name",
    "summary",
    "description",
    "tags",
    "regions",
    "safety",
    "sound",
    "breath_tone",
    "volume",
    "steps",
    *STEP_KINDS,
    *BREATH_PHASES,
    "label",
    "labels",
    "prompt",
    "pattern",
    "ramp",
    "cycles",
    "duration",
    "drone",
    "region",
    "reps",
    "rep",
    "sides",
    "max",
    "times",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(VOCABULARY),
    st.sampled_from([*REGIONS, "left", "right", "3m", "90s", "1m30s", "1h", "0.5", "-4", "4x"]),
    st.from_regex(r"\A[0-9.]{0,6}[hms]?[0-9.]{0,4}[hms]?\Z"),
)
keys = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=8), st.integers(), st.booleans())


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
        # A step-like mapping: one key naming a kind of step.
        st.dictionaries(st.sampled_from(STEP_KINDS), children, min_size=1, max_size=1),
    )


documents = st.recursive(scalars, _extend, max_leaves=40)

routine_like = st.fixed_dictionaries(
    {
        "name": scalars,
        "summary": scalars,
        "steps": st.lists(
            st.dictionaries(
                st.sampled_from(STEP_KINDS),
                st.dictionaries(st.sampled_from(VOCABULARY), documents, max_size=6),
                min_size=1,
                max_size=2,
            ),
            max_size=4,
        ),
    },
    optional={
        "id": scalars,
        "format": scalars,
        "tags": documents,
        "regions": documents,
        "sound": documents,
        "safety": scalars,
    },
)

yaml_texts = st.one_of(
    st.text(),
    st.text(alphabet=" \n\t:-[]{},#&*!|>'\"%@`?.0123456789abhmsxyz_"),
    st.builds(
        lambda doc, flow: yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True),
        st.one_of(documents, routine_like),
        st.sampled_from([None, True, False]),
    ),
)

HUGE_DURATION = "name: x\nsummary: y\nsteps:\n  - rest: {duration: " + "9" * 400 + "}\n"


@given(yaml_texts)
@example(HUGE_DURATION)
@example("&a [*a]")
@example("name: x\nsummary: y\nsteps: &s [{repeat: {times: 2, steps: *s}}]\n")
@example("? !!binary aGk=\n: 3\n")
@example("name: x\nsummary: y\nsteps: [{breathe: {pattern: {inhale: .inf}, cycles: 1}}]\n")
def test_any_text_loads_as_a_routine_or_raises_only_routine_error(text: str) -> None:
    """Whatever the text, loading it gives a Routine or a RoutineError, never another exception."""
    try:
        routine = load_routine_text(text, "fuzz.yaml", default_id="fuzz")
    except RoutineError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == "fuzz.yaml"
            assert problem.line >= 1
            assert problem.column >= 1
            assert str(problem).startswith("fuzz.yaml:")
    else:
        assert isinstance(routine, Routine)


@pytest.mark.parametrize(
    "step",
    [
        "rest: {duration: HUGE}",
        "hold: {label: Hold, max: HUGE}",
        "breathe: {pattern: {inhale: HUGE, exhale: 4}, cycles: 1}",
        "breathe: {pattern: {inhale: 4, hold_in: HUGE, exhale: 4}, cycles: 1}",
        "move: {label: Roll, reps: 1, rep: [{label: Up, duration: HUGE}]}",
    ],
)
def test_a_whole_number_too_big_for_a_float_is_a_routine_error(step: str) -> None:
    """A 400-digit duration is reported as a problem at its position, not an OverflowError."""
    text = "name: x\nsummary: y\nsteps:\n  - " + step.replace("HUGE", "9" * 400) + "\n"
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "huge.yaml", default_id="huge")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("huge.yaml", 4)


# ---------------------------------------------------------------- (2) valid routines compile


def _seconds(ms: int) -> st.SearchStrategy[object]:
    """The ways a routine file can write *ms*: a number of seconds or a text with units."""
    forms: list[object] = [ms / 1000, f"{ms // 1000}.{ms % 1000:03d}s"]
    if ms % 1000 == 0:
        forms.append(ms // 1000)
    if ms % 60_000 == 0:
        forms.append(f"{ms // 60_000}m")
    if ms > 60_000 and ms % 1000 == 0:
        forms.append(f"{ms // 60_000}m{ms // 1000 % 60}s")
    return st.sampled_from(forms)


def duration_value(low_ms: int, high_ms: int) -> st.SearchStrategy[object]:
    return st.integers(low_ms, high_ms).flatmap(_seconds)


phase_ms = st.integers(500, 12_000)
labels = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).filter(str.strip)


@st.composite
def breathe_step(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if draw(st.booleans()):
        holds = {
            name: draw(st.sampled_from(["none", "zero", "some"]))
            for name in ("hold_in", "hold_out")
        }

        def mapping() -> dict[str, Any]:
            pattern: dict[str, Any] = {
                "inhale": draw(phase_ms.flatmap(_seconds)),
                "exhale": draw(phase_ms.flatmap(_seconds)),
            }
            for name, hold in holds.items():
                if hold == "zero":
                    pattern[name] = 0
                elif hold == "some":
                    pattern[name] = draw(phase_ms.flatmap(_seconds))
            return pattern

        body["pattern"] = mapping()
        if draw(st.booleans()):
            body["ramp"] = mapping()
    else:
        kinds = draw(st.lists(st.sampled_from(BREATH_PHASES), min_size=1, max_size=4))

        def phase_list() -> list[dict[str, Any]]:
            phases = []
            for kind in kinds:
                phase: dict[str, Any] = {kind: draw(phase_ms.flatmap(_seconds))}
                if draw(st.booleans()):
                    phase["label"] = draw(labels)
                phases.append(phase)
            return phases

        body["pattern"] = phase_list()
        if draw(st.booleans()):
            body["ramp"] = phase_list()
    if draw(st.booleans()):
        body["cycles"] = draw(st.integers(1, 6))
    else:
        body["duration"] = draw(duration_value(1_000, 40_000))
    if draw(st.booleans()):
        body["labels"] = draw(st.dictionaries(st.sampled_from(BREATH_PHASES), labels, max_size=2))
    if draw(st.booleans()):
        body["drone"] = draw(st.integers(40, 2_000))
    if draw(st.booleans()):
        body["label"] = draw(labels)
    return {"breathe": body}


def _timed(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda label, duration: {kind: {"label": label, "duration": duration}},
        labels,
        duration_value(1_000, 30_000),
    )


move_step = st.builds(
    lambda label, reps, rep, sides: {
        "move": {"label": label, "reps": reps, "rep": rep, **({"sides": sides} if sides else {})}
    },
    labels,
    st.integers(1, 4),
    st.lists(
        st.builds(
            lambda label, ms: {"label": label, "duration": ms}, labels, phase_ms.flatmap(_seconds)
        ),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from([None, ["left"], ["right"], ["left", "right"], ["right", "left"]]),
)

open_steps = st.one_of(
    st.builds(
        lambda label, cap: {"hold": {"label": label, **({"max": cap} if cap else {})}},
        labels,
        st.one_of(st.none(), duration_value(1_000, 20_000)),
    ),
    st.sampled_from([{"check_in": None}, {"check_in": {"label": "How is it?"}}]),
    st.just({"journal": {"prompt": "What do you notice?"}}),
)


def step_lists(depth: int, with_open: bool) -> st.SearchStrategy[list[dict[str, Any]]]:
    kinds = [breathe_step(), _timed("guide"), _timed("rest"), move_step]
    if with_open:
        kinds.append(open_steps)
    if depth > 0:
        kinds.append(
            st.builds(
                lambda times, steps: {"repeat": {"times": times, "steps": steps}},
                st.integers(1, 3),
                step_lists(depth - 1, with_open),
            )
        )
    return st.lists(st.one_of(kinds), min_size=1, max_size=3)


def routine_texts(with_open: bool = True) -> st.SearchStrategy[str]:
    return st.builds(
        lambda steps, flow: yaml.safe_dump(
            {"name": "Generated", "summary": "A generated routine.", "steps": steps},
            default_flow_style=flow,
            sort_keys=False,
        ),
        step_lists(2, with_open),
        st.sampled_from([None, False]),
    )


def compiled(text: str) -> tuple[Routine, Timeline]:
    routine = load_routine_text(text, "generated.yaml", default_id="generated")
    return routine, compile_routine(routine)


@given(routine_texts())
def test_valid_routines_compile_to_contiguous_timelines_that_measure_agrees_with(
    text: str,
) -> None:
    """Any valid routine compiles to contiguous, exact segments; measure() counts the same."""
    routine, timeline = compiled(text)
    clock = 0
    for number, segment in enumerate(timeline.segments):
        assert segment.index == number
        assert segment.start_ms == clock
        assert segment.duration_ms is None or (
            type(segment.duration_ms) is int and segment.duration_ms >= 500
        )
        assert segment.is_open == (segment.kind in ("hold", "check_in", "journal"))
        clock += segment.duration_ms or 0
    assert timeline.fixed_ms == clock
    assert timeline.fixed_ms == sum(s.duration_ms or 0 for s in timeline.segments)
    size = measure(routine)
    assert size.fixed_ms == timeline.fixed_ms
    assert size.segments == len(timeline.segments)
    assert size.open_segments == sum(s.is_open for s in timeline.segments)
    assert (timeline.total_ms is None) == timeline.has_open
    stop = 0
    for span in timeline.steps:
        assert span.first == stop < span.stop
        stop = span.stop
        first = timeline.segments[span.first]
        assert first.cues[0] == "bell"
        assert all(s.step == span.index for s in timeline.segments[span.first : span.stop])
    assert stop == len(timeline.segments)


# ------------------------------------------------------------- (3) pauses never cost time


def _run_out(player: Player, clock: FakeClock) -> list[Event]:
    """Wake the player at each boundary it asks for until it is done."""
    events: list[Event] = []
    while (wakeup := player.next_wakeup_ns()) is not None:
        clock.set(max(clock(), wakeup))
        events += player.advance()
    return events


@given(
    routine_texts(with_open=False),
    st.sampled_from([0, 3_000]),
    st.lists(st.tuples(st.integers(0, 20_000_000_000), st.integers(0, 10**13)), max_size=6),
)
def test_pausing_never_changes_the_remaining_time_and_shifts_the_end_by_the_pauses(
    text: str, count_in_ms: int, pauses: list[tuple[int, int]]
) -> None:
    """After (play, pause) stretches of any length, the end is start + total + time paused."""
    _, timeline = compiled(text)
    total_ms = timeline.total_ms
    assert total_ms is not None
    clock = FakeClock()
    player = Player(timeline, clock, count_in_ms=count_in_ms)
    t0 = clock()
    events = player.start()
    paused_ns = 0
    for play_ns, pause_ns in pauses:
        clock.advance(ns=play_ns)
        events += player.advance()
        if player.state.is_over:
            break
        before = player.snapshot()
        events += player.pause()
        clock.advance(ns=pause_ns)
        during = player.snapshot()
        events += player.resume()
        after = player.snapshot()
        paused_ns += pause_ns
        for snap in (during, after):
            assert snap.remaining_ms == before.remaining_ms
            assert snap.elapsed_ms == before.elapsed_ms
            assert snap.segment == before.segment
            assert snap.count_in_remaining_ms == before.count_in_remaining_ms
            assert snap.segment_remaining_ms == before.segment_remaining_ms
    events += _run_out(player, clock)
    finished = [e for e in events if isinstance(e, Finished)]
    assert len(finished) == 1
    assert finished[0].completed
    assert finished[0].at_ns == t0 + (count_in_ms + total_ms) * NS_PER_MS + paused_ns
    assert finished[0].practised_ms == total_ms


# ---------------------------------------------------------- (4) any commands, no surprises

commands = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "skip",
                "back",
                "pause",
                "resume",
                "finish_open",
                "toggle",
                "snapshot",
                "end_early",
                "undo_end",
            ]
        ),
        st.integers(0, 120_000_000_000),  # advance the clock by this many nanoseconds
    ),
    max_size=25,
)


@given(routine_texts(), st.sampled_from([0, 1_500, 3_000]), commands)
def test_any_command_sequence_keeps_the_player_consistent_and_skips_always_end_it(
    text: str, count_in_ms: int, script: list[str | int]
) -> None:
    """Commands in any order never raise; then resuming and skipping reaches FINISHED/STOPPED
    (skipping the last step ends early, final once the undo window has passed)."""
    _, timeline = compiled(text)
    clock = FakeClock()
    player = Player(timeline, clock, count_in_ms=count_in_ms)
    events = player.start()
    for command in script:
        if isinstance(command, int):
            clock.advance(ns=command)
            events += player.advance()
        else:
            result = getattr(player, command)()
            if command != "snapshot":
                events += result
        check_snapshot(player)
    player.resume()
    clock.advance(ns=count_in_ms * NS_PER_MS)
    events += player.advance()
    for _ in range(len(timeline.steps) + 1):
        events += player.skip()
    clock.advance(ns=UNDO_MS * NS_PER_MS)
    events += player.advance()
    assert player.state.is_over
    stamps = [e.at_ns for e in events]
    assert stamps == sorted(stamps)
    assert all(stamp <= clock() for stamp in stamps)
    assert sum(isinstance(e, Finished) for e in events) == 1
