"""The page a session runs on: a dark, softly graded room with the orb in the middle.

It makes the page's widgets and puts each in its own place (``stage_layout``); it shows nothing
by itself. The page is drawn with the ``SESSION`` tokens whatever look the rest of the app has.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSlider,
    QWidget,
)

from app.qt.design.scheme import qt_palette
from app.qt.design.stylesheet import app_style_sheet
from app.qt.design.tokens import SESSION, SPACE, TYPE
from app.qt.session.back_silhouette import BackSilhouette
from app.qt.session.fitting_label import FittingLabel
from app.qt.session.pacer import PacerWidget
from app.qt.session.stage import LineHeights, StageRects, stage_layout
from app.qt.shell.widgets import action_button, text_label


def session_style_sheet() -> str:
    """The app's sheet in the session's colours, and the page's own few rules."""
    p = SESSION
    return app_style_sheet(p) + (
        f"QLabel {{ color: {p.ink}; background: transparent; }}\n"
        f'QLabel[caption="true"] {{ color: {p.ink_muted}; }}\n'
        f'QLabel[dimmed="true"] {{ color: {p.ink_muted}; }}\n'
        f"QLabel#paused {{ color: {p.accent}; font-weight: 600; }}\n"
        f"QProgressBar {{ background: {p.surface_alt}; border: none; border-radius: 2px; }}\n"
        f"QProgressBar::chunk {{ background: {p.accent}; border-radius: 2px; }}\n"
    )


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """Set a style sheet flag (a dynamic property) and let the sheet see the change."""
    if bool(widget.property(name)) != on:
        widget.setProperty(name, on)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)


def _label(name: str, size: float, *, bold: bool = False, caption: bool = False) -> QLabel:
    label = text_label("", name, size=size, bold=bold, centered=True)
    if caption:
        label.setProperty("caption", True)
    return label


