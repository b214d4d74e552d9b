"""The loader: valid routine files become ``Routine`` models; limits keep hostile files cheap.

The many ways a file can be wrong, each with its exact message, live in the malformed corpus
(``test_malformed_corpus.py``); this file covers what loads, ids, positions and the limits.
"""

from __future__ import annotations

import inspect
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
import yaml

from app.core.routine import yaml_limits
from app.core.routine.loader import load_routine_file, load_routine_text, read_routine_file
from app.core.routine.model import (
    Breathe,
    CheckIn,
    FourPhasePattern,
    Guide,
    Hold,
    Journal,
    Move,
    PatternPhase,
    Repeat,
    Rest,
    Routine,
    pattern_phases,
    step_body,
    step_kind,
)
from app.core.routine.problems import Problem, RoutineError
from app.core.routine.yaml_source import MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES

EVERYTHING = """\
format: 1
name: Every kind of step
summary: One of each, to prove the format reads them all.
description: |
  A longer text for the details pane.
  On two lines.
tags: [breathwork, evening, wind-down]
regions: [lower_back, neck]
safety: Stop and breathe normally if you feel light-headed.
sound: {breath_tone: true, volume: 0.5}
steps:
  - breathe:
      label: Belly breathing
      prompt: Let the belly rise as you breathe in.
      pattern: {inhale: 4, hold_in: 0, exhale: 6, hold_out: 0}
      duration: 3m
  - breathe:
      label: Physiological sigh
      pattern: [{inhale: 2}, {inhale: 1, label: Top up}, {exhale: 6, label: Long sigh}]
      cycles: 3
  - breathe:
      label: Slowing hum
      pattern: {inhale: 4, hold_in: 1.5, exhale: 4}
      ramp: {inhale: 5, hold_in: 2, exhale: 8}
      labels: {exhale: Hum}
      drone: 130
      cycles: 10
  - guide:
      label: Upper back
      prompt: Bring your attention between the shoulder blades.
      duration: 45s
      region: upper_back
  - move:
      label: Cat-cow
      prompt: On hands and knees.
      reps: 6
      rep: [{label: Arch, duration: 3s}, {label: Round, duration: 2.5}]
      sides: [left, right]
  - rest: {duration: 20s}
  - hold:
      label: Hold the breath out
      max: 3m
  - hold: {label: As long as you like}
  - check_in:
  - check_in: {label: How does your back feel now?}
  - journal: {prompt: What do you feel in your back?}
  - repeat:
      label: Rounds
      times: 2
      steps:
        - repeat:
            times: 3
            steps:
              - rest: {duration: 1m30s}
"""


def load(text: str, name: str = "test.yaml") -> Routine:
    return load_routine_text(textwrap.dedent(text), name, default_id=name.removesuffix(".yaml"))


# ------------------------------------------------------------------------------ valid routines


