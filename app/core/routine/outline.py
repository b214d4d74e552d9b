"""A routine as the details pane shows it: its steps outlined as written, each with its length.

A repeat is one line (``3 × Round``) followed by its own steps, one level deeper; nothing is
expanded, so the outline reads like the file. Lengths come from the same arithmetic as the
timeline compiler (``app.core.routine.size``), without building a timeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from app.core.routine.durations import format_duration
from app.core.routine.library import RoutineEntry, Source
from app.core.routine.library_filter import length_text, region_name
from app.core.routine.model import (
    Breathe,
    BreathPhase,
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
    Step,
    StepKind,
    pattern_phases,
    step_body,
    step_kind,
)
from app.core.routine.size import breath_cycle_lengths, measure
from app.core.session.timeline import DEFAULT_WORDS, Timeline

#: "4 in · 6 out": the pacer's own words for the phases, as they read inside a line
_PHASE_WORDS: dict[BreathPhase, str] = {kind: word.lower() for kind, word in DEFAULT_WORDS.items()}


@dataclass(frozen=True, slots=True)
class OutlineLine:
    """One step as written: ``Belly breathing: 4 in · 6 out, 18 cycles`` and its length ``3m``."""

    depth: int  # 0 at the top, one more inside each repeat
    kind: StepKind
    text: str
    length: str  # "3m", "open", "open (max 3m)", "6m + open steps"
    fixed_ms: int  # the length of what has one (open steps count as zero)
    has_open: bool

    def __str__(self) -> str:
        return f"{'  ' * self.depth}{self.text} — {self.length}"


def outline(routine: Routine) -> list[OutlineLine]:
    """One line per step as the user wrote it, repeats followed by their steps, indented."""
    lines: list[OutlineLine] = []
    _add_steps(routine.steps, 0, lines)
    return lines


def total_text(timeline: Timeline) -> str:
    """The whole length: ``3m``, ``4m10s + open steps``, or ``open``."""
    return length_text(timeline.fixed_ms, timeline.has_open)


def _add_steps(steps: list[Step], depth: int, lines: list[OutlineLine]) -> tuple[int, bool]:
    """Add the lines of *steps*; return their fixed length and whether any is open."""
    fixed, has_open = 0, False
    for step in steps:
        step_fixed, step_open = _add_step(step, depth, lines)
        fixed += step_fixed
        has_open = has_open or step_open
    return fixed, has_open


def _add_step(step: Step, depth: int, lines: list[OutlineLine]) -> tuple[int, bool]:
    kind = cast(StepKind, step_kind(step))
    body = step_body(step)
    if isinstance(body, Repeat):
        at = len(lines)
        inner_fixed, inner_open = _add_steps(body.steps, depth + 1, lines)
        fixed = inner_fixed * body.times
        text = f"{body.times} × {body.label or _labels(body.steps)}"
        lines.insert(
            at,
            OutlineLine(depth, kind, text, length_text(fixed, inner_open), fixed, inner_open),
        )
        return fixed, inner_open
    text, fixed, length = _describe(body)
    has_open = length.startswith("open")
    lines.append(OutlineLine(depth, kind, text, length, fixed, has_open))
    return fixed, has_open


def _labels(steps: list[Step]) -> str:
    """An unlabelled repeat's name: the labels of its steps, ``Tense, Release``."""
    labels = [getattr(step_body(step), "label", None) or step_kind(step) for step in steps[:3]]
    return ", ".join(labels) + (", …" if len(steps) > 3 else "")


def _describe(body: object) -> tuple[str, int, str]:
    """The text, fixed length and length text of one step that is not a repeat."""
    match body:
        case Breathe():
            cycles = breath_cycle_lengths(body)
            count = f"{len(cycles)} cycle" + ("" if len(cycles) == 1 else "s")
            shape = _pattern_text(body.pattern)
            if body.ramp is not None:
                shape += f" → {_pattern_text(body.ramp)}"
            total = sum(cycles)
            return f"{body.label}: {shape}, {count}", total, format_duration(total)
        case Move():
            sides = body.sides or []
            total = max(1, len(sides)) * body.reps * sum(phase.duration for phase in body.rep)
            reps = f"{body.reps} rep" + ("" if body.reps == 1 else "s")
            if len(sides) == 2:
                reps += " × 2 sides"
            elif len(sides) == 1:
                reps += f", {sides[0]} side"
            return f"{body.label}: {reps}", total, format_duration(total)
        case Guide() | Rest():
            return body.label, body.duration, format_duration(body.duration)
        case Hold():
            limit = f" (max {format_duration(body.max)})" if body.max is not None else ""
            return body.label, 0, "open" + limit
        case CheckIn() | Journal():
            return body.label, 0, "open"
    raise TypeError(f"unknown step {body!r}")  # pragma: no cover - the model has no other kind


def _pattern_text(pattern: FourPhasePattern | list[PatternPhase]) -> str:
    return " · ".join(
        f"{phase.ms / 1000:g} {_PHASE_WORDS[phase.kind]}" for phase in pattern_phases(pattern)
    )


# ------------------------------------------------------------------------------ the details pane


@dataclass(frozen=True, slots=True)
class RoutineDetails:
    """Everything the details pane shows about one library entry, ready to display."""

    id: str
    path: Path
    source: Source
    name: str
    summary: str = ""
    description: str | None = None
    safety: str | None = None
    tags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # human names: "Upper back"
    outline: tuple[OutlineLine, ...] = ()
    total: str = ""
    problems: tuple[str, ...] = ()  # an invalid file's errors, one line each
    overrides: Path | None = None
    breathes: bool = False  # has a breathe step (the mini pacer can breathe its pattern)

    @property
    def startable(self) -> bool:
        return not self.problems

    @property
    def origin(self) -> str:
        """Where the routine comes from, in a few words."""
        if self.source == "user":
            return "Yours, replacing a built-in routine" if self.overrides else "Yours"
        return "Built-in" if self.source == "builtin" else f"From {self.path.parent}"


def describe(entry: RoutineEntry) -> RoutineDetails:
    """What the details pane shows for *entry*, valid or not."""
    routine = entry.routine
    if routine is None:
        problems = tuple(str(p) for p in entry.error.problems) if entry.error else ("unreadable",)
        return RoutineDetails(
            entry.id, entry.path, entry.source, entry.path.name, problems=problems
        )
    size = measure(routine)
    return RoutineDetails(
        id=routine.id,
        path=entry.path,
        source=entry.source,
        name=routine.name,
        summary=routine.summary,
        description=routine.description or None,
        safety=routine.safety,
        tags=tuple(routine.tags),
        regions=tuple(region_name(region) for region in routine.regions),
        outline=tuple(outline(routine)),
        total=length_text(size.fixed_ms, size.open_segments > 0),
        overrides=entry.overrides,
        breathes=any(kind == "breathe" for kind in _kinds(routine.steps)),
    )


def _kinds(steps: list[Step]) -> Iterator[str]:
    """The kind of every step, those inside repeats included."""
    for step in steps:
        body = step_body(step)
        if isinstance(body, Repeat):
            yield from _kinds(body.steps)
        else:
            yield step_kind(step)
