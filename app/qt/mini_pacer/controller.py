"""Runs the mini pacer: its timing, its window, its manners, and its line in the history.

Timers only wake it: the frame timer is single-shot and armed for the instant the orb next looks
different (while it moves, once its edge has moved about a pixel, at most every 50 ms; the rest
of a hold while it holds; nothing while it is paused or hidden); a slow watch (every few
seconds, coarse) asks the desktop whether a full-screen window is in front and how long the
user has been idle; a look at the keyboard's modifiers (2.5 times a second, only while the orb
is shown) lets the user hold Ctrl+Shift over it to drag it. Where the breath stands is always
read from the pacer model, from the clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication

from app.core.reminders.runner import FullScreenSource, IdleSource
from app.core.session.clock import Clock, monotonic_clock
from app.core.session.mini_pacer import BreathPattern, MiniPacer
from app.core.settings.mini_pacer_settings import edge_place, kept_on_screen, layout_key
from app.desktop.overlay.mode import FALLBACK_NOTICE, OverlayMode, overlay_mode
from app.qt.mini_pacer.orb_window import PacerOrb
from app.qt.settings.preferences import Preferences

if TYPE_CHECKING:  # the history is opened, and the sound made, only when first needed
    from app.core.history import HistoryStore
    from app.core.history.store import WriteError
    from app.core.settings.settings import Settings
    from app.qt.mini_pacer.tone import PacerTone

log = logging.getLogger("unbrace.pacer")

WATCH_MS = 3_000
MODIFIER_LOOK_MS = 400
#: this long without keyboard or mouse input pauses the pacer (the user has stepped away)
IDLE_PAUSE_S = 60.0
#: a pacer stopped before this much practice is not worth a line in the history
SHORTEST_KEPT_S = 10.0
MOVE_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@dataclass(frozen=True, slots=True)
class Hold:
    """Why the orb is out of sight or still now."""

    fullscreen: bool = False
    session: bool = False
    idle: bool = False

    @property
    def hidden(self) -> bool:
        return self.fullscreen or self.session

    @property
    def paused(self) -> bool:
        return self.hidden or self.idle

    def describe(self) -> str:
        why = [
            what
            for what, holds in (
                ("a full-screen window", self.fullscreen),
                ("a session", self.session),
                ("time away from the keyboard", self.idle),
            )
            if holds
        ]
        return f"waits for {' and '.join(why)}" if why else "breathes"


class MiniPacerController(QObject):
    running_changed = Signal(bool)
    notice = Signal(str)  # said once: this desktop gets a normal window, not a floating orb

    def __init__(
        self,
        clock: Clock,
        wall_clock: Callable[[], datetime],
        preferences: Preferences,
        history: Callable[[], HistoryStore | None],
        fullscreen: FullScreenSource,
        idle: IdleSource,
        mode: OverlayMode,
        composited: Callable[[], bool],
        parent: QObject | None = None,
        tone: PacerTone | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._wall_clock = wall_clock
        self._preferences = preferences
        self._history = history
        self._fullscreen = fullscreen
        self._idle = idle
        self._mode = mode
        self._composited = composited  # asked when the orb is first made
        self._pacer: MiniPacer | None = None
        self._tone = tone
        self._tone_ready = False  # the sound layer holds this pattern's buffers
        self._last_phase: tuple[int, int] | None = None  # the phase last sounded
        self._started_at: datetime | None = None
        self._hold = Hold()
        self._idle_s = 0.0  # the desktop's last idle reading
        self._session_running = False
        self._moving_by_hand = False  # the tray's "Move the pacer", until a drag ends
        self._orb: PacerOrb | None = None
        self._frame_timer = self._timer("mini-pacer-frame", Qt.TimerType.PreciseTimer)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.timeout.connect(self._tick)
        self._watch_timer = self._timer("mini-pacer-watch", Qt.TimerType.VeryCoarseTimer)
        self._watch_timer.setInterval(WATCH_MS)
        self._watch_timer.timeout.connect(self.watch)
        self._modifier_timer = self._timer("mini-pacer-modifiers", Qt.TimerType.CoarseTimer)
        self._modifier_timer.setInterval(MODIFIER_LOOK_MS)
        self._modifier_timer.timeout.connect(self._look_at_modifiers)
        preferences.changed.connect(self._settings_changed)

    def _timer(self, name: str, kind: Qt.TimerType) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setTimerType(kind)
        return timer

    # ---------------------------------------------------------------------------- reading

    @property
    def running(self) -> bool:
        return self._pacer is not None

    @property
    def pacer(self) -> MiniPacer | None:
        return self._pacer

    @property
    def orb(self) -> PacerOrb | None:
        return self._orb

    @property
    def hold(self) -> Hold:
        return self._hold

    def frame_timer_ms(self) -> int | None:
        """When the next frame is due (None: none is armed)."""
        return self._frame_timer.remainingTime() if self._frame_timer.isActive() else None

    # ---------------------------------------------------------------------------- commands

    def start(self, pattern: BreathPattern, minutes: int | None) -> None:
        """Breathe *pattern* for *minutes* (None: until stopped); one already running ends."""
        if self._pacer is not None:
            self.stop()
        settings = self._preferences.current
        pacer = MiniPacer(pattern, self._clock, minutes)
        pacer.start()
        self._pacer = pacer
        self._tone_ready, self._last_phase = False, None
        self._started_at = self._wall_clock()
        orb = self._orb
        if orb is None:
            orb = PacerOrb(
                overlay=self._mode.overlay,
                composited=self._composited(),
                size=settings.mini_pacer.size,
            )
            orb.moved.connect(self._remember_place)
            orb.resized.connect(self._remember_size)
            orb.closed_by_user.connect(self.stop)
            self._orb = orb
        orb.set_reduced_motion(settings.reduced_motion)
        self._place(orb)
        self._hold = Hold(session=self._session_running)
        self._make_tone()
        self.running_changed.emit(True)
        self.watch()
        self._watch_timer.start()
        if not self._mode.overlay and not settings.mini_pacer.fallback_notice_seen:
            self._preferences.update(
                mini_pacer=settings.mini_pacer.model_copy(update={"fallback_notice_seen": True})
            )
            self.notice.emit(FALLBACK_NOTICE)

    def stop(self) -> None:
        """The user stopped it (tray, window closed, the app quitting): kept in the history."""
        pacer = self._pacer
        if pacer is None:
            return
        pacer.stop()
        self._end()

    def set_session_running(self, running: bool) -> None:
        """A session in the main window: the orb steps aside (and waits) until it ends."""
        self._session_running = running
        self._tone_ready = False  # a session makes the sound layer's buffers its own
        if self._pacer is not None:
            self._apply(Hold(self._hold.fullscreen, running, self._hold.idle))
            self._make_tone()

    def set_reduced_motion(self, reduced: bool) -> None:
        if self._orb is not None:
            self._orb.set_reduced_motion(reduced)

    def start_moving(self) -> None:
        """The tray's "Move the pacer": the orb takes the mouse until it has been dragged."""
        if self._orb is not None and self._orb.isVisible():
            self._moving_by_hand = True
            self._orb.set_movable(True)

    def watch(self) -> None:
        """Ask the desktop: a full-screen window in front? The user idle?"""
        if self._pacer is None:
            return
        idle = self._idle.idle_seconds()
        self._idle_s = idle or 0.0
        self._apply(
            Hold(
                fullscreen=bool(self._fullscreen.active_window_fullscreen()),
                session=self._session_running,
                idle=idle is not None and idle >= IDLE_PAUSE_S,
            )
        )

    # ---------------------------------------------------------------------------- internals

    def _apply(self, hold: Hold) -> None:
        pacer, orb = self._pacer, self._orb
        if pacer is None or orb is None:
            return
        if hold != self._hold:
            log.info("mini pacer %s", hold.describe())
        self._hold = hold
        if hold.paused:
            pacer.pause(round(self._idle_s * 1000) if hold.idle and not hold.hidden else 0)
        else:
            pacer.resume()
        if hold.hidden and orb.isVisible():
            orb.hide()
            self._modifier_timer.stop()
        elif not hold.hidden and not orb.isVisible():
            orb.set_frame(pacer.frame())
            orb.show()
            log.info(
                "mini pacer shown at %d,%d, %d px, %s",
                orb.x(),
                orb.y(),
                orb.width(),
                "floating" if self._mode.overlay else "as a window",
            )
            if self._mode.overlay:
                self._modifier_timer.start()
        self._tick()

    def _tick(self) -> None:
        pacer, orb = self._pacer, self._orb
        if pacer is None or orb is None:
            return
        if pacer.over:
            self._end()
            return
        frame = pacer.frame()
        orb.set_frame(frame)
        if frame.phase != self._last_phase and not pacer.paused and orb.isVisible():
            self._last_phase = frame.phase
            self._sound_phase(pacer, frame.phase[1])
        wait = pacer.next_frame_ms(orb.pixels_per_breath())
        if wait is None or not orb.isVisible():
            self._frame_timer.stop()
        else:
            self._frame_timer.start(wait)

    def _settings_changed(self, _settings: Settings) -> None:
        self._make_tone()

    def _make_tone(self) -> None:
        """Have the breath tone's buffers made before its first cue: when the pacer starts with
        the tone on, when the user turns it on, and when a session gives the sound layer back."""
        pacer, tone = self._pacer, self._tone
        if (
            pacer is None
            or tone is None
            or self._tone_ready
            or self._session_running
            or not self._preferences.current.mini_pacer.breath_tone
        ):
            return
        tone.prepare(pacer.pattern)
        self._tone_ready = True

    def _sound_phase(self, pacer: MiniPacer, index: int) -> None:
        """A phase begins: its cue and the breath tone, when the user asked for them."""
        tone = self._tone
        if tone is None or not self._preferences.current.mini_pacer.breath_tone:
            return
        self._make_tone()  # made already, unless a change of settings was not heard
        tone.sound(pacer.pattern.segments[index], self._clock())

    def _end(self) -> None:
        pacer, self._pacer = self._pacer, None
        self._frame_timer.stop()
        self._watch_timer.stop()
        self._modifier_timer.stop()
        if self._orb is not None:
            self._orb.set_movable(False)
            self._orb.hide()
        if pacer is not None:
            self._record(pacer)
        self.running_changed.emit(False)

    def _record(self, pacer: MiniPacer) -> None:
        started = self._started_at
        practised_s = pacer.practised_ms() / 1000
        if started is None or practised_s < SHORTEST_KEPT_S:
            return
        store = self._history()  # opened now if this is the first thing it keeps
        if store is None:
            return
        from app.core.history.practices import MAX_PRACTICE_S, PracticeRecord

        if practised_s >= MAX_PRACTICE_S:  # two days at the orb without a pause: not a practice
            log.warning("the mini pacer ran %.0f h without a pause; not kept", practised_s / 3600)
            return
        log.info("mini pacer ended: %.0f s of practice kept in the history", practised_s)
        record = PracticeRecord(
            kind="mini_pacer",
            routine_id=pacer.pattern.routine_id,
            pattern_name=pacer.pattern.name,
            pattern=pacer.pattern.describe(),
            started_at=started,
            ended_at=max(started, self._wall_clock()),
            practised_s=practised_s,
        )
        store.later(lambda written_to: written_to.record_practice(record), _not_kept)

    def _place(self, orb: PacerOrb) -> None:
        screens = _screens()
        key = layout_key(screens)
        place = self._preferences.current.mini_pacer.place_for(key)
        side = orb.width()
        if place is not None and kept_on_screen((place.x, place.y), side, screens):
            orb.move(place.x, place.y)
            return
        primary = QGuiApplication.primaryScreen()
        if primary is not None:
            area = primary.availableGeometry()
            orb.move(*edge_place((area.x(), area.y(), area.width(), area.height()), side))

    def _remember_place(self, where: QPoint) -> None:
        settings = self._preferences.current.mini_pacer
        self._preferences.update(
            mini_pacer=settings.with_place(layout_key(_screens()), where.x(), where.y())
        )
        if self._moving_by_hand and self._orb is not None:
            self._moving_by_hand = False
            self._orb.set_movable(False)

    def _remember_size(self, size: int) -> None:
        settings = self._preferences.current.mini_pacer
        self._preferences.update(mini_pacer=settings.model_copy(update={"size": size}))

    def _look_at_modifiers(self) -> None:
        orb = self._orb
        if orb is None or self._moving_by_hand or orb.dragging:
            return
        # one round trip to the X server while the keys are up, two while they are held
        held = QGuiApplication.queryKeyboardModifiers() & MOVE_MODIFIERS == MOVE_MODIFIERS
        orb.set_movable(held and orb.frameGeometry().contains(QCursor.pos()))


def mini_pacer(
    preferences: Preferences,
    history: Callable[[], HistoryStore | None],
    owner: QObject,
    fullscreen: FullScreenSource,
    idle: IdleSource,
    tone: PacerTone | None = None,
) -> MiniPacerController:
    """The app's mini pacer, on this desktop (nothing is asked of it until the pacer starts)."""
    from app.desktop.overlay.x11 import compositing

    platform = QGuiApplication.platformName()
    return MiniPacerController(
        monotonic_clock,
        lambda: datetime.now(UTC),
        preferences,
        history,
        fullscreen,
        idle,
        overlay_mode(platform),
        lambda: platform != "xcb" or compositing() is not False,
        owner,
        tone,
    )


def _screens() -> list[tuple[int, int, int, int]]:
    found = []
    for screen in QGuiApplication.screens():
        area = screen.geometry()
        found.append((area.x(), area.y(), area.width(), area.height()))
    return found


def _not_kept(error: WriteError) -> None:
    log.warning("the mini pacer's practice was not kept in the history: %s", error)
