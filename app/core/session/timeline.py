"""Routine → Timeline: every repeat, cycle, ramp, repetition and side laid out in order.

A timeline is immutable and exact: integer milliseconds, each fixed segment starting where the one
before it ends. Open segments (``hold``, ``check_in``, ``journal``) have no duration: they end when
the user says so (or at their ``max``), and count as zero in ``start_ms``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from app.core.routine.limits import MAX_SEGMENTS
from app.core.routine.model import (
    Breathe,
    BreathPhase,
    CheckIn,
    Guide,
    Hold,
    Journal,
    Move,
    Region,
    Repeat,
    Rest,
    Routine,
    Side,
    Step,
    pattern_phases,
    step_body,
)
from app.core.routine.size import breath_cycle_lengths, measure, phase_lengths

SegmentKind = Literal["breathe", "guide", "move", "rest", "hold", "check_in", "journal"]

#: Sounds a segment asks for at its start; the audio layer decides what each sounds like.
Cue = Literal["bell", "inhale", "exhale", "hold", "tick"]

DEFAULT_WORDS: dict[BreathPhase, str] = {
    "inhale": "In",
    "hold_in": "Hold",
    "exhale": "Out",
    "hold_out": "Hold",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of the session with one instruction: a breath phase, a rep phase, a guide..."""

    index: int
    step: int  # which step instance (0-based), repeats expanded
    kind: SegmentKind
    label: str  # the step's label
    word: str  # the pacer's word: In, Hold, Out, Hum, Arch, Rest...
    start_ms: int  # from the start of the session, open segments counted as zero
    duration_ms: int | None  # None: open, ends on the user's word (or at max_ms)
    phase: str | None = None  # breathe: inhale/hold_in/exhale/hold_out; move: the rep phase label
    prompt: str | None = None
    region: Region | None = None
    max_ms: int | None = None
    cycle: tuple[int, int] | None = None  # (this cycle, of cycles), counting from 1
    rep: tuple[int, int] | None = None  # (this repetition, of reps), counting from 1
    side: Side | None = None
    drone_hz: float | None = None
    cues: tuple[Cue, ...] = ()
    say: str | None = None  # what the voice says as it starts (a step's, or a side's, first)
    voice: str | None = None  # a step's first segment: its recorded narration, if any

    @property
    def is_open(self) -> bool:
        return self.duration_ms is None

    @property
    def end_ms(self) -> int:
        return self.start_ms + (self.duration_ms or 0)


@dataclass(frozen=True, slots=True)
class StepSpan:
    """One step instance: its segments are ``segments[first:stop]``."""

    index: int
    path: tuple[int, ...]  # where it is written: step indexes through each repeat
    kind: SegmentKind
    label: str
    first: int
    stop: int
    repetition: tuple[int, int] | None = None  # the innermost repeat's (n, of), counting from 1


@dataclass(frozen=True, slots=True)
class Timeline:
    routine_id: str
    name: str
    segments: tuple[Segment, ...]
    steps: tuple[StepSpan, ...]
    fixed_ms: int = field(default=0)

    @property
    def has_open(self) -> bool:
        return any(segment.is_open for segment in self.segments)

    @property
    def total_ms(self) -> int | None:
        """The whole length, or None when the user ends some segments."""
        return None if self.has_open else self.fixed_ms


def compile_routine(routine: Routine) -> Timeline:
    size = measure(routine)
    if size.segments > MAX_SEGMENTS:
        raise ValueError(f"{routine.id} expands to {size.segments} segments")
    builder = _Builder()
    builder.add_steps(routine.steps, (), None)
    return Timeline(
        routine_id=routine.id,
        name=routine.name,
        segments=tuple(builder.segments),
        steps=tuple(builder.steps),
        fixed_ms=builder.clock_ms,
    )


class _Builder:
    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.steps: list[StepSpan] = []
        self.clock_ms = 0

    def add_steps(
        self, steps: list[Step], path: tuple[int, ...], repetition: tuple[int, int] | None
    ) -> None:
        for number, step in enumerate(steps):
            body = step_body(step)
            if isinstance(body, Repeat):
                for n in range(body.times):
                    self.add_steps(body.steps, (*path, number), (n + 1, body.times))
                continue
            first = len(self.segments)
            step_index = len(self.steps)
            kind: SegmentKind = "rest"
            label = ""
            for segment in _segments(body, step_index, first, self.clock_ms):
                self.segments.append(segment)
                self.clock_ms += segment.duration_ms or 0
                kind, label = segment.kind, segment.label
            self.steps.append(
                StepSpan(
                    step_index, (*path, number), kind, label, first, len(self.segments), repetition
                )
            )


