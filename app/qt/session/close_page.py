"""The close page: what changed in the back, the time practised, the streak, the notes.

It renders a ``CloseSummary`` (worked out in the core) and asks for the journal or the library;
it decides nothing. With check-ins off (or nothing rated) only the time and the streak show.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.core.history.records import REGIONS
from app.core.session.close_summary import CloseSummary
from app.qt.design.tokens import SPACE, TYPE
from app.qt.journal_history.tension_back import TensionBack
from app.qt.shell.widgets import action_button, text_label


class ClosePage(QWidget):
    journal_requested = Signal()
    library_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("close-page")
        self.headline = text_label("", "close-headline", size=TYPE.display, bold=True)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.practised_label = text_label("", "close-practised", size=TYPE.heading)
        self.practised_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.streak_label = text_label("", "close-streak")
        self.streak_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.streak_label.setProperty("caption", True)
        self.back = TensionBack()
        self.back.setObjectName("close-back")
        self.back.setAccessibleName("Back tension before and after")
        self.back.set_read_only(True)
        self.region_labels = [text_label("", f"close-{r}") for r in REGIONS]
        self.notes_label = text_label("", "close-notes")
        self.notes_label.setProperty("caption", True)
        self.journal_button = action_button(
            "close-journal", "Open the journal", "See this session with the others in the journal"
        )
        self.library_button = action_button(
            "done", "Back to the library", "Return to the routine list"
        )
        self.library_button.setProperty("role", "primary")
        self.changes = QWidget()
        self.changes.setObjectName("close-changes")
        self._build()
        self.journal_button.clicked.connect(self.journal_requested)
        self.library_button.clicked.connect(self.library_requested)

    def _build(self) -> None:
        listing = QVBoxLayout()
        listing.addStretch(1)
        for label in self.region_labels:
            listing.addWidget(label)
        listing.addSpacing(SPACE.s)
        listing.addWidget(self.notes_label)
        listing.addStretch(1)
        row = QHBoxLayout(self.changes)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.back)
        row.addSpacing(SPACE.xl)
        row.addLayout(listing, 2)
        row.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.journal_button)
        buttons.addSpacing(SPACE.s)
        buttons.addWidget(self.library_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE.xl, SPACE.xl, SPACE.xl, SPACE.xl)
        layout.setSpacing(SPACE.s)
        layout.addStretch(1)
        layout.addWidget(self.headline)
        layout.addWidget(self.practised_label)
        layout.addWidget(self.streak_label)
        layout.addSpacing(SPACE.l)
        layout.addWidget(self.changes, 4)
        layout.addSpacing(SPACE.l)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_summary(self, summary: CloseSummary) -> None:
        self.headline.setText(summary.headline)
        self.practised_label.setText(summary.practised_text)
        self.streak_label.setText(summary.streak_text)
        self.streak_label.setVisible(bool(summary.streak_text))
        self.changes.setVisible(summary.shows_back)
        for region in REGIONS:
            self.back.set_value(region, None)
            self.back.set_mark(region, None)
            self.back.set_label(region, "")
        for index, label in enumerate(self.region_labels):
            label.setVisible(index < len(summary.regions))
        for label, change in zip(self.region_labels, summary.regions, strict=False):
            label.setText(change.words)
            latest = change.after if change.after is not None else change.before
            self.back.set_value(change.region, latest)
            if change.after is not None:
                self.back.set_mark(change.region, change.before)
            self.back.set_label(change.region, change.change_text)  # "": the value
        self.back.setAccessibleDescription(". ".join(c.words for c in summary.regions))
        self.notes_label.setText("\n".join(summary.notes))
        self.notes_label.setVisible(bool(summary.notes))
        self.library_button.setFocus()
