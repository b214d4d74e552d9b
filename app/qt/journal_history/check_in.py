"""The check-in: how tense the upper, mid and lower back feel (0–10), feelings and a note.

Used before and after a routine and for ``check_in`` steps inside one, and made to take five
seconds: a click on a slider's track (or on the painted back) puts the value there, a digit key
sets the focused region, Tab moves to the next region, Enter saves. A region left alone is "not
rated" (None), never 0. After a routine the form starts unrated, with the answer before shown as
a faint mark on each slider and on the back. Feelings are optional and light: a few common ones,
"More feelings…" for the rest and the user's own. The widget only collects: ``submitted``
carries a ``CheckIn``, ``skipped`` says the user passed (Skip, Esc, or Save with nothing
given). Saving is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.history import DEFAULT_EMOTIONS, CheckIn, Region
from app.core.history.records import (
    COMMON_EMOTIONS,
    MAX_EMOTION_CHARS,
    MAX_EMOTIONS,
    REGION_NAMES,
    REGIONS,
    normalise_emotion,
)
from app.qt.design.tokens import SPACE
from app.qt.journal_history.rating_slider import RatingSlider
from app.qt.journal_history.tension_back import TensionBack
from app.qt.library.flow_layout import FlowLayout
from app.qt.shell.widgets import text_label

DEFAULT_TITLE = "How does your back feel?"
SCALE_HINT = (
    "0 is at ease, 10 very tense. Click where it feels right, or type 0–9; Tab goes to the "
    "next region, Enter saves. A region you leave is not rated."
)
NOT_RATED = "–"
MORE = "More feelings…"
FEWER = "Fewer feelings"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CheckInWidget(QWidget):
    """Ratings on sliders and a painted back, feelings, a note; Save or Skip."""

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
        self.sliders: dict[Region, RatingSlider] = {}
        self._numbers: dict[Region, QLabel] = {}
        self._tags: dict[str, QPushButton] = {}
        self._common_flow = FlowLayout(spacing=SPACE.s - 2)
        self._more_flow = FlowLayout(spacing=SPACE.s - 2)
        self.more_button = QPushButton(MORE)
        self.more_box = QWidget()
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
        grid.setVerticalSpacing(SPACE.l)
        for row, region in enumerate(REGIONS):
            name = REGION_NAMES[region]
            slider = RatingSlider()
            slider.setObjectName(f"{region}-slider")
            slider.setAccessibleName(f"{name} tension")
            slider.setAccessibleDescription("From 0, at ease, to 10, very tense; not rated yet")
            slider.installEventFilter(self)  # focus outlines the region
            number = QLabel(NOT_RATED)
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
        self.setFocusProxy(self.sliders["upper"])  # a new check-in takes a digit at once
        ratings = QVBoxLayout()
        hint = text_label(SCALE_HINT, "check-in-hint")
        hint.setProperty("caption", True)
        ratings.addWidget(hint)
        ratings.addStretch(1)
        ratings.addLayout(grid)
        ratings.addStretch(2)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addSpacing(SPACE.m)
        top.addLayout(ratings, 1)

        for tag in emotions:
            self._add_tag_button(tag)
        common = QWidget()
        common.setObjectName("emotion-tags")
        common.setLayout(self._common_flow)
        common.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.more_button.setObjectName("more-emotions")
        self.more_button.setProperty("role", "quiet")
        self.more_button.setCheckable(True)
        self.more_button.setAccessibleDescription("Show or hide the other feelings")
        self.tag_edit.setObjectName("new-emotion")
        self.tag_edit.setPlaceholderText("Another feeling…")
        self.tag_edit.setAccessibleName("New emotion tag")
        self.tag_edit.setMaxLength(MAX_EMOTION_CHARS)
        self.add_tag_button.setObjectName("add-emotion")
        self.add_tag_button.setAccessibleName("Add emotion tag")
        add_row = QHBoxLayout()
        add_row.setContentsMargins(0, 0, 0, 0)
        add_row.addWidget(self.tag_edit, 1)
        add_row.addWidget(self.add_tag_button)
        add_row.addStretch(1)
        self.more_box.setObjectName("more-emotion-tags")
        more = QVBoxLayout(self.more_box)
        more.setContentsMargins(0, 0, 0, 0)
        more.addLayout(self._more_flow)
        more.addLayout(add_row)
        self.more_box.hide()
        self._common_flow.add_widget(self.more_button)  # right after the common few

        self.note_edit.setObjectName("check-in-note")
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("A note, if you like (kept on this computer).")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 2 + 16)

        self.skip_button.setObjectName("skip-check-in")
        self.skip_button.setToolTip("Skip the check-in (Esc)")
        self.skip_button.setProperty("role", "quiet")
        self.save_button.setObjectName("save-check-in")
        self.save_button.setToolTip("Save the check-in (Enter)")
        self.save_button.setProperty("role", "primary")
        for button in (self.skip_button, self.save_button, self.add_tag_button, self.more_button):
            button.setAutoDefault(False)
        for own_enter in (self.tag_edit, self.skip_button, self.more_button):
            own_enter.installEventFilter(self)  # Enter there is theirs, not Save
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE.s)
        layout.addWidget(self.title_label)
        layout.addWidget(self.prompt_label)
        layout.addLayout(top, 1)
        layout.addWidget(text_label("How do you feel? (optional)", "emotions-caption", bold=True))
        layout.addWidget(common)
        layout.addWidget(self.more_box)
        self.note_edit.setToolTip("Optional")
        layout.addWidget(self.note_edit)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("check-in-problem")
        self.problem_label.setProperty("problem", True)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        layout.addLayout(buttons)
        chain = [*self.sliders.values(), *self._tags.values(), self.more_button]
        chain += [self.tag_edit, self.add_tag_button, self.note_edit, self.skip_button]
        chain.append(self.save_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # Tab goes region to region first

    def _connect(self) -> None:
        for region, slider in self.sliders.items():
            slider.rating_changed.connect(
                lambda value, region=region: self.back.set_value(region, value)
            )
            slider.sliderPressed.connect(lambda region=region: self.back.select(region))
        self.back.value_changed.connect(self._show_value)
        self.back.region_pressed.connect(self._focus_slider)
        self.more_button.toggled.connect(self.show_more)
        self.add_tag_button.clicked.connect(self._add_typed_tag)
        self.save_button.clicked.connect(self._submit)
        self.skip_button.clicked.connect(self.skipped)

    def _add_tag_button(self, tag: str, *, checked: bool = False) -> QPushButton:
        button = QPushButton(tag)
        button.setObjectName(f"emotion-{tag}")
        button.setProperty("pill", True)
        button.setCheckable(True)
        button.setChecked(checked)
        button.setAutoDefault(False)
        button.setAccessibleName(tag)
        button.setAccessibleDescription("Feeling; press to choose or clear")
        self._tags[tag] = button
        if tag in COMMON_EMOTIONS:
            self._common_flow.add_widget(button)
        else:
            self._more_flow.add_widget(button)
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
        """Ready for a new check-in: titles set, every region not rated, no feeling chosen, no
        note. *start_from* (the check-in before the routine) shows as faint marks, not as
        answers. *emotions*, if given, adds tags not offered yet (the user's own)."""
        self.title_label.setText(title)
        self.prompt_label.setText(prompt)
        self.prompt_label.setVisible(bool(prompt))
        for tag in emotions or ():
            self.add_emotion(tag, checked=False)
        for region in REGIONS:
            self.set_value(region, None)
            mark = None if start_from is None else start_from.tension(region)
            self.sliders[region].set_mark(mark)
            self.back.set_mark(region, mark)
        for button in self._tags.values():
            button.setChecked(False)
        self.more_button.setChecked(False)
        self.tag_edit.clear()
        self.note_edit.clear()
        self.problem_label.hide()
        focused = [r for r, slider in self.sliders.items() if slider.hasFocus()]
        self.back.select(focused[0] if focused else None)

    def value(self, region: Region) -> int | None:
        """The rating of *region*; None while not rated."""
        return self.sliders[region].rating

    def set_value(self, region: Region, value: int | None) -> None:
        self.sliders[region].set_rating(value)
        self.back.set_value(region, value)
        self._show_value(region, value)

    def show_more(self, on: bool) -> None:
        """Show (or hide) the feelings beyond the common few, and the field for one's own."""
        self.more_box.setVisible(on)
        self.more_button.setText(FEWER if on else MORE)
        if self.more_button.isChecked() != on:
            self.more_button.setChecked(on)

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

    def _show_value(self, region: Region, value: int | None) -> None:
        slider = self.sliders[region]
        if slider.rating != value:
            slider.set_rating(value)
        self._numbers[region].setText(NOT_RATED if value is None else str(value))
        said = "not rated yet" if value is None else f"rated {value}"
        slider.setAccessibleDescription(f"From 0, at ease, to 10, very tense; {said}")

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
        if check_in.is_empty:  # nothing rated, felt or written: there is nothing to keep
            self.skipped.emit()
            return
        self.submitted.emit(check_in)

    # ------------------------------------------------------------------------------- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A region's slider taking focus outlines that region on the back; Enter in the
        feeling field adds the feeling, on Skip it skips, on More it opens the rest."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
        ):
            if watched is self.tag_edit:
                self._add_typed_tag()
                return True
            if watched in (self.skip_button, self.more_button):
                assert isinstance(watched, QAbstractButton)
                watched.click()
                return True
        if event.type() == QEvent.Type.FocusIn:
            for region, slider in self.sliders.items():
                if watched is slider:
                    self.back.select(region)
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        """Claim Esc and Enter before any shortcut of an enclosing view takes them (the
        session's Stop, its Continue)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.key() == Qt.Key.Key_Escape or event.key() in _ENTER)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if event.key() == Qt.Key.Key_Escape and plain:
            event.accept()
            self.skipped.emit()
            return
        if event.key() in _ENTER and plain:
            event.accept()
            self._submit()  # from a slider, a feeling, anywhere the key is not taken first
            return
        super().keyPressEvent(event)
