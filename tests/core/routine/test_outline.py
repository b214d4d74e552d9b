"""The outline of a routine in the details pane: one line per written step, with its length."""

from __future__ import annotations

from pathlib import Path

from app.core.routine.library import RoutineEntry, RoutineFolder, load_library
from app.core.routine.outline import OutlineLine, describe, outline, total_text
from app.core.session.timeline import compile_routine
from tests.conftest import BUILTIN_ROUTINES
from tests.support.routines import routine_from_yaml, timeline_from_yaml

EVERY_KIND = """
    name: Every kind
    summary: One of each step.
    steps:
      - breathe: {label: Belly breathing, pattern: {inhale: 4, exhale: 6}, duration: 3m}
      - guide: {label: Upper back, duration: 45s, region: upper_back}
      - move:
          label: Cat-cow
          reps: 6
          rep: [{label: Arch, duration: 3s}, {label: Round, duration: 3s}]
          sides: [left, right]
      - move: {label: Shrug, reps: 1, rep: [{label: Up, duration: 2}], sides: [left]}
      - rest: {duration: 20s}
      - hold: {label: Hold the breath out, max: 3m}
      - hold: {label: Cold water}
      - check_in: {label: How does your back feel now?}
      - journal: {prompt: What do you feel?}
      - repeat:
          label: Round
          times: 3
          steps:
            - breathe:
                label: Box
                pattern: {inhale: 4, hold_in: 4, exhale: 4, hold_out: 4}
                cycles: 2
            - repeat:
                times: 2
                steps:
                  - guide: {label: Tense, duration: 5s}
                  - rest: {label: Release, duration: 10s}
"""


def _lines(text: str) -> list[str]:
    return [str(line) for line in outline(routine_from_yaml(text))]


def test_every_step_kind_has_one_line_with_its_length() -> None:
    assert _lines(EVERY_KIND) == [
        "Belly breathing: 4 in · 6 out, 18 cycles — 3m",
        "Upper back — 45s",
        "Cat-cow: 6 reps × 2 sides — 1m12s",
        "Shrug: 1 rep, left side — 2s",
        "Rest — 20s",
        "Hold the breath out — open (max 3m)",
        "Cold water — open",
        "How does your back feel now? — open",
        "Journal — open",
        "3 × Round — 3m6s",
        "  Box: 4 in · 4 hold · 4 out · 4 hold, 2 cycles — 32s",
        "  2 × Tense, Release — 30s",
        "    Tense — 5s",
        "    Release — 10s",
    ]


def test_lines_carry_depth_kind_and_fixed_length() -> None:
    lines = outline(routine_from_yaml(EVERY_KIND))
    repeat = lines[9]
    assert repeat == OutlineLine(0, "repeat", "3 × Round", "3m6s", 186_000, False)
    assert [line.depth for line in lines[9:]] == [0, 1, 1, 2, 2]
    assert lines[5].kind == "hold" and lines[5].has_open and lines[5].fixed_ms == 0


def test_a_repeat_with_an_open_step_says_so() -> None:
    text = """
        name: Rounds
        summary: Breaths and a hold.
        steps:
          - repeat:
              times: 3
              steps:
                - breathe: {pattern: [{inhale: 1.5}, {exhale: 1.5}], cycles: 30}
                - hold: {label: Hold, max: 3m}
    """
    assert _lines(text) == [
        "3 × Breathe, Hold — 4m30s + open steps",
        "  Breathe: 1.5 in · 1.5 out, 30 cycles — 1m30s",
        "  Hold — open (max 3m)",
    ]


def test_list_patterns_ramps_and_single_cycles() -> None:
    text = """
        name: Shapes
        summary: Patterns.
        steps:
          - breathe:
              label: Sigh
              pattern: [{inhale: 2}, {inhale: 1, label: Top up}, {exhale: 6, label: Long sigh}]
              cycles: 1
          - breathe:
              label: Slowing down
              pattern: {inhale: 3, exhale: 4}
              ramp: {inhale: 5, exhale: 7}
              duration: 5m
    """
    lines = _lines(text)
    assert lines[0] == "Sigh: 2 in · 1 in · 6 out, 1 cycle — 9s"
    assert lines[1].startswith("Slowing down: 3 in · 4 out → 5 in · 7 out, ")
    timeline = timeline_from_yaml(text)
    assert timeline.fixed_ms == 9_000 + outline(routine_from_yaml(text))[1].fixed_ms


def test_line_lengths_add_up_to_the_compiled_timeline_for_every_builtin_routine() -> None:
    library = load_library([RoutineFolder(BUILTIN_ROUTINES, "builtin")])
    for entry in library.routines:
        assert entry.routine is not None
        top = [line for line in outline(entry.routine) if line.depth == 0]
        timeline = compile_routine(entry.routine)
        assert sum(line.fixed_ms for line in top) == timeline.fixed_ms, entry.id
        assert any(line.has_open for line in top) == timeline.has_open, entry.id


def test_total_text_names_the_fixed_length_and_open_steps() -> None:
    assert total_text(timeline_from_yaml(EVERY_KIND)) == "8m25s + open steps"
    fixed = "name: A\nsummary: B\nsteps:\n  - rest: {duration: 3m}\n"
    assert total_text(timeline_from_yaml(fixed)) == "3m"
    only_open = "name: A\nsummary: B\nsteps:\n  - journal: {prompt: How?}\n"
    assert total_text(timeline_from_yaml(only_open)) == "open"


def test_describe_a_builtin_routine_for_the_details_pane() -> None:
    library = load_library([RoutineFolder(BUILTIN_ROUTINES, "builtin")])
    entry = library.find("retention-rounds")
    assert entry is not None
    details = describe(entry)
    assert details.name == "Retention Rounds"
    assert details.origin == "Built-in"
    assert details.startable
    assert details.safety is not None and "light-headed" in details.safety
    assert details.regions == ("Chest", "Belly", "Whole body")
    assert details.total == "7m45s + open steps"
    lines = [str(line) for line in details.outline]
    assert lines[1:3] == [
        "Thirty full breaths: 1.5 in · 1.5 out, 30 cycles — 1m30s",
        "Hold the breath out — open (max 1m30s)",  # the first round's hold stays gentle
    ]
    assert lines[5:8] == [
        "2 × Round — 4m10s + open steps",
        "  Thirty full breaths: 1.5 in · 1.5 out, 30 cycles — 1m30s",
        "  Hold the breath out — open (max 3m)",
    ]


def test_describe_a_broken_file_lists_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: Broken\nsummary: x\nsteps: nope\n", encoding="utf-8")
    entry = load_library([RoutineFolder(tmp_path, "user")]).entries[0]
    details = describe(entry)
    assert not details.startable
    assert details.name == "broken.yaml"
    assert details.origin == "Yours"
    assert details.problems and details.problems[0].startswith(f"{path}:3:")
    assert details.outline == ()


def test_a_user_routine_replacing_a_builtin_says_so(tmp_path: Path) -> None:
    routine = routine_from_yaml("name: A\nsummary: B\nsteps:\n  - rest: {duration: 3m}\n")
    entry = RoutineEntry(tmp_path / "a.yaml", "user", routine, overrides=tmp_path / "b.yaml")
    assert describe(entry).origin == "Yours, replacing a built-in routine"
