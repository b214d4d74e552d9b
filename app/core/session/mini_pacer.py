"""The mini pacer's timing: one breath pattern, repeated, from ``clock() - start``.

The pattern is one cycle of a breathe step as the timeline compiler lays it out (the same
segments, words and integer milliseconds a session plays), so the orb at the edge of the screen
breathes exactly as the session's pacer would. Nothing counts ticks: where the breath stands is
``(clock() - start - time paused) mod cycle``, however late or seldom the window asks. Time
paused (idle away from the keyboard, hidden behind a full-screen window or a session) is left
out of the practice. A pacer with a length fades out over its last seconds and is then over.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

from app.core.routine.model import Breathe, BreatheStep, Routine, step_body
from app.core.session.clock import NS_PER_MS, Clock
from app.core.session.pacer_model import ORB_MAX, ORB_MIN, ease_in_out
from app.core.session.timeline import Segment, Timeline, compile_routine

#: How long the orb takes to fade away at the end of its time.
FADE_MS = 3_000
#: A moving orb is redrawn at most this often: a breath of several seconds needs no more, and
#: every frame wakes the process and the X server.
MOVING_FRAME_MS = 50
#: ...and at least this often while it moves, however slowly.
SLOWEST_FRAME_MS = 250
#: A frame is due once the orb's edge has moved this far (where the breath turns, it barely
#: does): an antialiased edge moving by less than a pixel still looks smooth.
FRAME_STEP_PX = 0.75
#: The longest a pacer runs when asked for a number of minutes.
MAX_MINUTES = 240

MiniTone = Literal["inhale", "hold", "exhale"]

RESONANCE_ID = "resonance"
RESONANCE = Routine.model_validate(
    {
        "id": RESONANCE_ID,
        "name": "Resonance breathing",
        "summary": "Five and a half seconds in, five and a half out.",
        "steps": [
            {
                "breathe": {
                    "label": "Resonance breathing",
                    "pattern": {"inhale": 5.5, "exhale": 5.5},
                    "cycles": 1,
                }
            }
        ],
    }
)


@dataclass(frozen=True, slots=True)
class BreathPattern:
    """One breath cycle to repeat: the segments of a breathe step's first cycle, from 0."""

    routine_id: str
    name: str  # "Resonance breathing", or "Belly breathing (3-Minute Diaphragmatic …)"
    segments: tuple[Segment, ...]
    #: the routine cut down to this one cycle, and its timeline (the breath tone is made from
    #: them, as a session's cues are)
    routine: Routine | None = None
    timeline: Timeline | None = None

    def __post_init__(self) -> None:
        if not self.segments or any(s.duration_ms is None for s in self.segments):
            raise ValueError("a breath pattern needs phases of fixed length")

    @property
    def cycle_ms(self) -> int:
        return sum(segment.duration_ms or 0 for segment in self.segments)

    def describe(self) -> str:
        """The pattern in numbers, as the history keeps it: "in 5.5 s · out 5.5 s"."""
        return " · ".join(
            f"{_PHASE_WORDS.get(s.phase or '', s.word)} {_seconds(s.duration_ms or 0)}"
            for s in self.segments
        )


_PHASE_WORDS = {"inhale": "in", "hold_in": "hold", "exhale": "out", "hold_out": "hold"}


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g} s"


def breathe_steps(routine: Routine) -> list[Breathe]:
    """The routine's breathe steps in the order they are written, repeats not expanded."""
    found: list[Breathe] = []

    def walk(steps: list[object]) -> None:
        for step in steps:
            body = step_body(step)  # type: ignore[arg-type]
            if isinstance(body, Breathe):
                found.append(body)
            steps_inside = getattr(body, "steps", None)
            if isinstance(steps_inside, list):
                walk(steps_inside)

    walk(list(routine.steps))
    return found


def breath_pattern(routine: Routine, step: int = 1) -> BreathPattern:
    """The first cycle of the routine's *step*-th breathe step (counting from 1), compiled as a
    session compiles it; ``ValueError`` when the routine has no such step."""
    steps = breathe_steps(routine)
    if not steps:
        raise ValueError(f"{routine.id} has no breathe step to pace")
    if not 1 <= step <= len(steps):
        raise ValueError(f"{routine.id} has {len(steps)} breathe step(s), not {step}")
    body = steps[step - 1].model_copy(update={"cycles": 1, "duration": None, "ramp": None})
    single = routine.model_copy(update={"steps": [BreatheStep(breathe=body)]})
    timeline = compile_routine(single)
    # Each phase sounds its own cue (when the breath tone is on); no bell to open each cycle.
    first = timeline.segments[0]
    segments = (
        replace(first, cues=tuple(c for c in first.cues if c != "bell")),
        *timeline.segments[1:],
    )
    timeline = replace(timeline, segments=segments)
    name = routine.name if routine.id == RESONANCE_ID else f"{body.label} ({routine.name})"
    if routine.id != RESONANCE_ID and body.label.casefold() == routine.name.casefold():
        name = routine.name
    return BreathPattern(routine.id, name, segments, single, timeline)


def resonance() -> BreathPattern:
    return breath_pattern(RESONANCE)


@dataclass(frozen=True, slots=True)
class MiniFrame:
    """What the orb shows now."""

    scale: float  # ORB_MIN..ORB_MAX: the orb's radius as a share of the largest
    fill: float  # 0..1 through the breath (the reduced-motion ring: full at the top of a breath)
    tone: MiniTone
    word: str  # In, Hold, Out, or the step's own word
    opacity: float  # 1, falling to 0 over the last FADE_MS
    moving: bool  # whether the next moment looks different (no redraw needed on a hold)
    phase_left_ms: int  # until the phase changes
    phase: tuple[int, int] = (0, 0)  # (which cycle, which of its segments), counting from 0


