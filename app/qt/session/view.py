"""The session page: pacer, words, prompt, counters, progress and the controls.

It renders snapshots and finished sessions, and turns clicks and keys into requests (signals);
it decides nothing about timing. The running page's look and places are ``RunningPage``'s; its
controls fade while the session plays (``ControlsFader``), its keys work all the same.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.core.history import CheckIn
from app.core.session.clock import Clock, monotonic_clock
from app.core.session.close_summary import CloseSummary
from app.core.session.controls_fade import CONTROLS_LINGER_NS
from app.core.session.pacer_model import EASY_PACE, Pace, PacerFrame, pacer_frame
from app.core.session.player import PlayerState, Snapshot
from app.qt.journal_history.check_in import CheckInWidget
from app.qt.session.close_page import ClosePage
from app.qt.session.fader import FADE_MS, ControlsFader
from app.qt.session.running_page import RunningPage, set_flag
from app.qt.session.undo_bar import UndoBar
from app.qt.shell.widgets import text_label

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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
    page_changed = Signal()  # the running page, a check-in or the close page came to the front
    cancel_preparing_requested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Clock = monotonic_clock,
        linger_ns: int = CONTROLS_LINGER_NS,
        fade_ms: int = FADE_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session-view")
        self._last_word = ""
        self._state = PlayerState.READY
        self._pace = EASY_PACE
        self._focus_mode = False
        self._pages = QStackedWidget(self)
        self.running_page = self._build_running_page()
        self._pages.addWidget(self.running_page)
        self.close_page = ClosePage()
        self.close_page.library_requested.connect(self.done_requested)
        self.finished_title = self.close_page.headline
        self.finished_label = self.close_page.practised_label
        self.done_button = self.close_page.library_button
        self._pages.addWidget(self.close_page)
        self.check_in = CheckInWidget()
        self._pages.addWidget(self.check_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self._pages.currentChanged.connect(lambda _index: self.page_changed.emit())
        self.undo_bar = UndoBar()
        self.undo_bar.let_undo_through(self.check_in.note_edit, self.check_in.tag_edit)
        layout.addWidget(self.undo_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        self.fader = ControlsFader(
            clock, self.running_page, [self.controls], linger_ns=linger_ns, fade_ms=fade_ms
        )
        self._build_shortcuts()

    # ------------------------------------------------------------------------------ layout

    def _build_running_page(self) -> RunningPage:
        page = RunningPage()
        self.title = page.title
        self.step_label = page.step_label
        self.counter_label = page.counter_label
        self.pacer = page.pacer
        self.silhouette = page.silhouette
        self.side_label = page.side_label
        self.word_label = page.word_label
        self.countdown_label = page.countdown_label
        self.prompt_label = page.prompt_label
        self.notice_label = page.notice_label
        self.preparing_label = page.preparing_label
        self.cancel_preparing_button = page.cancel_preparing_button
        self.journal_edit = page.journal_edit
        self.paused_label = page.paused_label
        self.open_hint = page.open_hint
        self.continue_button = page.continue_button
        self.progress = page.progress
        self.time_left_label = page.time_left_label
        self.controls = page.controls
        self.back_button = page.back_button
        self.toggle_button = page.toggle_button
        self.skip_button = page.skip_button
        self.stop_button = page.stop_button
        self.mute_button = page.mute_button
        self.volume_slider = page.volume_slider
        self.focus_button = page.focus_button
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
        self.journal_edit.installEventFilter(self)
        return page

    def _build_shortcuts(self) -> None:
        """Keys that drive a session: on the running page only, so that on the check-in page the
        arrows move a slider and Space presses a button, as they should. They work whether the
        controls show or have faded, and each counts as the user's activity."""
        page = self.running_page

        def action(
            text: str, keys: list[str], slot: SignalInstance | Callable[[], object]
        ) -> QAction:
            act = QAction(text, page)
            act.setShortcuts([QKeySequence(key) for key in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(self.fader.touch)
            act.triggered.connect(slot)
            page.addAction(act)
            return act

        action("Start, pause or resume", ["Space"], self.toggle_requested)
        action("Next step", ["Right"], self.skip_requested)
        action("Back", ["Left"], self.back_requested)
        action("Stop", ["Esc"], self.escape_pressed)
        action("Mute", ["M"], self.mute_button.toggle)
        # Enter ends an open step, as Continue does (while Continue is there to click)
        self.continue_action = action("Continue", ["Return", "Enter"], self._continue_by_key)
        self.continue_action.setEnabled(False)
        # Focus mode is left from every page (the check-in, the close page too): F11 anywhere
        # in the view; Esc on the close page, and on the check-in (where Esc is otherwise Skip)
        focus = QAction("Focus mode", self)
        focus.setShortcut(QKeySequence("F11"))
        focus.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus.triggered.connect(self.fader.touch)
        focus.triggered.connect(self.focus_mode_toggled)
        self.addAction(focus)
        leave = QAction("Leave focus mode", self.close_page)
        leave.setShortcut(QKeySequence("Esc"))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.triggered.connect(self._leave_focus_mode)
        self.close_page.addAction(leave)
        self.check_in.installEventFilter(self)

    def _leave_focus_mode(self) -> bool:
        """Ask the window to leave focus mode, if it is in it; whether it was."""
        was_on = self._focus_mode
        if was_on:
            self.focus_mode_toggled.emit()
        return was_on

    def _continue_by_key(self) -> None:
        if self.continue_button.isVisible():
            self.continue_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In a journal step's text box Enter ends the step too; Shift+Enter starts a new line.
        On the check-in in focus mode, Esc leaves focus mode first (as on the running page)."""
        if (
            isinstance(watched, CheckInWidget)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self._leave_focus_mode()
        ):
            return True
        if (
            watched is self.journal_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.journal_edit.textCursor().insertText("\n")
            else:
                self._continue_by_key()
            return True
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------------------- rendering

    def begin(
        self,
        routine_name: str,
        volume: float,
        muted: bool,
        reduced_motion: bool,
        pace: Pace = EASY_PACE,
    ) -> None:
        """Show a fresh session page for *routine_name*; guide, move and rest steps pulse at
        *pace*."""
        self._pace = pace
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

    @property
    def showing_running(self) -> bool:
        """The running page (the dark room with the orb) is in front."""
        return self._pages.currentWidget() is self.running_page

    def show_running(self) -> None:
        self._pages.setCurrentWidget(self.running_page)
        self.running_page.setFocus()

    def show_focus_mode(self, on: bool) -> None:
        self._focus_mode = on
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
        frame = pacer_frame(snapshot, self._pace)
        if snapshot.state is not self._state:
            self.fader.set_playing(snapshot.state in (PlayerState.PLAYING, PlayerState.COUNT_IN))
        self._state = snapshot.state
        self.pacer.set_frame(frame)
        self._set_text(self.step_label, frame.step_label)
        self._set_text(self.counter_label, frame.counter)
        self._set_text(self.word_label, frame.word)
        self._set_text(self.side_label, frame.side)
        self._set_text(self.countdown_label, frame.countdown)
        self._set_text(self.prompt_label, frame.prompt)
        self._set_text(self.time_left_label, frame.time_left)
        self.progress.setValue(round(frame.progress * 1000))
        self.silhouette.set_region(segment.region)
        self.silhouette.setVisible(segment.region is not None)
        self.side_label.setVisible(bool(frame.side))
        set_flag(self.word_label, "dimmed", frame.paused)
        set_flag(self.countdown_label, "dimmed", frame.paused)
        self.paused_label.setVisible(frame.paused)
        playing = snapshot.state in (PlayerState.PLAYING, PlayerState.PAUSED)
        open_step = segment.is_open and playing
        self.continue_button.setVisible(open_step)
        self.open_hint.setVisible(open_step and not frame.paused)
        self.continue_action.setEnabled(open_step)
        self.journal_edit.setVisible(segment.kind == "journal" and playing)
        self._set_text(self.toggle_button, self._toggle_text(snapshot.state))
        self._announce(frame)

    def show_finished(self, summary: CloseSummary) -> None:
        """The close page (``close_page``) with *summary*."""
        self.close_page.show_summary(summary)
        self._pages.setCurrentWidget(self.close_page)
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
        return self._pages.currentWidget() is self.close_page

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
        """Tell screen readers when the phase word changes, or the session pauses (not on every
        frame)."""
        word = f"{frame.word} (paused)" if frame.paused else frame.word
        if word == self._last_word:
            return
        self._last_word = word
        self.pacer.setAccessibleName(f"Breathing pacer: {word} {frame.side}".rstrip())
        QAccessible.updateAccessibility(QAccessibleEvent(self.pacer, QAccessible.Event.NameChanged))

    def _on_volume(self, value: int) -> None:
        self.volume_changed.emit(value / 100)
