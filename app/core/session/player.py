"""The session player: a pure state machine over a timeline, driven by an injected clock.

Where the session stands is always computed from ``clock() - start``; nothing adds up timer ticks.
Each boundary's instant is derived from the one before it plus an exact duration, so a 30-minute
session ends on the nanosecond it should, however late or often the player is woken. A late
wake-up delivers every crossed boundary's events once, in order, stamped with the instant they
were due. Time spent paused is left out of everything.

Commands (``start``, ``pause``, ``resume``, ``skip``, ``back``, ``finish_open``, ``end_early``,
``undo_end``, ``stop``) and ``advance`` return the events they caused; ``snapshot`` reads the
state without changing it.

Ending early is deliberate: ``end_early`` (Stop, Esc, or Next on the last step) holds the session
where it is, paused, and says so with ``EndingEarly``; ``undo_end`` within ``UNDO_MS`` carries on
from the same instant, as if nothing happened. Once the window has passed, the next ``advance``
ends it for good (not completed), its practice time counted up to the moment it was ended;
``stop`` ends it for good at once, the same way.
"""

from __future__ import annotations

from app.core.session.clock import NS_PER_MS, NS_PER_S, Clock

# the events and states, re-exported: the player is where its users import them from
from app.core.session.events import (
    MOSTLY_PRACTISED,
    CueDue,
    EndingEarly,
    Event,
    Finished,
    PlayerState,
    SegmentStarted,
    Snapshot,
    StateChanged,
    mostly,
)
from app.core.session.timeline import Segment, Timeline

__all__ = [
    "BACK_TO_PREVIOUS_MS",
    "COUNT_IN_MS",
    "MOSTLY_PRACTISED",
    "UNDO_MS",
    "CueDue",
    "EndingEarly",
    "Event",
    "Finished",
    "Player",
    "PlayerState",
    "SegmentStarted",
    "Snapshot",
    "StateChanged",
]

#: Going back within this long of a step's start goes to the step before it.
BACK_TO_PREVIOUS_MS = 3_000
COUNT_IN_MS = 3_000
#: How long an early ending can be undone.
UNDO_MS = 5_000