class MiniPacer:
    """One run of the mini pacer. ``start()``, then read ``frame()`` whenever the window
    paints; ``pause()``/``resume()`` as the user goes idle or the orb is hidden."""

    def __init__(self, pattern: BreathPattern, clock: Clock, minutes: int | None = None) -> None:
        if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
            raise ValueError(f"the pacer runs 1 to {MAX_MINUTES} minutes")
        self.pattern = pattern
        self.minutes = minutes
        self._clock = clock
        self._start_ns: int | None = None
        self._paused_at: int | None = None
        self._paused_ns = 0
        self._stopped_at: int | None = None
        self._moving_since = 0  # when it last started or resumed

    # ----------------------------------------------------------------------------- commands

    def start(self) -> None:
        if self._start_ns is None:
            self._start_ns = self._moving_since = self._clock()

    def pause(self, since_ms: int = 0) -> None:
        """Stop the breath; *since_ms* back-dates the pause (the user has been idle that
        long already), never to before the pacer last started or resumed."""
        if self._start_ns is not None and self._paused_at is None and self._stopped_at is None:
            now = self._clock()
            self._paused_at = max(self._moving_since, now - since_ms * NS_PER_MS)

    def resume(self) -> None:
        if self._paused_at is not None:
            now = self._clock()
            self._paused_ns += now - self._paused_at
            self._paused_at = None
            self._moving_since = now

    def stop(self) -> None:
        """The user stopped it (or the app is quitting); stopped while paused, the practice
        ended when the pause began."""
        if self._start_ns is not None and self._stopped_at is None:
            self._stopped_at = self._paused_at if self._paused_at is not None else self._clock()

    # ------------------------------------------------------------------------------ reading

    @property
    def started(self) -> bool:
        return self._start_ns is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def length_ms(self) -> int | None:
        return None if self.minutes is None else self.minutes * 60_000

    def practised_ms(self) -> int:
        """Time breathed with the orb: pauses left out, capped at the length asked for."""
        if self._start_ns is None:
            return 0
        now = self._stopped_at or self._paused_at or self._clock()
        elapsed = max(0, (now - self._start_ns - self._paused_ns) // NS_PER_MS)
        length = self.length_ms
        return elapsed if length is None else min(elapsed, length)

    @property
    def over(self) -> bool:
        length = self.length_ms
        return self._stopped_at is not None or (
            length is not None and self.practised_ms() >= length
        )

    def frame(self) -> MiniFrame:
        """The orb at this instant."""
        elapsed = self.practised_ms()
        segments = self.pattern.segments
        into = elapsed % self.pattern.cycle_ms
        index = next((i for i, s in enumerate(segments) if into < s.end_ms), len(segments) - 1)
        segment = segments[index]
        duration = segment.duration_ms or 1
        progress = min(1.0, max(0.0, (into - segment.start_ms) / duration))
        tone: MiniTone
        if segment.phase == "inhale":
            tone, level = "inhale", ease_in_out(progress)
        elif segment.phase == "exhale":
            tone, level = "exhale", 1.0 - ease_in_out(progress)
        else:
            tone, level = "hold", 1.0 if segment.phase == "hold_in" else 0.0
        return MiniFrame(
            scale=ORB_MIN + (ORB_MAX - ORB_MIN) * level,
            fill=level,
            tone=tone,
            word=segment.word,
            opacity=self._opacity(elapsed),
            moving=tone != "hold" and not self.paused and not self.over,
            phase_left_ms=max(0, segment.end_ms - into),
            phase=(elapsed // self.pattern.cycle_ms, index),
        )

    def next_frame_ms(self, px_per_level: float = 0.0) -> int | None:
        """How long until the orb looks different: while it moves, until its edge has moved
        ``FRAME_STEP_PX`` (*px_per_level*: how many pixels the whole breath moves it; 0 draws
        every ``MOVING_FRAME_MS``), within ``MOVING_FRAME_MS``..``SLOWEST_FRAME_MS``; while it
        fades, every ``MOVING_FRAME_MS``; the rest of a hold while it holds; None while paused
        or once over."""
        if self._start_ns is None or self.paused or self.over:
            return None
        frame = self.frame()
        length = self.length_ms
        fading = length is not None and length - self.practised_ms() <= FADE_MS
        if fading:
            return MOVING_FRAME_MS
        if frame.moving:
            return self._moving_frame_ms(frame, px_per_level)
        left = frame.phase_left_ms
        if length is not None:
            left = min(left, max(1, length - FADE_MS - self.practised_ms()))
        return max(1, left)

    def _moving_frame_ms(self, frame: MiniFrame, px_per_level: float) -> int:
        if px_per_level <= 0:
            return MOVING_FRAME_MS
        into = self.practised_ms() % self.pattern.cycle_ms
        segment = next(s for s in self.pattern.segments if into < s.end_ms)
        duration = segment.duration_ms or 1
        progress = (into - segment.start_ms) / duration
        # The ease rises from 0 to 1 through the phase (in and out alike): when does it next
        # rise by one step's worth of pixels?
        eased = ease_in_out(progress) + FRAME_STEP_PX / px_per_level
        ahead = 1.0 if eased >= 1 else math.acos(1 - 2 * eased) / math.pi
        wait = (ahead - progress) * duration
        wait = min(float(SLOWEST_FRAME_MS), max(float(MOVING_FRAME_MS), wait))
        return max(1, min(int(wait), frame.phase_left_ms))

    def _opacity(self, elapsed_ms: int) -> float:
        length = self.length_ms
        if length is None:
            return 0.0 if self._stopped_at is not None else 1.0
        return min(1.0, max(0.0, (length - elapsed_ms) / FADE_MS))
