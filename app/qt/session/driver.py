"""Wakes the player on time and hands its events to the views and the audio, as Qt signals.

The driver owns two timers and counts nothing with them: a precise single-shot timer set for the
player's next boundary, and a frame timer that runs only while a session is playing *and* someone
is watching it. Each wake-up asks the player where it is by the clock.

Qt's timers count whole milliseconds, and a thread woken from sleep starts a little late, so a
timer armed *for* a boundary fires 0.5 to 1.5 ms after it. The boundary timer is therefore armed
a little early (``BOUNDARY_LEAD_NS``) and its wake-up waits out the rest: it sleeps, then spins
the last ``SPIN_NS`` on the real clock. Cues then sound within about 0.1 ms of their instant
(``bench/cue_timing.py``), for at most a few milliseconds of waiting per boundary. For the same
reason a frame due just before a boundary is left out (the boundary's own wake-up draws it), so
no paint is in the way when the boundary comes, and a boundary's sounds are handed out before
anything else it brings.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.session.clock import NS_PER_MS, NS_PER_S, Clock
from app.core.session.player import (
    CueDue,
    EndingEarly,
    Event,
    Finished,
    Player,
    PlayerState,
    SegmentStarted,
    Snapshot,
    StateChanged,
)
from app.core.session.timeline import Timeline

#: About 30 frames a second: the orb moves slowly, and twice that rate cost twice the CPU (the
#: paint is most of a session's cost; ``bench/session.py``).
FRAME_INTERVAL_MS = 33
#: How long before a boundary its timer is armed (it may fire up to a millisecond earlier still).
BOUNDARY_LEAD_NS = 2 * NS_PER_MS
#: The end of the wait before a boundary is spun rather than slept: a sleep wakes late.
SPIN_NS = 500_000
#: A frame due less than this before a boundary is skipped: its paint could delay the boundary.
FRAME_YIELD_NS = 8 * NS_PER_MS


def _wait(ns: int) -> None:
    """Block for *ns* of real time, at most the lead and a millisecond: sleep, then spin."""
    if not 0 < ns <= BOUNDARY_LEAD_NS + NS_PER_MS:
        return
    end = time.monotonic_ns() + ns
    if ns > SPIN_NS:
        time.sleep((ns - SPIN_NS) / NS_PER_S)
    while time.monotonic_ns() < end:
        pass


class SessionDriver(QObject):
    snapshot_changed = Signal(Snapshot)
    segment_started = Signal(SegmentStarted)
    cue_due = Signal(CueDue)
    state_changed = Signal(StateChanged)
    finished = Signal(Finished)
    ending_early = Signal(EndingEarly)

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._player: Player | None = None
        self._watched = False
        self._boundary = QTimer(self)
        self._boundary.setObjectName("session-boundary")
        self._boundary.setSingleShot(True)
        self._boundary.setTimerType(Qt.TimerType.PreciseTimer)
        self._boundary.timeout.connect(self._on_boundary)
        self._waited_for: int | None = None  # the boundary whose last moments were waited out
        self._frames = QTimer(self)
        self._frames.setObjectName("session-frames")
        self._frames.setInterval(FRAME_INTERVAL_MS)
        self._frames.setTimerType(Qt.TimerType.PreciseTimer)
        self._frames.timeout.connect(self._on_frame)

    # ---------------------------------------------------------------------------- reading

    @property
    def player(self) -> Player | None:
        return self._player

    def snapshot(self) -> Snapshot | None:
        return self._player.snapshot() if self._player else None

    @property
    def animating(self) -> bool:
        return self._frames.isActive()

    # ---------------------------------------------------------------------------- commands

    def load(self, timeline: Timeline, count_in_ms: int) -> None:
        """Get a session ready (not started); any session before it is dropped silently."""
        self._boundary.stop()
        self._frames.stop()
        self._player = Player(timeline, self._clock, count_in_ms=count_in_ms)
        self._publish([])

    def unload(self) -> None:
        self._boundary.stop()
        self._frames.stop()
        self._player = None

    def set_watched(self, watched: bool) -> None:
        """Whether the session is on screen: frames are drawn only then."""
        self._watched = watched
        self._reschedule()

    def start(self) -> None:
        self._command(Player.start)

    def toggle(self) -> None:
        self._command(Player.toggle)

    def pause(self) -> None:
        self._command(Player.pause)

    def resume(self) -> None:
        self._command(Player.resume)

    def skip(self) -> None:
        self._command(Player.skip)

    def back(self) -> None:
        self._command(Player.back)

    def finish_open(self) -> None:
        self._command(Player.finish_open)

    def stop(self) -> None:
        self._command(Player.stop)

    def end_early(self) -> None:
        self._command(Player.end_early)

    def undo_end(self) -> None:
        self._command(Player.undo_end)

    def wake(self) -> None:
        """Catch up with the clock (a timer fired, or a test advanced a fake clock)."""
        if self._player is not None:
            self._publish(self._player.advance())

    # ---------------------------------------------------------------------------- internals

    def _on_boundary(self) -> None:
        """The boundary timer fired, early on purpose: wait out the rest, then wake.

        Each boundary is waited for once. A test's fake clock does not move while we wait, so
        the next timer is then armed for the boundary itself, as a plain timer would be.
        """
        due = self._player.next_wakeup_ns() if self._player is not None else None
        if due is not None and due != self._waited_for:
            self._waited_for = due
            _wait(due - self._clock())
        self.wake()

    def _on_frame(self) -> None:
        due = self._player.next_wakeup_ns() if self._player is not None else None
        if due is not None and 0 <= due - self._clock() < FRAME_YIELD_NS:
            return  # the boundary is about to come, and its wake-up draws this frame
        self.wake()

    def _command(self, action: Callable[[Player], list[Event]]) -> None:
        if self._player is not None:
            self._publish(action(self._player))

    def _publish(self, events: list[Event]) -> None:
        for event in events:  # sounds first: they are the one thing that must not wait
            if isinstance(event, CueDue):
                self.cue_due.emit(event)
        for event in events:
            match event:
                case SegmentStarted():
                    self.segment_started.emit(event)
                case StateChanged():
                    self.state_changed.emit(event)
                case Finished():
                    self.finished.emit(event)
                case EndingEarly():
                    self.ending_early.emit(event)
        if self._player is not None:
            self.snapshot_changed.emit(self._player.snapshot())
        self._reschedule()

    def _reschedule(self) -> None:
        player = self._player
        running = player is not None and player.state in (
            PlayerState.PLAYING,
            PlayerState.COUNT_IN,
        )
        if running and self._watched:
            if not self._frames.isActive():
                self._frames.start()
        else:
            self._frames.stop()
        due = player.next_wakeup_ns() if player is not None else None
        if due is None:
            self._boundary.stop()
            return
        wait_ns = max(0, due - self._clock())
        if due == self._waited_for:  # waited for already (a fake clock): the boundary itself
            self._boundary.start(-(-wait_ns // NS_PER_MS))
        else:  # early, by the lead and the part of a millisecond Qt cannot count
            self._boundary.start(max(0, wait_ns - BOUNDARY_LEAD_NS) // NS_PER_MS)