def spoken_text(body: object) -> str | None:
    """What the voice says as a step starts: its ``say:``, else its label and prompt; None for
    a breathe step (its breath is paced by tones) and for ``say: false``."""
    say = getattr(body, "say", None)
    if say is False or isinstance(body, Breathe):
        return None
    if isinstance(say, str):
        return say
    label: str = getattr(body, "label", "")
    prompt: str | None = getattr(body, "prompt", None)
    if not prompt:
        return label
    return f"{label} {prompt}" if label[-1:] in ".?!:;" else f"{label}. {prompt}"


def _segments(body: object, step: int, first: int, start_ms: int) -> Iterator[Segment]:
    """The segments of one (non-repeat) step; the first carries the step's bell and voice."""
    index, clock = first, start_ms
    text = spoken_text(body)
    for segment in _raw_segments(body):
        cues = segment.cues
        spoken: dict[str, object] = {}
        if index == first:
            cues = ("bell", *(cue for cue in cues if cue != "tick"))
            spoken = {"say": text, "voice": getattr(body, "voice", None)}
        elif segment.side is not None and cues == ("bell",) and text is not None:
            spoken = {"say": f"Now the {segment.side} side."}  # the other side's bell
        yield _with(segment, index=index, step=step, start_ms=clock, cues=cues, **spoken)
        index += 1
        clock += segment.duration_ms or 0


def _with(segment: Segment, **changes: object) -> Segment:
    from dataclasses import replace

    return replace(segment, **changes)  # type: ignore[arg-type]


def _raw_segments(body: object) -> Iterator[Segment]:
    match body:
        case Breathe():
            yield from _breathe(body)
        case Guide():
            yield Segment(0, 0, "guide", body.label, body.label, 0, body.duration,
                          prompt=body.prompt, region=body.region)  # fmt: skip
        case Rest():
            yield Segment(0, 0, "rest", body.label, body.label, 0, body.duration,
                          prompt=body.prompt)  # fmt: skip
        case Move():
            yield from _move(body)
        case Hold():
            yield Segment(0, 0, "hold", body.label, "Hold", 0, None,
                          prompt=body.prompt, max_ms=body.max)  # fmt: skip
        case CheckIn():
            yield Segment(0, 0, "check_in", body.label, "Check in", 0, None, prompt=body.prompt)
        case Journal():
            yield Segment(0, 0, "journal", body.label, "Journal", 0, None, prompt=body.prompt)
        case _:  # pragma: no cover - the model has no other kind
            raise TypeError(f"unknown step {body!r}")


_PHASE_CUES: dict[BreathPhase, Cue] = {
    "inhale": "inhale",
    "hold_in": "hold",
    "exhale": "exhale",
    "hold_out": "hold",
}


def _breathe(body: Breathe) -> Iterator[Segment]:
    phases = pattern_phases(body.pattern)
    overrides = body.labels.model_dump(exclude_none=True) if body.labels else {}
    cycles = len(breath_cycle_lengths(body))
    for cycle in range(cycles):
        lengths = phase_lengths(body, cycle, cycles)
        for phase, ms in zip(phases, lengths, strict=True):
            kind = phase.kind
            yield Segment(
                0,
                0,
                "breathe",
                body.label,
                phase.label or overrides.get(kind) or DEFAULT_WORDS[kind],
                0,
                ms,
                phase=kind,
                prompt=body.prompt,
                cycle=(cycle + 1, cycles),
                drone_hz=body.drone if kind == "exhale" else None,
                cues=(_PHASE_CUES[kind],),
            )


def _move(body: Move) -> Iterator[Segment]:
    sides: list[Side | None] = list(body.sides) if body.sides else [None]
    for side in sides:
        for rep in range(body.reps):
            for number, phase in enumerate(body.rep):
                side_starts = side is not None and side != sides[0] and rep == 0 and number == 0
                yield Segment(
                    0,
                    0,
                    "move",
                    body.label,
                    phase.label,
                    0,
                    phase.duration,
                    phase=phase.label,
                    prompt=body.prompt,
                    region=body.region,
                    rep=(rep + 1, body.reps),
                    side=side,
                    cues=("bell",) if side_starts else ("tick",),
                )
