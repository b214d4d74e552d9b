"""A small sign for each routine in the library: its breathing pattern, or where on the body
it works.

A routine that is mostly breathing (more time in breathe steps than in the others) is shown by
its main pattern — the one it breathes longest — as a tiny in, hold, out, hold shape; any other
routine by a little figure with its body regions lit. Worked out without Qt, once per entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.routine.model import (
    Breathe as BreatheBody,
)
from app.core.routine.model import (
    BreathPhase,
    Region,
    Routine,
    Step,
    pattern_phases,
    step_body,
)
from app.core.routine.model import (
    Guide as GuideBody,
)
from app.core.routine.model import (
    Move as MoveBody,
)
from app.core.routine.model import (
    Repeat as RepeatBody,
)
from app.core.routine.model import (
    Rest as RestBody,
)


@dataclass(frozen=True, slots=True)
class BreathGlyph:
    """The main breathing pattern: each phase and its length in ms, in order."""

    phases: tuple[tuple[BreathPhase, int], ...]

    @property
    def words(self) -> str:
        """``in 4 · hold 7 · out 8``, for screen readers and tooltips."""
        names = {"inhale": "in", "hold_in": "hold", "exhale": "out", "hold_out": "hold"}
        return " · ".join(f"{names[kind]} {ms / 1000:g}" for kind, ms in self.phases)


@dataclass(frozen=True, slots=True)
class BodyGlyph:
    """The body regions the routine works with."""

    regions: frozenset[Region]


Glyph = BreathGlyph | BodyGlyph


@dataclass
class _Tally:
    breath_ms: int = 0
    other_ms: int = 0
    best: tuple[int, BreatheBody] | None = None
    regions: set[Region] | None = None


def _walk(steps: Sequence[Step], times: int, tally: _Tally) -> None:
    for step in steps:
        body = step_body(step)
        if isinstance(body, BreatheBody):
            cycle = sum(phase.ms for phase in pattern_phases(body.pattern))
            ms = body.duration if body.duration is not None else (body.cycles or 0) * cycle
            tally.breath_ms += ms * times
            if tally.best is None or ms * times > tally.best[0]:
                tally.best = (ms * times, body)
        elif isinstance(body, RepeatBody):
            _walk(body.steps, times * body.times, tally)
        elif isinstance(body, GuideBody | RestBody):
            tally.other_ms += body.duration * times
        elif isinstance(body, MoveBody):
            sides = len(body.sides or ()) or 1
            tally.other_ms += body.reps * sum(p.duration for p in body.rep) * sides * times
        if isinstance(body, GuideBody | MoveBody) and body.region is not None:
            tally.regions = (tally.regions or set()) | {body.region}


def routine_glyph(routine: Routine) -> Glyph:
    """The routine's sign: its main pattern when it is mostly breathing, else its regions."""
    tally = _Tally()
    _walk(routine.steps, 1, tally)
    regions = frozenset(routine.regions) or frozenset(tally.regions or ())
    if tally.best is not None and (tally.breath_ms >= tally.other_ms or not regions):
        pattern = pattern_phases(tally.best[1].pattern)
        return BreathGlyph(tuple((phase.kind, phase.ms) for phase in pattern))
    return BodyGlyph(regions or frozenset({"whole_body"}))