class RunningPage(QWidget):
    """The widgets of a running session, each in the place ``stage_layout`` gives it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("running-page")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setPalette(qt_palette(SESSION))
        self.setAutoFillBackground(False)
        self.setStyleSheet(session_style_sheet())
        self._background_key: tuple[int, int, float] | None = None
        self._background: QPixmap | None = None

        self.title = _label("routine-title", TYPE.caption, caption=True)
        self.step_label = _label("step-label", TYPE.heading, bold=True)
        self.pacer = PacerWidget(self)
        self.silhouette = BackSilhouette(self)
        self.silhouette.hide()
        self.side_label = _label("side", TYPE.display, bold=True)
        self.side_label.setWordWrap(True)
        self.word_label = _label("phase-word", TYPE.phase_word, bold=True)
        self.countdown_label = _label("countdown", TYPE.heading, caption=True)
        self.counter_label = _label("counter-label", TYPE.caption, caption=True)
        # a long prompt is set smaller, down to caption size, rather than cut off
        prompt_font = QFont(self.font())
        prompt_font.setPointSizeF(prompt_font.pointSizeF() * TYPE.body)
        self.prompt_label = FittingLabel(prompt_font, TYPE.caption / TYPE.body, self)
        self.prompt_label.setObjectName("prompt")
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.notice_label = _label("notices", TYPE.caption)
        self.notice_label.setProperty("notice", True)
        self.notice_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.notice_label.hide()
        self.journal_edit = QPlainTextEdit(self)
        self.journal_edit.setObjectName("journal-edit")
        self.journal_edit.setAccessibleName("Journal entry")
        self.journal_edit.setPlaceholderText(
            "Write what you notice (kept on this computer). Shift+Enter starts a new line."
        )
        self.journal_edit.hide()

        self.action_row = QWidget(self)
        self.paused_label = _label("paused", TYPE.body)
        self.paused_label.setText("Paused · Space resumes")
        self.paused_label.hide()
        self.open_hint = _label("open-hint", TYPE.body, caption=True)
        self.open_hint.setText("Press Enter or click Continue when you're ready")
        self.open_hint.setWordWrap(False)
        self.open_hint.hide()
        self.continue_button = action_button(
            "continue", "&Continue", "End this open step and go on to the next (Enter)"
        )
        self.continue_button.setProperty("role", "primary")
        self.continue_button.hide()
        self.preparing_label = _label("preparing", TYPE.body, caption=True)
        self.preparing_label.setWordWrap(False)
        self.preparing_label.hide()
        self.cancel_preparing_button = action_button(
            "cancel-preparing", "Cancel", "Stop preparing the voice; the session does not start"
        )
        self.cancel_preparing_button.hide()
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACE.l)
        row.addStretch(1)
        for widget in (
            self.paused_label,
            self.open_hint,
            self.continue_button,
            self.preparing_label,
            self.cancel_preparing_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)

        self.controls = QWidget(self)
        self.controls.setObjectName("session-controls")
        self.back_button = action_button("back", "◀ Back", "Back to the start of this step (Left)")
        self.toggle_button = action_button("toggle", "Start", "Start, pause or resume (Space)")
        self.toggle_button.setProperty("role", "primary")
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
        for quiet in (self.back_button, self.skip_button, self.stop_button, self.mute_button):
            quiet.setProperty("role", "quiet")
        self.focus_button.setProperty("role", "quiet")
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.back_button, self.toggle_button, self.skip_button, self.stop_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.mute_button)
        controls.addWidget(self.volume_slider)
        controls.addWidget(self.focus_button)

        self.progress_row = QWidget(self)
        self.progress = QProgressBar()
        self.progress.setObjectName("session-progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Session progress")
        self.progress.setFixedHeight(4)
        self.time_left_label = _label("time-left", TYPE.caption, caption=True)
        self.time_left_label.setWordWrap(False)
        bottom = QHBoxLayout(self.progress_row)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(SPACE.m)
        bottom.addWidget(self.progress, 1, Qt.AlignmentFlag.AlignVCenter)
        bottom.addWidget(self.time_left_label)

        for child in (
            self.title,
            self.step_label,
            self.side_label,
            self.word_label,
            self.countdown_label,
            self.counter_label,
            self.prompt_label,
            self.notice_label,
        ):
            child.setParent(self)
        self.notice_label.raise_()
        # the drawn parts take the session's colours even where an app style sheet would hand
        # them the app's palette
        for drawn in (self.pacer, self.silhouette, self.volume_slider):
            drawn.setPalette(qt_palette(SESSION))

    # ----------------------------------------------------------------------------- layout

    def line_heights(self) -> LineHeights:
        def line(label: QLabel) -> int:
            return label.fontMetrics().height()

        return LineHeights(
            caption=line(self.counter_label),
            heading=line(self.step_label) + SPACE.xs,
            word=line(self.word_label) + SPACE.xs,
            countdown=line(self.countdown_label),
            # the prompt's base size, not the size a long prompt is drawn at: nothing moves
            body=QFontMetrics(self.prompt_label.base_font).height(),
            button=max(self.toggle_button.sizeHint().height(), line(self.paused_label)) + 2,
        )

    def places(self) -> StageRects:
        return stage_layout(self.width(), self.height(), self.line_heights())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        at = self.places()
        for widget, rect in (
            (self.title, at.title),
            (self.step_label, at.step),
            (self.notice_label, at.notices),
            (self.pacer, at.orb),
            (self.word_label, at.word),
            (self.countdown_label, at.countdown),
            (self.counter_label, at.counter),
            (self.prompt_label, at.prompt),
            (self.action_row, at.action),
            (self.controls, at.controls),
            (self.progress_row, at.progress),
        ):
            widget.setGeometry(rect)
        self.silhouette.setGeometry(at.left)
        self.side_label.setGeometry(_middle(at.right, at.orb, self.side_label))
        journal = QRect(at.right.x(), at.orb.y(), at.right.width(), at.orb.height())
        self.journal_edit.setGeometry(journal.adjusted(0, SPACE.xl, 0, -SPACE.xl))

    # ------------------------------------------------------------------------- background

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # clipped to the part to repaint
        painter.drawPixmap(0, 0, self._room())
        painter.end()

    def _room(self) -> QPixmap:
        """The background: a soft vertical gradient, drawn once per size."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio)
        if self._background_key != key or self._background is None:
            width, height = max(1, self.width()), max(1, self.height())
            pixmap = QPixmap(round(width * ratio), round(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            gradient = QLinearGradient(QPointF(0, 0), QPointF(0, height))
            gradient.setColorAt(0.0, QColor(SESSION.background))
            gradient.setColorAt(1.0, QColor(SESSION.surface))
            painter = QPainter(pixmap)
            painter.fillRect(QRect(0, 0, width, height), gradient)
            painter.end()
            self._background_key, self._background = key, pixmap
        return self._background


def _middle(column: QRect, orb: QRect, label: QLabel) -> QRect:
    """A place in *column* as high as two lines of *label*, level with the orb's centre."""
    height = 2 * label.fontMetrics().height() + SPACE.s
    return QRect(column.x(), orb.center().y() - height // 2, column.width(), height)
