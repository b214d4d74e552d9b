"""The calm bar that follows an early ending: "Session ended — Undo", for five seconds.

It only shows and asks; the session controller holds the session (the player keeps it paused
for ``UNDO_MS``) and hides the bar once the ending is final or undone. Ctrl+Z undoes too, from
a text field as well (``let_undo_through``) once that field has no typing of its own to undo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.qt.design.tokens import SPACE

ENDED_TEXT = "Session ended — Undo to carry on where you were"


class UndoBar(QFrame):
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undo-bar")
        self.setProperty("card", True)
        self.label = QLabel(ENDED_TEXT)
        self.label.setObjectName("undo-bar-text")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undo-ending")
        self.undo_button.setProperty("role", "primary")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.setAccessibleDescription(
            "Carry on with the session from where it was ended (Ctrl+Z)"
        )
        self.undo_button.setToolTip("Carry on from where you were (Ctrl+Z)")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 48)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE.l, SPACE.s, SPACE.s, SPACE.s)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        undo = QAction("Undo ending", self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        undo.triggered.connect(self.undo_requested)
        self.addAction(undo)
        self.undo_button.clicked.connect(self.undo_requested)
        self.setAccessibleName("Session ended. Undo is offered for five seconds.")
        self.hide()

    def let_undo_through(self, *fields: QLineEdit | QPlainTextEdit) -> None:
        """A text field claims Ctrl+Z for its own undo, so the bar's shortcut never fires while
        it has focus (the note of the check-in after, say). While the bar shows, such a field
        keeps Ctrl+Z only while it has typing to undo; then Ctrl+Z undoes the ending."""
        for field in fields:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and self.isVisible()
            and not _has_own_undo(watched)
        ):
            return True  # not claimed: the window's shortcut, "Undo ending", takes the key
        return super().eventFilter(watched, event)


def _has_own_undo(field: QObject) -> bool:
    if isinstance(field, QPlainTextEdit):
        return field.document().isUndoAvailable()
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable()
    return False
