"""The routines shipped with the app: valid, uniquely named, as timed as they say, playable."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.routine.library_filter import length_text
from app.core.routine.loader import load_routine_file
from app.core.routine.model import Routine
from app.core.session.clock import FakeClock
from app.core.session.player import Event, Finished, Player, PlayerState, SegmentStarted
from app.core.session.timeline import Timeline, compile_routine
from tests.conftest import BUILTIN_ROUTINES, REPO
from tests.support.routine_content import (
    length_problems,
    open_hold_problems,
    quick_problems,
    region_problems,
    safety_problems,
)

FILES = sorted(BUILTIN_ROUTINES.glob("*.yaml"))


def load(routine_id: str) -> tuple[Routine, Timeline]:
    routine = load_routine_file(BUILTIN_ROUTINES / f"{routine_id}.yaml")
    return routine, compile_routine(routine)


def test_the_library_ships_at_least_twenty_five_routines() -> None:
    """The built-in folder holds the whole starter library, all as .yaml files."""
    assert len(FILES) >= 25
    assert not list(BUILTIN_ROUTINES.glob("*.yml"))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_builtin_routine_validates(path: Path) -> None:
    """Each file loads without a problem and compiles to a non-empty timeline."""
    routine = load_routine_file(path)
    timeline = compile_routine(routine)
    assert timeline.segments
    assert timeline.fixed_ms > 0


def test_ids_are_unique_and_equal_to_the_file_names() -> None:
    """A routine's id is its file name, so `unbrace run ID` and the file agree."""
    ids = [load_routine_file(path).id for path in FILES]
    assert ids == [path.stem for path in FILES]
    assert len(set(ids)) == len(ids)


def test_diaphragmatic_breathing_lasts_exactly_three_minutes() -> None:
    """diaphragmatic-3min: 18 cycles of 4 + 6 s, exactly 180 s, nothing open."""
    _, timeline = load("diaphragmatic-3min")
    assert timeline.total_ms == 180_000
    assert [s.duration_ms for s in timeline.segments] == [4_000, 6_000] * 18


def test_four_seven_eight_has_exactly_four_cycles_of_four_seven_eight() -> None:
    """breathing-4-7-8: its breathe step is 4 cycles of in 4 s, hold 7 s, out 8 s."""
    _, timeline = load("breathing-4-7-8")
    breaths = [s for s in timeline.segments if s.kind == "breathe"]
    assert {s.cycle for s in breaths} == {(n, 4) for n in range(1, 5)}
    assert [(s.phase, s.duration_ms) for s in breaths] == [
        ("inhale", 4_000),
        ("hold_in", 7_000),
        ("exhale", 8_000),
    ] * 4


def test_box_breathing_is_four_even_sides_of_four_seconds() -> None:
    """box-breathing: in, hold, out, hold, 4 s each, for whole cycles."""
    _, timeline = load("box-breathing")
    breaths = [s for s in timeline.segments if s.kind == "breathe"]
    assert breaths
    assert len(breaths) % 4 == 0
    assert [(s.phase, s.duration_ms) for s in breaths] == [
        ("inhale", 4_000),
        ("hold_in", 4_000),
        ("exhale", 4_000),
        ("hold_out", 4_000),
    ] * (len(breaths) // 4)


@pytest.mark.parametrize("routine_id", ["retention-rounds", "cold-finish"])
def test_risky_routines_carry_a_safety_note(routine_id: str) -> None:
    """Breath retention and cold exposure say plainly when to stop and who should not try."""
    routine, _ = load(routine_id)
    assert routine.safety is not None
    assert len(routine.safety) > 40


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_a_length_stated_in_words_is_the_timelines(path: Path) -> None:
    """A length in words ("About four minutes", "3-Minute …") is the timeline's, within 10 %."""
    routine = load_routine_file(path)
    assert length_problems(routine, compile_routine(routine)) == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_quick_routines_take_three_minutes_or_less(path: Path) -> None:
    routine = load_routine_file(path)
    assert quick_problems(routine, compile_routine(routine)) == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_open_hold_says_how_to_end_it(path: Path) -> None:
    assert open_hold_problems(compile_routine(load_routine_file(path))) == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_emotional_and_risky_practices_carry_a_safety_note(path: Path) -> None:
    """Inner-child work, journaling, release, body scans and safe touch say: eyes open if you
    prefer, skip anything, stop if overwhelmed, a trauma-informed therapist for deep work;
    retention, cold, shaking, rolling and twists say when to stop."""
    assert safety_problems(load_routine_file(path)) == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_listed_region_is_worked_by_a_step(path: Path) -> None:
    """The library's region filter finds a routine only for a region a step lights or names."""
    routine = load_routine_file(path)
    assert region_problems(routine, compile_routine(routine)) == []


def test_the_readme_lists_every_builtin_routine_with_its_length() -> None:
    """The README's table of built-in routines names each one by its id, with the length the
    library shows, and no routine that is not there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The built-in routines\n", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ")]
    listed = {cells[1].strip().strip("`"): cells[2].strip() for cells in rows[2:]}
    expected = {}
    for path in FILES:
        timeline = compile_routine(load_routine_file(path))
        expected[path.stem] = length_text(timeline.fixed_ms, timeline.has_open, compact=True)
    assert listed == expected


def play_through(timeline: Timeline, clock: FakeClock) -> list[Event]:
    """Play *timeline* as a user would: wait for every boundary, Continue on open segments."""
    player = Player(timeline, clock)
    events = player.start()
    for _ in range(10 * len(timeline.segments) + 10):
        if player.state.is_over:
            break
        wakeup = player.next_wakeup_ns()
        if wakeup is None:
            assert player.state is PlayerState.PLAYING
            assert player.segment.is_open
            clock.advance(5)
            events += player.finish_open()
        else:
            clock.set(max(clock(), wakeup))
            events += player.advance()
    assert player.state is PlayerState.FINISHED
    return events


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_builtin_routine_plays_to_the_end(path: Path, clock: FakeClock) -> None:
    """Each routine plays from its count-in to FINISHED, every segment started once, in order."""
    timeline = compile_routine(load_routine_file(path))
    events = play_through(timeline, clock)
    started = [e.segment.index for e in events if isinstance(e, SegmentStarted)]
    assert started == list(range(len(timeline.segments)))
    (finished,) = [e for e in events if isinstance(e, Finished)]
    assert finished.completed
    # Capped holds run to their cap; the others are continued after 5 s.
    open_ms = sum(s.max_ms or 5_000 for s in timeline.segments if s.is_open)
    assert finished.practised_ms == timeline.fixed_ms + open_ms
    assert finished.step == len(timeline.steps) - 1
