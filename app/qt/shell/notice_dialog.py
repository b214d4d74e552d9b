"""The app's own notices: a calm dialog in the design's look, for every information, warning and
question the app shows (never a stock message box).

A notice has a small round sign (i, !, ?), a title, the text and an optional detail, and its
buttons on the right; the default one is the primary button (Enter presses it), and Escape or
closing the window presses the escape button — for a notice with one button, that button.
``inform`` and ``warn`` show a one-button notice and wait; a question is built with
``NoticeDialog`` and its buttons, then ``ask`` shows it and says which button was pressed.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.qt.design.tokens import DARK, LIGHT, RADII, SPACE, TYPE
from app.qt.shell.palette import is_dark

Kind = Literal["information", "warning", "question"]
Role = Literal["accept", "reject", "destructive"]

_SIGNS: dict[Kind, str] = {"information": "i", "warning": "!", "question": "?"}
TEXT_WIDTH = 380  # the text wraps here: a notice reads as a few short lines


class NoticeSign(QWidget):
    """The round sign beside a notice's title: a soft disc with i, ! or ?."""

    def __init__(self, kind: Kind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName("notice-sign")
        self.setFixedSize(QSize(32, 32))

    def paintEvent(self, event: QPaintEvent) -> None:
        tokens = DARK if is_dark(self.palette()) else LIGHT
        if self.kind == "warning":
            disc, ink = tokens.notice, tokens.notice_ink
        else:
            disc, ink = tokens.accent_soft, tokens.accent
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(disc))
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.drawEllipse(box)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * TYPE.heading)
        painter.setFont(font)
        painter.setPen(QColor(ink))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _SIGNS[self.kind])
        painter.end()


class NoticeDialog(QDialog):
    """One notice: sign, title, text, detail, and the buttons added with ``add_button``."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        kind: Kind = "information",
        detail: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{text} {detail}".strip())
        self.setModal(True)
        self.kind: Kind = kind
        self._buttons: list[tuple[QPushButton, Role]] = []
        self._default: QPushButton | None = None
        self._escape: QPushButton | None = None
        self._clicked: QPushButton | None = None

        self.sign = NoticeSign(kind)
        self.title_label = self._label(title, "notice-title")
        title_font = self.title_label.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * TYPE.heading)
        self.title_label.setFont(title_font)
        self.text_label = self._label(text, "notice-text")
        self.detail_label = self._label(detail, "notice-detail")
        self.detail_label.setProperty("caption", True)
        self.detail_label.setVisible(bool(detail))

        words = QVBoxLayout()
        words.setSpacing(SPACE.s)
        words.addWidget(self.title_label)
        words.addWidget(self.text_label)
        words.addWidget(self.detail_label)
        top = QHBoxLayout()
        top.setSpacing(SPACE.l)
        top.addWidget(self.sign, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(words, 1)
        self._button_row = QHBoxLayout()
        self._button_row.setSpacing(SPACE.s)
        self._button_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE.xl, SPACE.xl, SPACE.xl, SPACE.l)
        layout.setSpacing(SPACE.xl)
        layout.addLayout(top)
        layout.addLayout(self._button_row)
        self.setStyleSheet(f"QDialog#notice {{ border-radius: {RADII.large}px; }}")

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMaximumWidth(TEXT_WIDTH)
        label.setMinimumWidth(min(TEXT_WIDTH, label.fontMetrics().horizontalAdvance(text) + 4))
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    # ------------------------------------------------------------------------------- build

    def add_button(self, text: str, role: Role = "accept", *, name: str = "") -> QPushButton:
        """A button on the right, in the order added; pressing it closes the notice."""
        button = QPushButton(text)
        button.setObjectName(name or f"notice-{role}")
        button.setAccessibleName(text.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._press(button))
        self._buttons.append((button, role))
        self._button_row.addWidget(button)
        if self._default is None:
            self.set_default(button)
        return button

    def set_default(self, button: QPushButton) -> None:
        """*button* answers Enter, has the focus first and looks primary."""
        for other, _role in self._buttons:
            other.setDefault(other is button)
            other.setProperty("role", "primary" if other is button else None)
            other.style().unpolish(other)
            other.style().polish(other)
        self._default = button
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_escape(self, button: QPushButton) -> None:
        """*button* answers Escape and the window's close button."""
        self._escape = button

    # ------------------------------------------------------------------------------- read

    def buttons(self) -> list[QPushButton]:
        return [button for button, _role in self._buttons]

    def role(self, button: QPushButton) -> Role | None:
        return next((role for b, role in self._buttons if b is button), None)

    def default_button(self) -> QPushButton | None:
        return self._default

    def escape_button(self) -> QPushButton | None:
        """The button Escape presses: the one set, else the only reject button, else the only
        button."""
        if self._escape is not None:
            return self._escape
        rejects = [b for b, role in self._buttons if role == "reject"]
        if len(rejects) == 1:
            return rejects[0]
        return self._buttons[0][0] if len(self._buttons) == 1 else None

    def clicked_button(self) -> QPushButton | None:
        """The button that closed the notice (Escape counts as its escape button)."""
        return self._clicked

    def clicked_role(self) -> Role | None:
        return None if self._clicked is None else self.role(self._clicked)

    def text(self) -> str:
        return self.text_label.text()

    def detail(self) -> str:
        return self.detail_label.text()

    # ------------------------------------------------------------------------------ close

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default is not None:
            self._default.setFocus(Qt.FocusReason.OtherFocusReason)

    def _press(self, button: QPushButton) -> None:
        self._clicked = button
        role = self.role(button)
        self.done(QDialog.DialogCode.Rejected if role == "reject" else QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        """Escape or the window's close button: what the escape button does."""
        escape = self.escape_button()
        self._clicked = escape
        super().reject()


def inform(parent: QWidget | None, title: str, text: str, *, detail: str = "") -> None:
    """Show an information notice with OK and wait until it is closed."""
    notice = NoticeDialog(parent, title, text, kind="information", detail=detail)
    notice.add_button("OK", "accept", name="notice-ok")
    notice.exec()


def warn(parent: QWidget | None, title: str, text: str, *, detail: str = "") -> None:
    """Show a warning notice with OK and wait until it is closed."""
    notice = NoticeDialog(parent, title, text, kind="warning", detail=detail)
    notice.add_button("OK", "accept", name="notice-ok")
    notice.exec()


def ask(notice: NoticeDialog) -> QPushButton | None:
    """Show *notice* and wait; the button pressed (None: closed without one)."""
    notice.exec()
    return notice.clicked_button()
