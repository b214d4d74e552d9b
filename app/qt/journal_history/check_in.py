"""The check-in: how tense the upper, mid and lower back feel (0–10), emotion tags and a note.

Used before and after a routine and for ``check_in`` steps inside one. The painted back takes
clicks and drags; three sliders are the keyboard and screen-reader path, and both stay in sync.
The widget only collects: ``submitted`` carries a ``CheckIn``, ``skipped`` says the user passed
(the Skip button or Esc). Saving is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.core.history import DEFAULT_EMOTIONS, CheckIn, Region
from app.core.history.records import (
    MAX_EMOTION_CHARS,
    MAX_EMOTIONS,
    REGION_NAMES,
    REGIONS,
    TENSION_MAX,
    TENSION_MIN,
    normalise_emotion,
)
from app.qt.journal_history.tension_back import TensionBack, clamp_tension
from app.qt.library.flow_layout import FlowLayout
from app.qt.shell.widgets import pill_style, text_label

DEFAULT_TITLE = "How does your back feel?"
SCALE_HINT = "0 is at ease, 10 is very tense. Click or drag on the back, or use the sliders."

_TAG_STYLE = pill_style("emotionTag")


class CheckInWidget(QWidget):
    """Ratings on a painted back and sliders, emotion tags, a note; Save or Skip."""

    submitted = Signal(CheckIn)
    skipped = Signal()

    def __init__(
        self,
        title: str = DEFAULT_TITLE,
        prompt: str = "",
        emotions: Sequence[str] = DEFAULT_EMOTIONS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("check-in")
        self.title_label = text_label(title, "check-in-title", size=1.3, bold=True)
        self.prompt_label = text_label(prompt, "check-in-prompt")
        self.prompt_label.setVisible(bool(prompt))
        self.back = TensionBack()
        self.sliders: dict[Region, QSlider] = {}
        self._numbers: dict[Region, QLabel] = {}
        self._tags: dict[str, QPushButton] = {}
        self._tag_flow = FlowLayout(spacing=6)
        self.tag_edit = QLineEdit()
        self.add_tag_button = QPushButton("Add")
        self.note_edit = QPlainTextEdit()
        self.skip_button = QPushButton("Skip")
        self.save_button = QPushButton("Save")
        self._build(emotions)
        self._connect()

    # ----------------------------------------------------------------------------- layout

    def _build(self, emotions: Sequence[str]) -> None:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(14)
        for row, region in enumerate(REGIONS):
            name = REGION_NAMES[region]
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"{region}-slider")
            slider.setRange(TENSION_MIN, TENSION_MAX)
            slider.setPageStep(2)
            slider.setTickInterval(1)
            slider.setTickPosition(QSlider.TickPosition.TicksBelow)
            slider.setAccessibleName(f"{name} tension")
            slider.setAccessibleDescription("From 0, at ease, to 10, very tense")
            number = QLabel("0")
            number.setObjectName(f"{region}-value")
            number.setMinimumWidth(number.fontMetrics().horizontalAdvance("10") + 6)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            caption = QLabel(name)
            caption.setBuddy(slider)
            grid.addWidget(caption, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(number, row, 2)
            self.sliders[region] = slider
            self._numbers[region] = number
        ratings = QVBoxLayout()
        hint = text_label(SCALE_HINT, "check-in-hint")
        hint.setForegroundRole(self.foregroundRole())
        ratings.addWidget(hint)
        ratings.addSpacing(6)
        ratings.addLayout(grid)
        ratings.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addSpacing(12)
        top.addLayout(ratings, 1)

        for tag in emotions:
            self._add_tag_button(tag)
        tags_box = QWidget()
        tags_box.setObjectName("emotion-tags")
        tags_box.setStyleSheet(_TAG_STYLE)
        tags_box.setLayout(self._tag_flow)
        tags_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.tag_edit.setObjectName("new-emotion")
        self.tag_edit.setPlaceholderText("Another feeling…")
        self.tag_edit.setAccessibleName("New emotion tag")
        self.tag_edit.setMaxLength(MAX_EMOTION_CHARS)
        self.add_tag_button.setObjectName("add-emotion")
        self.add_tag_button.setAccessibleName("Add emotion tag")
        add_row = QHBoxLayout()
        add_row.addWidget(self.tag_edit, 1)
        add_row.addWidget(self.add_tag_button)
        add_row.addStretch(1)

        self.note_edit.setObjectName("check-in-note")
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("A note, if you like (kept on this computer).")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 14)

        self.skip_button.setObjectName("skip-check-in")
        self.skip_button.setToolTip("Skip the check-in (Esc)")
        self.save_button.setObjectName("save-check-in")
        self.save_button.setToolTip("Save the check-in")
        for button in (self.skip_button, self.save_button, self.add_tag_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.prompt_label)
        layout.addLayout(top, 1)
        layout.addWidget(text_label("What do you feel? (optional)", "emotions-caption", bold=True))
        layout.addWidget(tags_box)
        layout.addLayout(add_row)
        layout.addWidget(text_label("Note (optional)", "note-caption", bold=True))
        layout.addWidget(self.note_edit)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("check-in-problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        for region, slider in self.sliders.items():
            slider.valueChanged.connect(
                lambda value, region=region: self.back.set_value(region, value)
            )
            slider.sliderPressed.connect(lambda region=region: self.back.select(region))
            slider.actionTriggered.connect(lambda _action, region=region: self.back.select(region))
        self.back.value_changed.connect(self._show_value)
        self.back.region_pressed.connect(self._focus_slider)
        self.add_tag_button.clicked.connect(self._add_typed_tag)
        self.tag_edit.returnPressed.connect(self._add_typed_tag)
        self.save_button.clicked.connect(self._submit)
        self.skip_button.clicked.connect(self.skipped)

    def _add_tag_button(self, tag: str, *, checked: bool = False) -> QPushButton:
        button = QPushButton(tag)
        button.setObjectName(f"emotion-{tag}")
        button.setProperty("emotionTag", True)
        button.setCheckable(True)
        button.setChecked(checked)
        button.setAutoDefault(False)
        button.setAccessibleName(tag)
        button.setAccessibleDescription("Emotion tag; press to choose or clear")
        self._tags[tag] = button
        self._tag_flow.add_widget(button)
        return button

    # ------------------------------------------------------------------------------ state

    def reset(
        self,
        title: str = DEFAULT_TITLE,
        prompt: str = "",
        *,
        emotions: Iterable[str] | None = None,
        start_from: CheckIn | None = None,
    ) -> None:
        """Ready for a new check-in: titles set, values at 0 (or those of *start_from*, such as
        the check-in before the routine), no tag chosen, no note. *emotions*, if given, adds
        tags not offered yet (the user's own)."""
        self.title_label.setText(title)
        self.prompt_label.setText(prompt)
        self.prompt_label.setVisible(bool(prompt))
        for tag in emotions or ():
            self.add_emotion(tag, checked=False)
        for region in REGIONS:
            self.set_value(region, 0 if start_from is None else start_from.tension(region))
        for button in self._tags.values():
            button.setChecked(False)
        self.tag_edit.clear()
        self.note_edit.clear()
        self.problem_label.hide()
        self.back.select(None)

    def value(self, region: Region) -> int:
        return self.sliders[region].value()

    def set_value(self, region: Region, value: int) -> None:
        self.sliders[region].setValue(clamp_tension(value))
        self.back.set_value(region, clamp_tension(value))

    def known_emotions(self) -> tuple[str, ...]:
        return tuple(self._tags)

    def selected_emotions(self) -> tuple[str, ...]:
        return tuple(tag for tag, button in self._tags.items() if button.isChecked())

    def tag_button(self, tag: str) -> QPushButton:
        return self._tags[tag]

    def set_emotion_checked(self, tag: str, checked: bool) -> None:
        self._tags[tag].setChecked(checked)

    def add_emotion(self, text: str, *, checked: bool = True) -> str | None:
        """Offer the tag *text* (normalised as stored) and choose it; returns the tag, or None
        when *text* is not a usable tag. A tag already offered is chosen, not repeated."""
        try:
            tag = normalise_emotion(text)
        except ValueError:
            return None
        if tag in self._tags:
            if checked:
                self._tags[tag].setChecked(True)
        else:
            self._add_tag_button(tag, checked=checked)
        return tag

    def check_in(self) -> CheckIn:
        """What the form says now."""
        return CheckIn(
            upper=self.value("upper"),
            mid=self.value("mid"),
            lower=self.value("lower"),
            emotions=self.selected_emotions()[:MAX_EMOTIONS],
            note=self.note_edit.toPlainText(),
        )

    # ------------------------------------------------------------------------------ slots

    def _show_value(self, region: Region, value: int) -> None:
        self.sliders[region].setValue(value)
        self._numbers[region].setText(str(value))

    def _focus_slider(self, region: Region) -> None:
        self.sliders[region].setFocus(Qt.FocusReason.MouseFocusReason)

    def _add_typed_tag(self) -> None:
        if self.add_emotion(self.tag_edit.text()) is not None:
            self.tag_edit.clear()

    def _submit(self) -> None:
        try:
            check_in = self.check_in()
        except ValueError as error:  # a note beyond the length kept: say so, keep the text
            self.problem_label.setText(f"This check-in was not saved: {error}.")
            self.problem_label.show()
            return
        self.problem_label.hide()
        self.submitted.emit(check_in)

    # ------------------------------------------------------------------------------- keys

    def event(self, event: QEvent) -> bool:
        """Claim Esc before any shortcut of an enclosing view (the session's Stop) takes it."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            event.accept()
            self.skipped.emit()
            return
        super().keyPressEvent(event)
