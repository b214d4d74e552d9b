"""Wires one session together: player driver, session view, sound and preferences.

Each slot here turns one Qt event into one call; the rules live in the core (player, safety,
pacer model, close summary) and in the sound layer.

Ending early (Stop, Esc, Next on the last step) is deliberate: the player holds the session for
``UNDO_MS`` while the page after it shows (the check-in after, or the close page) with an undo
bar. Undo carries on where it was; otherwise the ending is final when the window has passed, or
at once when the user answers the check-in or leaves the page, and is saved as ended early.
Skipping the check-in (Esc) does not cut the undo short: the close page shows under the bar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.core.history import CheckIn
from app.core.routine.model import Routine
from app.core.routine.safety import Notice, acknowledge, notices_before
from app.core.session.check_in_plan import (
    AFTER_PROMPT,
    AFTER_TITLE,
    BEFORE_PROMPT,
    BEFORE_TITLE,
    CheckInPlan,
    plan_check_ins,
)
from app.core.session.close_summary import close_summary
from app.core.session.pacer_model import breath_pace
from app.core.session.player import (
    COUNT_IN_MS,
    CueDue,
    EndingEarly,
    Finished,
    PlayerState,
    SegmentStarted,
    StateChanged,
)
from app.core.session.recorder import SessionRecorder
from app.core.session.timeline import Timeline, compile_routine
from app.core.settings.settings import Settings
from app.qt.session.driver import SessionDriver
from app.qt.session.sound_port import NoSound, SessionSound
from app.qt.session.speech_preparation import SpeechPreparation
from app.qt.session.view import SessionView
from app.qt.settings.preferences import Preferences

if TYPE_CHECKING:
    from app.audio.speech import SessionSpeech

Confirm = Callable[[QWidget | None, list[Notice]], bool]
__all__ = ["Confirm", "NoSound", "SessionController", "SessionSound"]  # the sound port, re-exported


class SessionController(QObject):
    session_started = Signal(Timeline)
    session_ended = Signal(Finished)
    #: the user cancelled the start while the session's voice was being prepared
    start_cancelled = Signal()

    def __init__(
        self,
        driver: SessionDriver,
        view: SessionView,
        sound: SessionSound,
        preferences: Preferences,
        confirm: Confirm,
        recorder: SessionRecorder,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._driver = driver
        self._view = view
        self._sound = sound
        self._preferences = preferences
        self._confirm = confirm
        self._recorder = recorder
        self._routine: Routine | None = None
        self._timeline: Timeline | None = None
        self._plan = CheckInPlan(before=False, after=False)
        self._asking: Literal["before", "after", "step"] | None = None
        self._before: CheckIn | None = None
        self._finished: Finished | None = None
        self._ending: EndingEarly | None = None  # an early ending that can still be undone
        self._preparation: SpeechPreparation | None = None
        self._speech_problem: str | None = None

        driver.snapshot_changed.connect(view.show_snapshot)
        driver.snapshot_changed.connect(recorder.progress)
        driver.segment_started.connect(self._on_segment_started)
        preferences.changed.connect(self._follow_settings)
        driver.cue_due.connect(self._on_cue)
        driver.state_changed.connect(self._on_state)
        driver.finished.connect(self._on_finished)
        driver.ending_early.connect(self._on_ending_early)
        view.undo_bar.undo_requested.connect(self.undo_ending)
        view.toggle_requested.connect(driver.toggle)
        view.skip_requested.connect(driver.skip)
        view.back_requested.connect(driver.back)
        view.stop_requested.connect(self._on_stop)
        view.cancel_preparing_requested.connect(self._cancel_preparing)
        view.continue_requested.connect(driver.finish_open)
        view.mute_toggled.connect(self._on_mute)
        view.volume_changed.connect(self._on_volume)
        view.check_in.submitted.connect(self._on_check_in)
        view.check_in.skipped.connect(lambda: self._on_check_in(None))

    @property
    def routine(self) -> Routine | None:
        return self._routine

    def start(self, routine: Routine) -> bool:
        """Show the notices *routine* needs, then start it; False when the user declined."""
        settings = self._preferences.current
        notices = notices_before(routine, settings)
        if notices:
            if not self._confirm(self._view.window(), notices):
                return False
            self._preferences.replace(acknowledge(routine, settings))
            settings = self._preferences.current
        if self.active:
            self.close()  # the session under way ends, recorded as stopped, before the next
        timeline = compile_routine(routine)
        self._speech_problem = None
        job = self._sound.speech_job(routine, timeline, settings)
        if job is None:
            self._launch(routine, timeline, settings, None)
            return True
        # the voice is rendered in a worker; the session starts when it is ready
        preparation = SpeechPreparation(job, self)
        self._preparation = preparation
        self._view.show_preparing(routine.name)
        preparation.slow.connect(self._view.show_preparing_line)
        preparation.progressed.connect(self._view.show_preparing_progress)
        preparation.ready.connect(
            lambda speech: self._prepared(preparation, routine, timeline, settings, speech)
        )
        preparation.failed.connect(
            lambda why: self._prepared(preparation, routine, timeline, settings, None, why)
        )
        preparation.cancelled.connect(lambda: self._preparation_cancelled(preparation))
        preparation.start()
        return True

    @property
    def preparing(self) -> bool:
        """Whether the session's voice is being prepared (the session starts after)."""
        return self._preparation is not None

    def _prepared(
        self,
        preparation: SpeechPreparation,
        routine: Routine,
        timeline: Timeline,
        settings: Settings,
        speech: SessionSpeech | None,
        problem: str | None = None,
    ) -> None:
        if preparation is not self._preparation:
            return  # cancelled, or replaced by another start
        self._preparation = None
        self._view.end_preparing()
        self._speech_problem = problem
        self._launch(routine, timeline, settings, speech)

    def _cancel_preparing(self) -> None:
        """Cancel or Stop while the voice is prepared: nothing starts, whatever the worker
        sends after this (a result already on its way included)."""
        preparation = self._preparation
        if preparation is None:
            return
        preparation.cancel()
        self._preparation_cancelled(preparation)

    def _preparation_cancelled(self, preparation: SpeechPreparation) -> None:
        if preparation is not self._preparation:
            return
        self._preparation = None
        self._view.end_preparing()
        self.start_cancelled.emit()

    def _on_stop(self) -> None:
        if self._preparation is not None:
            self._cancel_preparing()
        else:
            self._driver.end_early()

    def _launch(
        self,
        routine: Routine,
        timeline: Timeline,
        settings: Settings,
        speech: SessionSpeech | None,
    ) -> None:
        # every buffer is ready before the first cue
        if speech is None:
            self._sound.prepare(routine, timeline, settings)
        else:
            self._sound.prepare(routine, timeline, settings, speech)
        self._routine, self._timeline = routine, timeline
        self._plan = plan_check_ins(timeline, settings.check_ins)
        self._before = self._finished = self._ending = None
        self._view.undo_bar.hide()
        self._view.begin(
            routine.name,
            settings.volume,
            settings.muted,
            settings.reduced_motion,
            pace=breath_pace(timeline),
        )
        self._driver.load(timeline, count_in_ms=COUNT_IN_MS if settings.count_in else 0)
        if self._plan.before:
            self._asking = "before"
            self._view.ask_check_in(BEFORE_TITLE, BEFORE_PROMPT)
        else:
            self._begin_playing()

    def _begin_playing(self) -> None:
        assert self._routine is not None and self._timeline is not None
        self._asking = None
        self._recorder.begin(self._routine, before=self._before)
        self._show_notices()
        self._view.show_running()
        self._driver.start()
        self.session_started.emit(self._timeline)

    def set_watched(self, watched: bool) -> None:
        self._driver.set_watched(watched)

    def pause(self) -> None:
        """Pause a session that is playing (the window was hidden), leaving it to be resumed."""
        self._driver.pause()

    @property
    def active(self) -> bool:
        """Whether a session is under way (asking its check-in, playing or paused)."""
        if self._preparation is not None:
            return True
        player = self._driver.player
        return player is not None and not player.state.is_over

    def close(self) -> None:
        """Leave the session: stop it (recorded as stopped) if it still runs, silence the sound.
        No check-in is asked on the way out."""
        if self._preparation is not None:
            self._preparation.cancel()
            self._preparation = None
            self._view.end_preparing()
        self._plan = CheckInPlan(before=False, after=False)
        self._asking = None
        self._driver.stop()
        self._driver.unload()
        self._sound.stop()

    def _on_cue(self, event: CueDue) -> None:
        self._sound.play(event)
        self._show_notices()

    def _on_state(self, event: StateChanged) -> None:
        if event.state is PlayerState.PAUSED:
            self._sound.stop()  # a paused session falls silent, its voice mid-sentence too

    def _on_segment_started(self, event: SegmentStarted) -> None:
        segment = event.segment
        self._recorder.segment_changed(segment, self._view.journal_text())
        if segment.kind == "journal":
            self._view.clear_journal()
        if segment.kind == "check_in":
            self._asking = "step"
            self._view.ask_check_in(segment.label, segment.prompt or "")
        elif self._asking == "step":
            self._asking = None
            self._view.show_running()
        self._show_notices()

    def _follow_settings(self, settings: Settings) -> None:
        """Sound settings changed elsewhere (the settings dialog) reach a running session."""
        self._sound.set_volume(settings.volume)
        self._sound.set_muted(settings.muted)
        self._view.show_sound_settings(settings.volume, settings.muted)

    def _on_ending_early(self, ending: EndingEarly) -> None:
        """The user ended the session early: show what comes after it, with the undo bar."""
        self._sound.stop()
        self._ending = ending
        self._view.undo_bar.show()
        if self._plan.ask_after(ending.completes, ending.practised_ms):
            self._asking = "after"
            self._view.ask_check_in(AFTER_TITLE, AFTER_PROMPT, start_from=self._before)
        else:
            self._asking = None
            self._show_close(completed=ending.completes, practised_ms=ending.practised_ms)

    @property
    def ending(self) -> bool:
        """Whether an early ending can still be undone."""
        return self._ending is not None

    def undo_ending(self) -> None:
        """Take the early ending back: the session carries on from where it was - unless its
        window has passed and only no timer has said so yet; then the ending is final."""
        self._driver.wake()  # a window that has passed ends it (``_on_finished``), not undone
        if self._ending is None:
            return
        self._ending = None
        self._asking = None
        self._view.undo_bar.hide()
        self._view.show_running()
        self._driver.undo_end()

    def _on_finished(self, finished: Finished) -> None:
        self._recorder.finish(finished, self._view.journal_text())
        self._show_notices()
        self.session_ended.emit(finished)
        self._finished = finished
        if self._ending is not None:  # final now; the page after it is showing already
            self._ending = None
            self._view.undo_bar.hide()
            if self._asking != "after":
                self._show_close(finished.completed, finished.practised_ms)
        elif self._plan.ask_after(finished.completed, finished.practised_ms):
            self._asking = "after"
            self._view.ask_check_in(AFTER_TITLE, AFTER_PROMPT, start_from=self._before)
        else:
            self._show_close(finished.completed, finished.practised_ms)

    def _show_close(self, completed: bool, practised_ms: int) -> None:
        summary = close_summary(
            completed=completed,
            practised_ms=practised_ms,
            before=self._recorder.check_in("before"),
            after=self._recorder.check_in("after"),
            check_ins=self._preferences.current.check_ins,
            streak=self._recorder.streak(practised_ms),
        )
        self._view.show_finished(summary)

    def _on_check_in(self, check_in: CheckIn | None) -> None:
        """An answer (or a skip, None) from the check-in page: before, after or a step's."""
        asking = self._asking
        if asking == "before":
            self._before = check_in
            self._begin_playing()
        elif asking == "after":
            if self._ending is not None and check_in is None:
                # skipped (Esc, perhaps a second Esc right after the one that ended it): the
                # undo promised for five seconds stays, over the close page, until it passes
                self._asking = None
                self._show_close(self._ending.completes, self._ending.practised_ms)
                return
            if self._ending is not None:
                self._driver.stop()  # answering makes the early ending final
            self._asking = None
            if check_in is not None:
                self._recorder.after_check_in(check_in)
                self._show_notices()
            if self._finished is not None:
                self._show_close(self._finished.completed, self._finished.practised_ms)
        elif asking == "step":
            if check_in is not None:
                self._recorder.step_check_in(check_in)
                self._show_notices()
            self._driver.finish_open()

    def _show_notices(self) -> None:
        notices = []
        if self._sound.problem:
            notices.append(f"Sound unavailable: {self._sound.problem}")
        elif self._sound.notice:
            notices.append(f"Sound: {self._sound.notice}")
        if self._speech_problem:
            notices.append(f"Voice: {self._speech_problem}")
        if self._recorder.problem:
            notices.append(f"History not saved: {self._recorder.problem}")
        self._view.show_notices(notices)

    def _on_mute(self, muted: bool) -> None:
        self._sound.set_muted(muted)
        self._preferences.update(muted=muted)

    def _on_volume(self, volume: float) -> None:
        self._sound.set_volume(volume)
        self._preferences.update(volume=volume)
