"""Wakes the player on time and hands its events to the views and the audio, as Qt signals.

The driver owns two timers and counts nothing with them: a precise single-shot timer set for the
player's next boundary, and a frame timer that runs only while a session is playing *and* someone
is watching it. Each wake-up asks the player where it is by the clock.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.clock import NS_PER_MS, Clock
from app.core.player import (
    CueDue,
    Event,
    Finished,
    Player,
    PlayerState,
    SegmentStarted,
    Snapshot,
    StateChanged,
)
from app.core.timeline import Timeline

FRAME_INTERVAL_MS = 16


class SessionDriver(QObject):
    snapshot_changed = Signal(Snapshot)
    segment_started = Signal(SegmentStarted)
    cue_due = Signal(CueDue)
    state_changed = Signal(StateChanged)
    finished = Signal(Finished)

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._player: Player | None = None
        self._watched = False
        self._boundary = QTimer(self)
        self._boundary.setObjectName("session-boundary")
        self._boundary.setSingleShot(True)
        self._boundary.setTimerType(Qt.TimerType.PreciseTimer)
        self._boundary.timeout.connect(self.wake)
        self._frames = QTimer(self)
        self._frames.setObjectName("session-frames")
        self._frames.setInterval(FRAME_INTERVAL_MS)
        self._frames.setTimerType(Qt.TimerType.PreciseTimer)
        self._frames.timeout.connect(self.wake)

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

    def wake(self) -> None:
        """Catch up with the clock (a timer fired, or a test advanced a fake clock)."""
        if self._player is not None:
            self._publish(self._player.advance())

    # ---------------------------------------------------------------------------- internals

    def _command(self, action: Callable[[Player], list[Event]]) -> None:
        if self._player is not None:
            self._publish(action(self._player))

    def _publish(self, events: list[Event]) -> None:
        for event in events:
            match event:
                case SegmentStarted():
                    self.segment_started.emit(event)
                case CueDue():
                    self.cue_due.emit(event)
                case StateChanged():
                    self.state_changed.emit(event)
                case Finished():
                    self.finished.emit(event)
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
        self._boundary.start(-(-wait_ns // NS_PER_MS))
