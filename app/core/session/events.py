"""What the session player says and is: its states, the events its commands return, and the
snapshot a view paints from. Pure data, no clock."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.core.session.timeline import Segment, StepSpan

#: The share of a routine's planned (fixed) length that makes it "mostly practised": → on the
#: last step after this much is the routine done (completed), and a session stopped after this
#: much still counts as the pause the reminders asked for.
MOSTLY_PRACTISED = 0.8


def mostly(practised_ms: int, planned_ms: int) -> bool:
    """Whether *practised_ms* covers ``MOSTLY_PRACTISED`` of a plan of *planned_ms*."""
    return planned_ms > 0 and practised_ms >= MOSTLY_PRACTISED * planned_ms


class PlayerState(enum.Enum):
    READY = "ready"
    COUNT_IN = "count_in"
    PLAYING = "playing"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"

    @property
    def is_over(self) -> bool:
        return self in (PlayerState.FINISHED, PlayerState.STOPPED)


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    segment: Segment
    at_ns: int


@dataclass(frozen=True, slots=True)
class CueDue:
    """A sound is due: a timeline cue, ``count`` (count-in) or ``end`` (the session is done)."""

    cue: str
    segment: Segment | None
    at_ns: int


@dataclass(frozen=True, slots=True)
class StateChanged:
    state: PlayerState
    at_ns: int


@dataclass(frozen=True, slots=True)
class Finished:
    completed: bool  # False when stopped before the end
    practised_ms: int
    step: int  # the step instance it ended at
    at_ns: int
    planned_ms: int = 0  # the routine's fixed length (open steps count as nothing)

    @property
    def mostly_practised(self) -> bool:
        """Completed, or stopped with at least ``MOSTLY_PRACTISED`` of its planned length
        practised: a pause that was taken, for the reminders."""
        return self.completed or mostly(self.practised_ms, self.planned_ms)


@dataclass(frozen=True, slots=True)
class EndingEarly:
    """The user ended the session before its end: it is held (paused) and ends for good at
    ``final_at_ns`` unless undone first."""

    practised_ms: int  # practised up to the moment it was ended
    step: int
    at_ns: int  # where the session was held (when it was paused, if it was paused already)
    final_at_ns: int  # the undo window's end: a while after the user asked
    completes: bool = False  # → on the last step of a routine mostly practised: done, if kept


Event = SegmentStarted | CueDue | StateChanged | Finished | EndingEarly


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Where the session stands at ``at_ns``: everything a view needs to paint."""

    state: PlayerState
    segment: Segment
    step: StepSpan
    at_ns: int
    segment_elapsed_ms: float
    segment_remaining_ms: float | None  # None for an open segment without a cap
    phase_progress: float  # 0..1 through the segment (an open one: through its max, else 0)
    elapsed_ms: int  # time practised: no pauses, no count-in
    remaining_ms: int  # fixed time left; open segments count as zero
    progress: float  # 0..1 through the fixed time of the whole session
    count_in_remaining_ms: int  # > 0 only while counting in
    step_elapsed_ms: float = 0.0  # time into the current step (pauses left out)
