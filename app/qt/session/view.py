"""The session page: pacer, words, prompt, counters, progress and the controls.

It renders snapshots and finished sessions, and turns clicks and keys into requests (signals);
it decides nothing about timing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.history import CheckIn
from app.core.routine.durations import format_clock
from app.core.session.pacer_model import PacerFrame, pacer_frame
from app.core.session.player import Finished, PlayerState, Snapshot
from app.qt.journal_history.check_in import CheckInWidget
from app.qt.session.back_silhouette import BackSilhouette
from app.qt.session.pacer import PacerWidget
from app.qt.shell.widgets import action_button, text_label


def _label(name: str, text: str = "", *, size: float | None = None, bold: bool = False) -> QLabel:
    return text_label(text, name, size=size, bold=bold, centered=True)


class SessionView(QWidget):
    toggle_requested = Signal()
    skip_requested = Signal()
    back_requested = Signal()
    stop_requested = Signal()
    escape_pressed = Signal()  # Esc: the window decides (leave focus mode, else stop)
    continue_requested = Signal()
    done_requested = Signal()
    mute_toggled = Signal(bool)
    volume_changed = Signal(float)
    focus_mode_toggled = Signal()
    cancel_preparing_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session-view")
        self._last_word = ""
        self._state = PlayerState.READY
        self._pages = QStackedWidget(self)
        self.running_page = self._build_running_page()
        self._pages.addWidget(self.running_page)
        self._pages.addWidget(self._build_finished_page())
        self.check_in = CheckInWidget()
        self._pages.addWidget(self.check_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self._build_shortcuts()

    # ------------------------------------------------------------------------------ layout

    def _build_running_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("running-page")
        page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = _label("routine-title", size=1.1, bold=True)
        self.step_label = _label("step-label", size=1.4, bold=True)
        self.counter_label = _label("counter-label")
        self.pacer = PacerWidget()
        self.silhouette = BackSilhouette()
        self.silhouette.hide()
        self.word_label = _label("phase-word", size=2.2, bold=True)
        self.countdown_label = _label("countdown", size=1.6)
        self.prompt_label = _label("prompt")
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.notice_label = _label("notices")
        self.notice_label.hide()
        self.preparing_label = _label("preparing")
        self.preparing_label.setWordWrap(False)
        self.preparing_label.hide()
        self.cancel_preparing_button = action_button(
            "cancel-preparing", "Cancel", "Stop preparing the voice; the session does not start"
        )
        self.cancel_preparing_button.hide()
        self.journal_edit = QPlainTextEdit()
        self.journal_edit.setObjectName("journal-edit")
        self.journal_edit.setAccessibleName("Journal entry")
        self.journal_edit.setPlaceholderText("Write what you notice (kept on this computer).")
        self.journal_edit.setMaximumHeight(110)
        self.journal_edit.hide()
        self.continue_button = action_button(
            "continue", "&Continue", "End this open step and go on to the next"
        )
        self.continue_button.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("session-progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Session progress")
        self.progress.setMaximumHeight(8)
        self.time_left_label = _label("time-left")

        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.pacer, 4)
        middle.addWidget(self.silhouette, 1)
        middle.addStretch(1)

        self.back_button = action_button("back", "◀ Back", "Back to the start of this step (Left)")
        self.toggle_button = action_button("toggle", "Start", "Start, pause or resume (Space)")
        self.skip_button = action_button("skip", "Next ▶", "Go on to the next step (Right)")
        self.stop_button = action_button("stop", "Stop", "End the session now (Esc)")
        self.mute_button = action_button("mute", "Mute", "Turn the sound off or on (M)")
        self.mute_button.setCheckable(True)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setObjectName("volume")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setAccessibleName("Volume")
        self.volume_slider.setAccessibleDescription("How loud the cues and tones are")
        self.volume_slider.setMaximumWidth(140)
        self.focus_button = action_button(
            "focus-mode", "Focus", "Full-screen focus mode (F11; Esc leaves it)"
        )
        controls = QHBoxLayout()
        for widget in (self.back_button, self.toggle_button, self.skip_button, self.stop_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.mute_button)
        controls.addWidget(self.volume_slider)
        controls.addWidget(self.focus_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addWidget(self.step_label)
        layout.addWidget(self.counter_label)
        layout.addLayout(middle, 1)
        layout.addWidget(self.word_label)
        layout.addWidget(self.countdown_label)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.journal_edit)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.notice_label)
        preparing = QHBoxLayout()
        preparing.addStretch(1)
        preparing.addWidget(self.preparing_label)
        preparing.addWidget(self.cancel_preparing_button)
        preparing.addStretch(1)
        layout.addLayout(preparing)
        layout.addWidget(self.progress)
        layout.addWidget(self.time_left_label)
        layout.addLayout(controls)

        self.toggle_button.clicked.connect(self.toggle_requested)
        self.skip_button.clicked.connect(self.skip_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.continue_button.clicked.connect(self.continue_requested)
        self.cancel_preparing_button.clicked.connect(self.cancel_preparing_requested)
        self.mute_button.toggled.connect(self.mute_toggled)
        self.mute_button.toggled.connect(
            lambda muted: self.mute_button.setText("Unmute" if muted else "Mute")
        )
        self.volume_slider.valueChanged.connect(self._on_volume)
        self.focus_button.clicked.connect(self.focus_mode_toggled)
        return page

    def _build_finished_page(self) -> QWidget:
        page = QWidget()
        self.finished_title = _label("finished-title", "Well done", size=1.8, bold=True)
        self.finished_label = _label("finished-summary")
        self.done_button = action_button(
            "done", "Back to the library", "Return to the routine list"
        )
        self.done_button.clicked.connect(self.done_requested)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.finished_title)
        layout.addWidget(self.finished_label)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _build_shortcuts(self) -> None:
        """Keys that drive a session: on the running page only, so that on the check-in page the
        arrows move a slider and Space presses a button, as they should."""
        page = self.running_page

        def action(text: str, key: str, signal: SignalInstance) -> None:
            act = QAction(text, page)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(signal)
            page.addAction(act)

        action("Start, pause or resume", "Space", self.toggle_requested)
        action("Next step", "Right", self.skip_requested)
        action("Back", "Left", self.back_requested)
        action("Stop", "Esc", self.escape_pressed)
        action("Focus mode", "F11", self.focus_mode_toggled)
        mute = QAction("Mute", page)
        mute.setShortcut(QKeySequence("M"))
        mute.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        mute.triggered.connect(self.mute_button.toggle)
        page.addAction(mute)

    # ----------------------------------------------------------------------------- rendering

    def begin(self, routine_name: str, volume: float, muted: bool, reduced_motion: bool) -> None:
        """Show a fresh session page for *routine_name*."""
        self.title.setText(routine_name)
        self.journal_edit.clear()
        self._last_word = ""
        self.show_sound_settings(volume, muted)
        self.pacer.set_reduced_motion(reduced_motion)
        self.show_running()

    def show_preparing(self, routine_name: str) -> None:
        """The session's voice is being prepared: a quiet page until it is (or a line, if slow)."""
        self.title.setText(routine_name)
        for label in (self.step_label, self.counter_label, self.word_label, self.prompt_label):
            label.setText("")
        self.preparing_label.setText("Preparing the voice…")
        for button in (self.back_button, self.toggle_button, self.skip_button):
            button.setEnabled(False)  # nothing to play yet; Stop cancels
        self.show_running()

    def show_preparing_line(self) -> None:
        """The preparation is taking a while: say so, and offer to cancel it."""
        self.preparing_label.show()
        self.cancel_preparing_button.show()

    def show_preparing_progress(self, done: int, total: int) -> None:
        self.preparing_label.setText(f"Preparing the voice… {done} of {total}")

    def end_preparing(self) -> None:
        self.preparing_label.hide()
        self.cancel_preparing_button.hide()
        for button in (self.back_button, self.toggle_button, self.skip_button):
            button.setEnabled(True)

    def ask_check_in(self, title: str, prompt: str, start_from: CheckIn | None = None) -> None:
        """Show the check-in page; its answer comes as ``check_in.submitted`` or ``skipped``."""
        self.check_in.reset(title, prompt, start_from=start_from)
        self._pages.setCurrentWidget(self.check_in)
        self.check_in.setFocus()

    @property
    def asking_check_in(self) -> bool:
        return self._pages.currentWidget() is self.check_in

    def show_running(self) -> None:
        self._pages.setCurrentWidget(self.running_page)
        self.running_page.setFocus()

    def show_focus_mode(self, on: bool) -> None:
        self._set_text(self.focus_button, "Leave focus" if on else "Focus")

    def show_sound_settings(self, volume: float, muted: bool) -> None:
        """Follow the volume and mute settings (changed here or elsewhere) without echoing."""
        self.volume_slider.blockSignals(True)
        self.volume_slider.setValue(round(volume * 100))
        self.volume_slider.blockSignals(False)
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.setText("Unmute" if muted else "Mute")
        self.mute_button.blockSignals(False)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        segment = snapshot.segment
        frame = pacer_frame(snapshot)
        self._state = snapshot.state
        self.pacer.set_frame(frame)
        self._set_text(self.step_label, frame.step_label)
        self._set_text(self.counter_label, frame.counter)
        self._set_text(self.word_label, frame.word)
        self._set_text(self.countdown_label, frame.countdown)
        self._set_text(self.prompt_label, frame.prompt)
        self._set_text(self.time_left_label, frame.time_left)
        self.progress.setValue(round(frame.progress * 1000))
        self.silhouette.set_region(segment.region)
        self.silhouette.setVisible(segment.region is not None)
        playing = snapshot.state in (PlayerState.PLAYING, PlayerState.PAUSED)
        self.continue_button.setVisible(segment.is_open and playing)
        self.journal_edit.setVisible(segment.kind == "journal" and playing)
        self._set_text(self.toggle_button, self._toggle_text(snapshot.state))
        self._announce(frame)

    def show_finished(self, finished: Finished) -> None:
        self._pages.setCurrentIndex(1)
        practised = format_clock(finished.practised_ms)
        if finished.completed:
            self.finished_title.setText("Well done")
            self.finished_label.setText(f"You practised for {practised}.")
        else:
            self.finished_title.setText("Session ended")
            self.finished_label.setText(f"You practised for {practised}. Come back any time.")
        self.done_button.setFocus()

    def show_notices(self, notices: list[str]) -> None:
        """Problems the user should know about (sound, history), one line each."""
        text = "\n".join(notices)
        self._set_text(self.notice_label, text)
        self.notice_label.setVisible(bool(notices))

    def journal_text(self) -> str:
        return self.journal_edit.toPlainText()

    def clear_journal(self) -> None:
        self.journal_edit.clear()

    @property
    def showing_finished(self) -> bool:
        return self._pages.currentIndex() == 1

    @staticmethod
    def _toggle_text(state: PlayerState) -> str:
        return {
            PlayerState.READY: "Start",
            PlayerState.PAUSED: "Resume",
            PlayerState.PLAYING: "Pause",
            PlayerState.COUNT_IN: "Pause",
        }.get(state, "Start")

    @staticmethod
    def _set_text(widget: QLabel | QPushButton, text: str) -> None:
        if widget.text() != text:
            widget.setText(text)

    def _announce(self, frame: PacerFrame) -> None:
        """Tell screen readers when the phase word changes (not on every frame)."""
        spoken = f"{frame.word} {frame.countdown}".strip() if frame.word != self._last_word else ""
        if not spoken:
            return
        self._last_word = frame.word
        self.pacer.setAccessibleName(f"Breathing pacer: {frame.word}")
        QAccessible.updateAccessibility(QAccessibleEvent(self.pacer, QAccessible.Event.NameChanged))

    def _on_volume(self, value: int) -> None:
        self.volume_changed.emit(value / 100)
