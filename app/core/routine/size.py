"""How big a routine is once expanded — counted, never built, so huge repeats cost nothing."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.routine.model import (
    Breathe,
    CheckIn,
    Guide,
    Hold,
    Journal,
    Move,
    Repeat,
    Rest,
    Routine,
    Step,
    pattern_phases,
    step_body,
)


@dataclass(frozen=True, slots=True)
class Size:
    segments: int
    fixed_ms: int
    open_segments: int


def measure(routine: Routine) -> Size:
    return _measure_steps(routine.steps)


def _measure_steps(steps: list[Step]) -> Size:
    segments = fixed = opened = 0
    for step in steps:
        size = _measure_body(step_body(step))
        segments += size.segments
        fixed += size.fixed_ms
        opened += size.open_segments
    return Size(segments, fixed, opened)


def _measure_body(body: object) -> Size:
    match body:
        case Breathe():
            cycles = breath_cycle_lengths(body)
            return Size(len(cycles) * len(pattern_phases(body.pattern)), sum(cycles), 0)
        case Guide() | Rest():
            return Size(1, body.duration, 0)
        case Move():
            sides = len(body.sides or [None])
            per_rep = sum(phase.duration for phase in body.rep)
            return Size(sides * body.reps * len(body.rep), sides * body.reps * per_rep, 0)
        case Hold() | CheckIn() | Journal():
            return Size(1, 0, 1)
        case Repeat():
            inner = _measure_steps(body.steps)
            return Size(
                inner.segments * body.times,
                inner.fixed_ms * body.times,
                inner.open_segments * body.times,
            )
    raise TypeError(f"unknown step {body!r}")  # pragma: no cover - the model has no other kind


def phase_lengths(body: Breathe, cycle: int, cycles: int) -> list[int]:
    """The length in ms of each phase of cycle *cycle* (0-based) of *cycles*, ramp applied."""
    start = [phase.ms for phase in pattern_phases(body.pattern)]
    if body.ramp is None or cycles == 1:
        return start
    end = [phase.ms for phase in pattern_phases(body.ramp)]
    t = cycle / (cycles - 1)
    return [round(a + (b - a) * t) for a, b in zip(start, end, strict=True)]


def breath_cycle_lengths(body: Breathe) -> list[int]:
    """The length in ms of every cycle of a breathe step.

    With ``duration``, the step runs the whole number of cycles whose total is closest to it (the
    smaller count on a tie, so a step never runs longer than it must).
    """
    if body.cycles is not None:
        return _lengths(body, body.cycles)
    assert body.duration is not None  # the model requires one of the two
    start = sum(phase.ms for phase in pattern_phases(body.pattern))
    end = sum(phase.ms for phase in pattern_phases(body.ramp)) if body.ramp else start
    estimate = max(1, round(body.duration / ((start + end) / 2)))
    best: list[int] | None = None
    for count in range(max(1, estimate - 2), estimate + 3):
        lengths = _lengths(body, count)
        if best is None or abs(sum(lengths) - body.duration) < abs(sum(best) - body.duration):
            best = lengths
    assert best is not None
    return best


def _lengths(body: Breathe, cycles: int) -> list[int]:
    """``sum(phase_lengths(body, i, cycles))`` for every cycle, with the phases read once (a
    library of a thousand routines measures hundreds of thousands of cycles)."""
    start = [phase.ms for phase in pattern_phases(body.pattern)]
    if body.ramp is None or cycles == 1:
        return [sum(start)] * cycles
    end = [phase.ms for phase in pattern_phases(body.ramp)]
    return [
        sum(round(a + (b - a) * (i / (cycles - 1))) for a, b in zip(start, end, strict=True))
        for i in range(cycles)
    ]