def test_every_step_kind_and_field_is_read() -> None:
    """Each kind of step, both forms of pattern, labels, drone, ramp, sides, nested repeats and
    the routine's own fields come through with durations in whole milliseconds."""
    routine = load(EVERYTHING, "everything.yaml")
    assert routine.id == "everything"
    assert routine.format == 1
    assert routine.description == "A longer text for the details pane.\nOn two lines."
    assert routine.tags == ["breathwork", "evening", "wind-down"]
    assert routine.regions == ["lower_back", "neck"]
    assert routine.sound.breath_tone is True
    assert routine.sound.volume == 0.5
    assert [step_kind(step) for step in routine.steps] == [
        "breathe",
        "breathe",
        "breathe",
        "guide",
        "move",
        "rest",
        "hold",
        "hold",
        "check_in",
        "check_in",
        "journal",
        "repeat",
    ]
    bodies = [step_body(step) for step in routine.steps]

    belly, sigh, hum = bodies[0], bodies[1], bodies[2]
    assert isinstance(belly, Breathe) and isinstance(belly.pattern, FourPhasePattern)
    assert [(p.kind, p.ms) for p in pattern_phases(belly.pattern)] == [
        ("inhale", 4_000),
        ("exhale", 6_000),
    ]  # zero holds are left out
    assert (belly.duration, belly.cycles) == (180_000, None)

    assert isinstance(sigh, Breathe) and isinstance(sigh.pattern, list)
    assert [(p.kind, p.ms, p.label) for p in sigh.pattern] == [
        ("inhale", 2_000, None),
        ("inhale", 1_000, "Top up"),
        ("exhale", 6_000, "Long sigh"),
    ]
    assert (sigh.cycles, sigh.duration, sigh.label) == (3, None, "Physiological sigh")

    assert isinstance(hum, Breathe) and hum.ramp is not None
    assert [p.ms for p in pattern_phases(hum.pattern)] == [4_000, 1_500, 4_000]
    assert [p.ms for p in pattern_phases(hum.ramp)] == [5_000, 2_000, 8_000]
    assert hum.labels is not None and hum.labels.exhale == "Hum"
    assert hum.drone == 130

    guide, move, rest, capped, open_hold = bodies[3:8]
    assert isinstance(guide, Guide)
    assert (guide.duration, guide.region) == (45_000, "upper_back")
    assert isinstance(move, Move)
    assert [(r.label, r.duration) for r in move.rep] == [("Arch", 3_000), ("Round", 2_500)]
    assert (move.reps, move.sides) == (6, ["left", "right"])
    assert isinstance(rest, Rest) and (rest.label, rest.duration) == ("Rest", 20_000)
    assert isinstance(capped, Hold) and capped.max == 180_000
    assert isinstance(open_hold, Hold) and open_hold.max is None

    bare, labelled, journal, repeat = bodies[8:]
    assert bare == CheckIn(label="Check in")  # `- check_in:` with no body takes the defaults
    assert isinstance(labelled, CheckIn) and labelled.label == "How does your back feel now?"
    assert isinstance(journal, Journal) and journal.label == "Journal"
    assert isinstance(repeat, Repeat) and repeat.times == 2
    inner = step_body(repeat.steps[0])
    assert isinstance(inner, Repeat) and inner.times == 3
    assert step_body(inner.steps[0]) == Rest(duration=90)  # the model reads seconds, too


def test_a_loaded_routine_round_trips_through_its_own_dump() -> None:
    """Dumping a routine (durations in seconds) and loading the YAML of that dump gives back an
    equal routine, with or without the unset fields written out as null."""
    routine = load(EVERYTHING, "everything.yaml")
    for exclude_none in (False, True):
        dumped = yaml.safe_dump(routine.model_dump(mode="json", exclude_none=exclude_none))
        assert load_routine_text(dumped, "dumped.yaml") == routine


def test_the_id_defaults_to_the_file_name(tmp_path: Path) -> None:
    """Without an id line, the id is the file name without .yaml; its position is (1, 1)."""
    path = tmp_path / "desk-reset.yaml"
    path.write_text("name: Desk reset\nsummary: S.\nsteps:\n  - rest: {duration: 20s}\n")
    loaded = read_routine_file(path)
    assert loaded.routine.id == "desk-reset"
    assert loaded.id_position == (1, 1)


def test_an_id_given_in_the_file_wins_over_the_file_name(tmp_path: Path) -> None:
    """An explicit id is used as written, and the loader says where it is written."""
    path = tmp_path / "Some File Name.yaml"
    path.write_text(
        "name: Desk reset\nsummary: S.\nid: desk-reset-2\nsteps:\n  - rest: {duration: 20s}\n"
    )
    loaded = read_routine_file(path)
    assert loaded.routine.id == "desk-reset-2"
    assert loaded.id_position == (3, 5)


def test_a_file_name_that_is_no_id_asks_for_an_id_line(tmp_path: Path) -> None:
    """A file whose name is not a valid id, and that has no id line, says to add one."""
    path = tmp_path / "My Routine.yaml"
    path.write_text("name: Mine\nsummary: S.\nsteps:\n  - rest: {duration: 20s}\n")
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: id: the file name 'My Routine' is not a valid id; add an id: line"
    ]


def test_text_without_a_default_id_needs_an_id_line() -> None:
    """load_routine_text with no default id and no id line reports the missing id."""
    with pytest.raises(RoutineError) as caught:
        load_routine_text("name: N\nsummary: S\nsteps:\n  - rest: {duration: 5}\n", "inline")
    assert caught.value.first_line == "inline:1:1: id: missing required field 'id'"


def test_text_around_values_is_trimmed() -> None:
    """Spaces around names and labels are not part of them."""
    routine = load(
        "name: '  Padded  '\nsummary: S\nsteps:\n  - rest: {duration: 5, label: ' L '}\n"
    )
    assert routine.name == "Padded"
    body = step_body(routine.steps[0])
    assert isinstance(body, Rest) and body.label == "L"