class Player:
    """Plays one timeline once. Construct, then ``start()``; feed ``advance()`` on wake-ups."""

    def __init__(self, timeline: Timeline, clock: Clock, count_in_ms: int = COUNT_IN_MS) -> None:
        if not timeline.segments:
            raise ValueError("a timeline without segments cannot be played")
        self._timeline = timeline
        self._clock = clock
        self._count_in_ns = count_in_ms * NS_PER_MS
        self._state = PlayerState.READY
        self._index = 0
        self._segment_start_ns = 0  # when the current segment began (pauses shifted out)
        self._step_start_ns = 0
        self._count_in_start_ns = 0
        self._play_start_ns = 0  # when segment 0 began (pauses shifted out)
        self._paused_at_ns = 0
        self._paused_from = PlayerState.PLAYING
        self._ended_at_ns = 0
        self._counts_done = 0  # count-in cues given so far
        self._ending_until_ns: int | None = None  # an early ending waiting out its undo window
        self._resume_on_undo = False  # it was playing (or counting in) when ended
        self._ending_completes = False  # the ending under way is kept as completed

    # ----------------------------------------------------------------------------- reading

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def segment(self) -> Segment:
        return self._timeline.segments[self._index]

    @property
    def ending(self) -> bool:
        """Whether an early ending is waiting out its undo window."""
        return self._ending_until_ns is not None

    def next_wakeup_ns(self) -> int | None:
        """The clock instant of the next boundary, or None when nothing is due by itself."""
        if self._ending_until_ns is not None:
            return self._ending_until_ns
        if self._state is PlayerState.COUNT_IN:
            next_count = self._count_in_start_ns + self._counts_done * NS_PER_S
            return min(next_count, self._segment_start_ns)
        if self._state is not PlayerState.PLAYING:
            return None
        return self._segment_end_ns(self.segment, self._segment_start_ns)

    def snapshot(self) -> Snapshot:
        now = self._effective_now()
        segment = self.segment
        step = self._timeline.steps[segment.step]
        counting = self._state is PlayerState.COUNT_IN or (
            self._state is PlayerState.PAUSED and self._paused_from is PlayerState.COUNT_IN
        )
        if self._state is PlayerState.READY or counting:
            elapsed_ns = step_elapsed_ns = 0
            count_in_left = max(0, self._segment_start_ns - now) if counting else self._count_in_ns
        else:
            elapsed_ns = max(0, now - self._segment_start_ns)
            step_elapsed_ns = max(0, now - self._step_start_ns)
            count_in_left = 0
        elapsed = elapsed_ns / NS_PER_MS
        if segment.duration_ms is not None:
            elapsed = min(elapsed, segment.duration_ms)
            seg_remaining: float | None = segment.duration_ms - elapsed
            phase_progress = elapsed / segment.duration_ms
            position = segment.start_ms + elapsed
        else:
            cap = segment.max_ms
            seg_remaining = None if cap is None else max(0.0, cap - elapsed)
            phase_progress = 0.0 if cap is None else min(1.0, elapsed / cap)
            position = segment.start_ms
        if self._state is PlayerState.FINISHED:
            phase_progress, position, seg_remaining = 1.0, self._timeline.fixed_ms, 0.0
        fixed = self._timeline.fixed_ms
        practised = 0
        if self._state not in (PlayerState.READY,) and not counting:
            practised = max(0, now - self._play_start_ns) // NS_PER_MS
        return Snapshot(
            state=self._state,
            segment=segment,
            step=step,
            at_ns=now,
            segment_elapsed_ms=elapsed,
            segment_remaining_ms=seg_remaining,
            phase_progress=phase_progress,
            elapsed_ms=practised,
            remaining_ms=round(fixed - position),
            progress=position / fixed if fixed else (1.0 if self._state.is_over else 0.0),
            count_in_remaining_ms=-(-count_in_left // NS_PER_MS),
            step_elapsed_ms=step_elapsed_ns / NS_PER_MS,
        )

    # ---------------------------------------------------------------------------- commands

    def start(self) -> list[Event]:
        if self._state is not PlayerState.READY:
            return []
        now = self._clock()
        if self._count_in_ns > 0:
            self._state = PlayerState.COUNT_IN
            self._count_in_start_ns = now
            self._segment_start_ns = self._step_start_ns = now + self._count_in_ns
            self._play_start_ns = self._segment_start_ns
            return [StateChanged(PlayerState.COUNT_IN, now), *self.advance()]
        self._state = PlayerState.PLAYING
        self._play_start_ns = now
        return [StateChanged(PlayerState.PLAYING, now), *self._enter(0, now, cues=True)]

    def advance(self) -> list[Event]:
        """Catch up with the clock: every boundary crossed since the last call, in order."""
        events: list[Event] = []
        now = self._clock()
        if self._ending_until_ns is not None:
            if now < self._ending_until_ns:
                return events
            return self._finish(self._paused_at_ns, completed=self._ending_completes)
        if self._state is PlayerState.COUNT_IN:
            events += self._count_in_until(now)
        while self._state is PlayerState.PLAYING:
            end = self._segment_end_ns(self.segment, self._segment_start_ns)
            if end is None or now < end:
                break
            events += self._next_segment(end)
        return events

    def pause(self) -> list[Event]:
        events = self.advance()
        if self._state not in (PlayerState.PLAYING, PlayerState.COUNT_IN):
            return events
        self._paused_from = self._state
        self._paused_at_ns = self._clock()
        self._state = PlayerState.PAUSED
        return [*events, StateChanged(PlayerState.PAUSED, self._paused_at_ns)]

    def resume(self) -> list[Event]:
        if self._state is not PlayerState.PAUSED or self.ending:
            return []
        now = self._clock()
        shift = now - self._paused_at_ns
        self._segment_start_ns += shift
        self._step_start_ns += shift
        self._play_start_ns += shift
        self._count_in_start_ns += shift
        self._state = self._paused_from
        return [StateChanged(self._state, now), *self.advance()]

    def toggle(self) -> list[Event]:
        """Start, pause or resume, whichever fits: what the Space key does."""
        if self._state is PlayerState.READY:
            return self.start()
        if self._state is PlayerState.PAUSED:
            return self.resume()
        return self.pause()

    def skip(self) -> list[Event]:
        """Go on to the next step now. On the last step that ends the session, with the undo
        window of an early ending; it is kept as completed when most of the routine was practised
        (``MOSTLY_PRACTISED``: skipping the closing rest is finishing), else as ended early."""
        events = self.advance()
        if not self._is_running() or self.ending:
            return events
        following = self._timeline.steps[self.segment.step].stop
        if following >= len(self._timeline.segments):
            practised = max(0, self._effective_now() - self._play_start_ns) // NS_PER_MS
            return events + self.end_early(mostly(practised, self._timeline.fixed_ms))
        return events + self._jump(following)

    def back(self) -> list[Event]:
        """Back to the start of this step, or to the step before when this one has just begun."""
        events = self.advance()
        if not self._is_running() or self.ending:
            return events
        now = self._effective_now()
        step = self._timeline.steps[self.segment.step]
        just_began = now - self._step_start_ns < BACK_TO_PREVIOUS_MS * NS_PER_MS
        if just_began and step.index > 0:
            return events + self._jump(self._timeline.steps[step.index - 1].first)
        return events + self._jump(step.first)

    def finish_open(self) -> list[Event]:
        """End the current open segment (the Continue button) and go on."""
        events = self.advance()
        if self._state is not PlayerState.PLAYING or not self.segment.is_open:
            return events
        return events + self._next_segment(self._clock())

    def end_early(self, completes: bool = False) -> list[Event]:
        """The user ends the session before its end: hold it where it is for ``UNDO_MS``; kept,
        it is stored as ended early (or as completed, with *completes*)."""
        events = self.advance()
        if self.ending or self._state in (PlayerState.READY, PlayerState.FINISHED):
            return events
        if self._state is PlayerState.STOPPED:
            return events
        self._resume_on_undo = self._state is not PlayerState.PAUSED
        self._ending_completes = completes
        events += self.pause()
        ended = self._paused_at_ns  # the session ends where it was held, not when asked
        practised = max(0, ended - self._play_start_ns) // NS_PER_MS
        self._ending_until_ns = self._clock() + UNDO_MS * NS_PER_MS
        until = self._ending_until_ns
        return [*events, EndingEarly(practised, self.segment.step, ended, until, completes)]

    def undo_end(self) -> list[Event]:
        """Take back an early ending still in its window: carry on from where it was held
        (paused again, if it was paused when ended). Once the window has passed it is too late,
        even if nothing has woken the player since: the ending is made final instead."""
        events = self.advance()
        if not self.ending:
            return events
        self._ending_until_ns = None
        return self.resume() if self._resume_on_undo else []

    def stop(self) -> list[Event]:
        """End the session for good now (an early ending under way included)."""
        events = self.advance()
        if self._state.is_over or self._state is PlayerState.READY:
            return events
        completed = self.ending and self._ending_completes  # as when the window would pass
        return events + self._finish(self._effective_now(), completed=completed)

    # ---------------------------------------------------------------------------- internals

    def _is_running(self) -> bool:
        return self._state in (PlayerState.PLAYING, PlayerState.PAUSED) and not (
            self._state is PlayerState.PAUSED and self._paused_from is PlayerState.COUNT_IN
        )

    def _effective_now(self) -> int:
        if self._state is PlayerState.PAUSED:
            return self._paused_at_ns
        if self._state.is_over:
            return self._ended_at_ns
        return self._clock()

    def _count_in_until(self, now: int) -> list[Event]:
        events: list[Event] = []
        while (
            self._counts_done * NS_PER_S < self._count_in_ns
            and self._count_in_start_ns + self._counts_done * NS_PER_S <= now
        ):
            at = self._count_in_start_ns + self._counts_done * NS_PER_S
            events.append(CueDue("count", None, at))
            self._counts_done += 1
        if now >= self._segment_start_ns:
            at = self._segment_start_ns
            self._state = PlayerState.PLAYING
            events += [StateChanged(PlayerState.PLAYING, at), *self._enter(0, at, cues=True)]
        return events

    @staticmethod
    def _segment_end_ns(segment: Segment, start_ns: int) -> int | None:
        length = segment.duration_ms if segment.duration_ms is not None else segment.max_ms
        return None if length is None else start_ns + length * NS_PER_MS

    def _next_segment(self, at_ns: int) -> list[Event]:
        if self._index + 1 >= len(self._timeline.segments):
            return self._finish(at_ns, completed=True)
        return self._enter(self._index + 1, at_ns, cues=True)

    def _jump(self, index: int) -> list[Event]:
        playing = self._state is PlayerState.PLAYING
        return self._enter(index, self._effective_now(), cues=playing)

    def _enter(self, index: int, at_ns: int, *, cues: bool) -> list[Event]:
        previous_step = self.segment.step if self._state is not PlayerState.READY else -1
        self._index = index
        self._segment_start_ns = at_ns
        segment = self._timeline.segments[index]
        if segment.step != previous_step or index == self._timeline.steps[segment.step].first:
            self._step_start_ns = at_ns
        events: list[Event] = [SegmentStarted(segment, at_ns)]
        if cues:
            events += [CueDue(cue, segment, at_ns) for cue in segment.cues]
        return events

    def _finish(self, at_ns: int, *, completed: bool) -> list[Event]:
        held = self.ending  # an ending held silent: no end chime when it is kept as completed
        self._ending_until_ns = None
        practised = max(0, at_ns - self._play_start_ns) // NS_PER_MS
        self._state = PlayerState.FINISHED if completed else PlayerState.STOPPED
        self._ended_at_ns = at_ns
        events: list[Event] = [StateChanged(self._state, at_ns)]
        if completed and not held:
            events.append(CueDue("end", None, at_ns))
        fixed = self._timeline.fixed_ms
        events.append(Finished(completed, practised, self.segment.step, at_ns, fixed))
        return events
