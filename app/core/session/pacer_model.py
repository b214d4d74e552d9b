"""What the pacer shows, computed from a player snapshot: orb size, colour role, words, counters.

Kept out of the widget so the rule of how the orb moves is tested without Qt, and the widget only
paints the numbers it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from app.core.routine.durations import format_clock
from app.core.session.player import PlayerState, Snapshot
from app.core.session.timeline import Timeline

#: The orb's size, as a share of the largest it can be, at the bottom and top of a breath.
ORB_MIN = 0.42
ORB_MAX = 1.0
#: The top of the slow pulse of a guide, move or rest step: a gentler swell than a breath's.
PULSE_TOP = 0.74

Tone = Literal["inhale", "hold", "exhale", "rest", "guide", "move", "open", "idle"]


def ease_in_out(t: float) -> float:
    """Sine ease: slow at both ends, like a breath turning."""
    t = min(1.0, max(0.0, t))
    return 0.5 - 0.5 * math.cos(math.pi * t)


@dataclass(frozen=True, slots=True)
class Pace:
    """The rise and fall of the pulse that guide, move and rest steps show."""

    inhale_ms: int
    exhale_ms: int

    @property
    def cycle_ms(self) -> int:
        return self.inhale_ms + self.exhale_ms


#: An easy breathing pace, about six breaths a minute: for routines without one of their own.
EASY_PACE = Pace(inhale_ms=4000, exhale_ms=6000)
#: A routine's own pace is used for the pulse only when it is at least this slow.
SLOWEST_PULSE_MS = 6000


def breath_pace(timeline: Timeline) -> Pace:
    """The routine's own pace (the in and out of its first breath), if it is a slow one; else
    ``EASY_PACE``. A quick or missing breath would make the pulse restless."""
    inhale = exhale = None
    for segment in timeline.segments:
        if segment.kind != "breathe" or segment.duration_ms is None:
            continue
        if segment.phase == "inhale" and inhale is None:
            inhale = segment.duration_ms
        elif segment.phase == "exhale" and inhale is not None:
            exhale = segment.duration_ms
            break
    if inhale is None or exhale is None or inhale + exhale < SLOWEST_PULSE_MS:
        return EASY_PACE
    return Pace(inhale_ms=inhale, exhale_ms=exhale)


def pulse_scale(step_ms: float, pace: Pace) -> float:
    """The orb's size *step_ms* into a guide, move or rest step: it starts small, swells over
    the pace's inhale and settles over its exhale, again and again."""
    at = step_ms % pace.cycle_ms
    if at < pace.inhale_ms:
        rise = ease_in_out(at / pace.inhale_ms)
    else:
        rise = 1.0 - ease_in_out((at - pace.inhale_ms) / pace.exhale_ms)
    return ORB_MIN + (PULSE_TOP - ORB_MIN) * rise


@dataclass(frozen=True, slots=True)
class PacerFrame:
    scale: float  # ORB_MIN..ORB_MAX: the orb's radius as a share of the largest
    fill: float  # 0..1: the reduced-motion bar, and the ring around the orb
    tone: Tone  # the colour role
    word: str  # In, Hold, Out, Hum, Arch, Rest, 3 2 1 ...
    countdown: str  # seconds left in this phase ("4"), a stopwatch for open steps ("0:42"), or ""
    step_label: str
    prompt: str
    counter: str  # "Breath 3 of 18", "Rep 2 of 6", "up to 3:00", ""
    time_left: str  # "2:41 left"
    progress: float  # 0..1 of the whole session
    side: str = ""  # "Left side" in a move step done on each side, shown large
    paused: bool = False  # the word and orb stay as they were, dimmed, with "Paused" apart


def pacer_frame(snapshot: Snapshot, pace: Pace = EASY_PACE) -> PacerFrame:
    """What the pacer shows at *snapshot*; guide, move and rest steps pulse at *pace*."""
    segment = snapshot.segment
    progress = snapshot.phase_progress
    tone: Tone
    scale = ORB_MIN
    if segment.kind == "breathe" and segment.phase == "inhale":
        tone, scale = "inhale", ORB_MIN + (ORB_MAX - ORB_MIN) * ease_in_out(progress)
    elif segment.kind == "breathe" and segment.phase == "exhale":
        tone, scale = "exhale", ORB_MAX - (ORB_MAX - ORB_MIN) * ease_in_out(progress)
    elif segment.kind == "breathe":
        tone = "hold"
        scale = ORB_MAX if segment.phase == "hold_in" else ORB_MIN
    elif segment.is_open:
        tone, scale = "open", (ORB_MIN + ORB_MAX) / 2
    elif segment.kind in ("rest", "guide", "move"):
        tone = segment.kind
        scale = pulse_scale(snapshot.step_elapsed_ms, pace)
    else:  # pragma: no cover - every kind is handled above
        tone = "idle"

    word = "" if segment.word == segment.label else segment.word  # the title says it already
    countdown = _countdown(snapshot)
    if snapshot.count_in_remaining_ms > 0 and snapshot.state in (
        PlayerState.COUNT_IN,
        PlayerState.PAUSED,
    ):
        word, tone, scale = "Get ready", "idle", ORB_MIN
        countdown = str(math.ceil(snapshot.count_in_remaining_ms / 1000))
    elif snapshot.state is PlayerState.READY:
        word, tone, scale, countdown = "Ready", "idle", ORB_MIN, ""
    paused = snapshot.state is PlayerState.PAUSED  # the orb stays where it stopped, dimmed
    return PacerFrame(
        scale=scale,
        fill=progress,
        tone=tone,
        word=word,
        countdown=countdown,
        step_label=segment.label,
        prompt=segment.prompt or "",
        counter=_counter(snapshot),
        time_left=f"{format_clock(snapshot.remaining_ms)} left",
        progress=snapshot.progress,
        side=f"{segment.side.capitalize()} side" if segment.side else "",
        paused=paused,
    )


def _countdown(snapshot: Snapshot) -> str:
    segment = snapshot.segment
    if segment.is_open:
        return format_clock(int(snapshot.segment_elapsed_ms) // 1000 * 1000)  # a stopwatch
    remaining = snapshot.segment_remaining_ms or 0.0
    if segment.kind in ("breathe", "move"):
        return str(max(1, math.ceil(remaining / 1000))) if remaining > 0 else ""
    return format_clock(int(remaining))


def _counter(snapshot: Snapshot) -> str:
    segment = snapshot.segment
    if segment.cycle is not None:
        return f"Breath {segment.cycle[0]} of {segment.cycle[1]}"
    if segment.rep is not None:
        return f"Rep {segment.rep[0]} of {segment.rep[1]}"  # the side is shown on its own
    if segment.max_ms is not None:
        return f"up to {format_clock(segment.max_ms)}"
    return ""