def test_yaml_anchors_and_aliases_within_the_limits_are_allowed() -> None:
    """Sharing a pattern through an anchor and an alias is plain YAML and loads."""
    routine = load(
        """\
        name: Shared pattern
        summary: S
        steps:
          - breathe: {pattern: &slow {inhale: 4, exhale: 6}, cycles: 3}
          - rest: {duration: 10s}
          - breathe: {pattern: *slow, cycles: 3}
        """
    )
    first, second = step_body(routine.steps[0]), step_body(routine.steps[2])
    assert isinstance(first, Breathe) and isinstance(second, Breathe)
    assert first.pattern == second.pattern


def test_a_list_pattern_phase_is_a_pattern_phase() -> None:
    """A phase written as a one-key mapping with an optional label is a PatternPhase."""
    routine = load(
        "name: N\nsummary: S\nsteps:\n"
        "  - breathe: {pattern: [{exhale: 4, label: Out}, {inhale: 4}], cycles: 1}\n"
    )
    body = step_body(routine.steps[0])
    assert isinstance(body, Breathe)
    assert body.pattern == [
        PatternPhase(exhale=4, label="Out"),
        PatternPhase(inhale=4),
    ]


# ----------------------------------------------------------------------------------- positions

POSITION_SAMPLES = (
    "name: N\nsummary: S\nsteps:\n  - rest:\n      duration: 3 minutes\n",
    "name: N\nsummary: S\nsteps:\n  - breathe: {pattern: [{inhale: 2, exhale: 4}], cycles: 1}\n",
    "name: N\nsummary: S\nsteps:\n  - breathe:\n    pattern: {inhale: 4, exhale: 4}\n",
    "name: N\nsummary: S\ntags: [a,\n  b\nsteps: []\n",
    "name: N\nsummary: 'open\n",
    "name: N\nsummary: S\nsteps:\n  - rest: {duration: 5}\n  - rest: {duration: 5}\n"
    "  - journal: {prompt: P, lable: L}\n",
)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("text", POSITION_SAMPLES)
def test_libyaml_and_the_pure_python_parser_report_the_same_lines(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader uses libyaml when PyYAML has it; without it, every problem line (position and
    words) is the same. (The malformed corpus runs under both parsers as well.)"""

    def problems() -> list[str]:
        with pytest.raises(RoutineError) as caught:
            load_routine_text(text, "t.yaml", default_id="t")
        return [str(p) for p in caught.value.problems]

    monkeypatch.setattr(yaml_limits, "Loader", yaml.CSafeLoader)
    with_libyaml = problems()
    monkeypatch.setattr(yaml_limits, "Loader", yaml.SafeLoader)
    assert problems() == with_libyaml


def test_a_value_is_located_by_its_line_and_column() -> None:
    """Columns count from 1 at the first character of the value, in block and flow style."""
    text = "name: N\nsummary: S\nsteps:\n  - rest: {duration: -1}\n  - guide:\n      duration: x\n"
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "t.yaml", default_id="t")
    assert [(p.line, p.column, p.field) for p in caught.value.problems] == [
        (4, 22, "steps.0.rest.duration"),
        (6, 7, "steps.1.guide.label"),  # missing: at the mapping that lacks it
        (6, 17, "steps.1.guide.duration"),
    ]


def test_a_routine_error_always_holds_at_least_one_problem() -> None:
    """RoutineError refuses to be empty; its text is one problem per line."""
    with pytest.raises(ValueError):
        RoutineError([])
    error = RoutineError([Problem("f", 1, 2, "a", "x"), Problem("f", 3, 4, "b", "y")])
    assert str(error) == "f:1:2: a: x\nf:3:4: b: y"
    assert error.first_line == "f:1:2: a: x"


# -------------------------------------------------------------------------------------- limits


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """A 1 GiB file (sparse, so it costs no disk) is refused with one line after reading at most
    the limit and one byte: memory use stays far below the file's size."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(1 << 30)
    tracemalloc.start()
    try:
        with pytest.raises(RoutineError) as caught:
            load_routine_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(p) for p in caught.value.problems] == [f"{path}:1:1: file: larger than 256 KiB"]
    assert peak < 4 * MAX_FILE_BYTES


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_stream_is_refused_at_the_size_limit() -> None:
    """Even a file that never ends (/dev/zero) is refused: reading stops at the limit."""
    with pytest.raises(RoutineError) as caught:
        load_routine_file(Path("/dev/zero"))
    assert caught.value.first_line == "/dev/zero:1:1: file: larger than 256 KiB"


