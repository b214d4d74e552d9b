"""The Journal view: a search field and the journal entries, newest first.

Each entry shows when it was written, the routine, the prompt, the text, and how the back felt
before and after that session ("Lower back 6 → 3"). The view does not search: typing emits
``search_changed`` (once the user pauses) and the caller answers with ``set_entries``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.history import JournalListing
from app.core.history.journal_summary import JournalCard, journal_cards, journal_status

SEARCH_PAUSE_MS = 200
PAGE_SIZE = 50


def _label(
    text: str, name: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(bold)
    font.setItalic(italic)
    if size is not None:
        font.setPointSizeF(font.pointSizeF() * size)
    label.setFont(font)
    label.setVisible(bool(text))
    return label


class JournalEntryCard(QFrame):
    """One entry: date and routine, prompt, text, then the check-ins of its session."""

    def __init__(self, card: JournalCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.setObjectName("journal-entry")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Journal entry, {card.when}")
        self.setAccessibleDescription(card.accessible_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(_label(f"{card.when} · {card.routine}", "entry-heading", bold=True))
        layout.addWidget(_label(card.prompt, "entry-prompt", italic=True))
        layout.addWidget(_label(card.text, "entry-text"))
        layout.addWidget(_label(card.tension, "entry-tension", size=0.9))
        layout.addWidget(_label(card.feelings, "entry-feelings", size=0.9))


class JournalView(QWidget):
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, pause_ms: int = SEARCH_PAUSE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("journal-view")
        self._cards: tuple[JournalCard, ...] = ()
        self._entries: list[JournalEntryCard] = []
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("journal-search")
        self.search_edit.setPlaceholderText("Search the journal")
        self.search_edit.setAccessibleName("Search the journal")
        self.search_edit.setAccessibleDescription(
            "Every word must appear in the entry, its prompt, the routine or the check-ins"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.status_label = _label(journal_status(0, ""), "journal-status")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.more_button = QPushButton("Show more")
        self.more_button.setObjectName("journal-more")
        self.more_button.setAutoDefault(False)
        self.more_button.hide()
        self._list = QVBoxLayout()
        self._list.setSpacing(10)
        content = QWidget()
        content.setObjectName("journal-entries")
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 4, 0)
        inner.addLayout(self._list)
        inner.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addStretch(1)
        self.entries_area = QScrollArea()
        self.entries_area.setObjectName("journal-scroll")
        self.entries_area.setWidgetResizable(True)
        self.entries_area.setFrameShape(QFrame.Shape.NoFrame)
        self.entries_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.status_label)
        layout.addWidget(self.entries_area, 1)
        # Debounce: the timer is armed only while the user types, and fires once.
        self._pause = QTimer(self)
        self._pause.setObjectName("journal-search-pause")
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._emit_search)
        self.search_edit.textEdited.connect(self._pause.start)
        self.search_edit.returnPressed.connect(self._emit_search)
        self.more_button.clicked.connect(self.show_more)

    # ----------------------------------------------------------------------------- render

    def set_entries(self, listings: Sequence[JournalListing], tz: tzinfo | None = None) -> None:
        """Show *listings* (newest first whatever order they come in), the first page of them."""
        self._cards = journal_cards(listings, tz)
        for entry in self._entries:
            self._list.removeWidget(entry)
            entry.deleteLater()
        self._entries = []
        self.status_label.setText(journal_status(len(self._cards), self.search_text))
        self.status_label.setVisible(True)
        self.show_more()
        self.entries_area.verticalScrollBar().setValue(0)

    def show_more(self) -> None:
        """Add the next page of entries under those shown."""
        start = len(self._entries)
        for card in self._cards[start : start + PAGE_SIZE]:
            entry = JournalEntryCard(card)
            self._list.addWidget(entry)
            self._entries.append(entry)
        self.more_button.setVisible(len(self._entries) < len(self._cards))

    @property
    def search_text(self) -> str:
        return self.search_edit.text()

    @property
    def search_pending(self) -> bool:
        """Whether a search waits for the user's pause in typing."""
        return self._pause.isActive()

    def shown_cards(self) -> list[JournalCard]:
        return [entry.card for entry in self._entries]

    # ------------------------------------------------------------------------------ slots

    def _emit_search(self) -> None:
        self._pause.stop()
        self.search_changed.emit(self.search_text)
