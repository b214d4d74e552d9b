"""The calm bar that follows an early ending: "Session ended — Undo", for five seconds.

It only shows and asks; the session controller holds the session (the player keeps it paused
for ``UNDO_MS``) and hides the bar once the ending is final or undone. Ctrl+Z undoes too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

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