def test_a_file_just_under_the_size_limit_is_read(tmp_path: Path) -> None:
    """The limit is on size alone: a valid file padded with comments to the limit loads."""
    text = "name: N\nsummary: S\nsteps:\n  - rest: {duration: 5}\n"
    padding = MAX_FILE_BYTES - len(text)
    path = tmp_path / "padded.yaml"
    path.write_text(text + "#" * (padding - 1) + "\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_routine_file(path).name == "N"


def _bomb(levels: int, width: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\nname: N\nsummary: S\nsteps:\n  - rest: {duration: 5}\n"


@pytest.mark.parametrize(("levels", "width"), [(9, 9), (12, 8), (30, 3)])
def test_an_alias_bomb_is_refused_without_being_expanded(levels: int, width: int) -> None:
    """Aliases that would expand to billions of values (or more) are counted, not expanded: the
    file is refused holding a few MB at most (expanded, it would take gigabytes). How long it
    takes is a bench figure (bench/render.py), not a test."""
    text = _bomb(levels, width)
    tracemalloc.start()
    try:
        with pytest.raises(RoutineError) as caught:
            load_routine_text(text, "bomb.yaml", default_id="bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024
    (problem,) = caught.value.problems
    assert problem.field == "yaml"
    assert problem.message in (
        f"aliases make this value expand to more than {MAX_NODES:,} values",
        f"more than {MAX_ALIASES} aliases",
    )


def test_more_aliases_than_the_limit_are_refused_at_the_first_one_too_many() -> None:
    """Each alias is cheap, but a file may hold only so many."""
    refs = ", ".join(["*x"] * (MAX_ALIASES + 1))
    text = f"x: &x 1\ny: [{refs}]\n"
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "t.yaml", default_id="t")
    column = len("y: [") + len("*x, ") * MAX_ALIASES + 1
    assert caught.value.first_line == f"t.yaml:2:{column}: yaml: more than {MAX_ALIASES} aliases"


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_is_refused_at_the_limit_without_recursing(opener: str) -> None:
    """Ten thousand nested lists or mappings stop at the depth limit, at the first level too
    deep (the routine's own mapping is the first level). Nothing recurses into the nesting: the
    file is refused with the stack limited to a couple of hundred frames more than the test
    needs. (How long it takes is a bench figure, not a test.)"""
    text = "name: " + opener * 10_000
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 200)
    try:
        with pytest.raises(RoutineError) as caught:
            load_routine_text(text, "t.yaml", default_id="t")
    finally:
        sys.setrecursionlimit(limit)
    column = len("name: ") + len(opener) * (MAX_DEPTH - 1) + 1
    assert caught.value.first_line == f"t.yaml:1:{column}: yaml: nested deeper than 40 levels"


def test_nesting_at_the_depth_limit_is_read() -> None:
    """The limit is not off by one: 40 levels (the routine mapping included) are fine."""
    depth = MAX_DEPTH - 1  # the routine's own mapping is the first level
    text = "description: " + "[" * depth + "]" * depth + "\nname: N\nsummary: S\nsteps: []\n"
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "t.yaml", default_id="t")
    assert [p.field for p in caught.value.problems] == ["description", "steps"]


def test_too_many_values_are_refused_at_the_first_one_over_the_limit() -> None:
    """A file may hold at most MAX_NODES values (keys and collections count)."""
    text = "tags: [" + ", ".join(["a"] * (MAX_NODES + 10)) + "]\n"
    assert len(text) < MAX_FILE_BYTES
    with pytest.raises(RoutineError) as caught:
        load_routine_text(text, "t.yaml", default_id="t")
    # The mapping, the key and the list are the first three values; then one item each.
    column = len("tags: [") + len("a, ") * (MAX_NODES - 3) + 1
    assert caught.value.first_line == f"t.yaml:1:{column}: yaml: more than {MAX_NODES:,} values"


def test_a_file_name_with_a_line_break_still_gives_one_line(tmp_path: Path) -> None:
    """Whatever a file is called, each problem prints as exactly one line."""
    path = tmp_path / "two\nlines.yaml"
    path.write_text("name: [\n", encoding="utf-8")
    with pytest.raises(RoutineError) as raised:
        load_routine_file(path)
    (line,) = str(raised.value).splitlines()
    assert line.startswith(f"{tmp_path}/two\\nlines.yaml:2:1: yaml: ")
