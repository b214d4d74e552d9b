"""The Journal view: a search field and one card per session in which something was written,
newest first.

A card shows when and which routine, the tension before → after per region, the feelings, the
check-ins' notes and every journal answer under its prompt (``journal_summary`` works the text
out). The search filters the cards by any of that text once the user pauses in typing (or at
once on Enter), and says ``search_changed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.history import SessionRecord
from app.core.history.journal_summary import (
    SessionCard,
    filter_cards,
    journal_status,
    session_cards,
)
from app.qt.design.tokens import SPACE, TYPE

SEARCH_PAUSE_MS = 200
PAGE_SIZE = 50
READING_WIDTH = 760  # the cards and the search keep to a comfortable line length


def _label(
    text: str,
    name: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    caption: bool = False,
) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if caption:
        label.setProperty("caption", True)
    font = label.font()
    font.setBold(bold)
    font.setItalic(italic)
    if size is not None:
        font.setPointSizeF(font.pointSizeF() * size)
    label.setFont(font)
    label.setVisible(bool(text))
    return label


class JournalEntryCard(QFrame):
    """One session: when, the routine, the back before → after, feelings, notes, answers."""

    def __init__(self, card: SessionCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.setObjectName("journal-entry")
        self.setProperty("card", True)
        self.setAccessibleName(f"Journal, {card.routine}, {card.when}")
        self.setAccessibleDescription(card.accessible_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE.l, SPACE.m, SPACE.l, SPACE.l)
        layout.setSpacing(SPACE.xs)
        layout.addWidget(_label(card.when, "entry-when", size=TYPE.caption, caption=True))
        layout.addWidget(_label(card.routine, "entry-heading", bold=True, size=TYPE.heading))
        if card.status:  # how a session not completed ended: "Ended early"
            layout.addWidget(_label(card.status, "entry-status", size=TYPE.caption, caption=True))
        layout.addWidget(_label(card.tension, "entry-tension"))
        layout.addWidget(_label(card.feelings, "entry-feelings", size=TYPE.caption, caption=True))
        for note in card.notes:
            layout.addSpacing(SPACE.xs)
            layout.addWidget(
                _label(f"Note {note.moment.lower()}", "entry-note-moment", caption=True)
            )
            layout.addWidget(_label(note.text, "entry-note"))
        for answer in card.answers:
            layout.addSpacing(SPACE.xs)
            layout.addWidget(_label(answer.prompt, "entry-prompt", italic=True, caption=True))
            layout.addWidget(_label(answer.text, "entry-text"))

    def texts(self) -> list[str]:
        """The texts the card shows, top to bottom (for tests and screen readers alike)."""
        return [label.text() for label in self.findChildren(QLabel) if label.isVisibleTo(self)]


class JournalView(QWidget):
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, pause_ms: int = SEARCH_PAUSE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("journal-view")
        self._all: tuple[SessionCard, ...] = ()
        self._cards: tuple[SessionCard, ...] = ()
        self._entries: list[JournalEntryCard] = []
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("journal-search")
        self.search_edit.setPlaceholderText("Search what you wrote")
        self.search_edit.setAccessibleName("Search the journal")
        self.search_edit.setAccessibleDescription(
            "Every word must appear in the card: the routine, the notes, the feelings, "
            "the answers or the check-ins"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.status_label = _label(journal_status(0, ""), "journal-status", caption=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.more_button = QPushButton("Show more")
        self.more_button.setObjectName("journal-more")
        self.more_button.setProperty("role", "quiet")
        self.more_button.setAutoDefault(False)
        self.more_button.hide()
        self._list = QVBoxLayout()
        self._list.setSpacing(SPACE.m)
        content = QWidget()
        content.setObjectName("journal-entries")
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, SPACE.s, 0)
        inner.addLayout(self._list)
        inner.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addStretch(1)
        self.entries_area = QScrollArea()
        self.entries_area.setObjectName("journal-scroll")
        self.entries_area.setWidgetResizable(True)
        self.entries_area.setFrameShape(QFrame.Shape.NoFrame)
        self.entries_area.setWidget(content)
        column = QWidget()
        column.setObjectName("journal-column")
        column.setMaximumWidth(READING_WIDTH)
        inside = QVBoxLayout(column)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.setSpacing(SPACE.s)
        inside.addWidget(self.search_edit)
        inside.addWidget(self.status_label)
        inside.addWidget(self.entries_area, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE.xl, SPACE.l, SPACE.xl, SPACE.s)
        layout.addStretch(1)
        layout.addWidget(column, 100)  # as wide as the page allows, up to the reading width
        layout.addStretch(1)
        # Debounce: the timer is armed only while the user types, and fires once.
        self._pause = QTimer(self)
        self._pause.setObjectName("journal-search-pause")
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._search)
        self.search_edit.textEdited.connect(self._pause.start)
        self.search_edit.returnPressed.connect(self._search)
        self.search_edit.textChanged.connect(self._cleared)
        self.more_button.clicked.connect(self.show_more)

    # ----------------------------------------------------------------------------- render

    def set_sessions(self, sessions: Sequence[SessionRecord], tz: tzinfo | None = None) -> None:
        """Show the sessions with writing in them (newest first, whatever order they come in),
        filtered by the search as it stands."""
        self._all = session_cards(sessions, tz)
        self._show(filter_cards(self._all, self.search_text))

    def _show(self, cards: tuple[SessionCard, ...]) -> None:
        self._cards = cards
        for entry in self._entries:
            self._list.removeWidget(entry)
            entry.deleteLater()
        self._entries = []
        self.status_label.setText(journal_status(len(cards), self.search_text))
        self.status_label.setVisible(True)
        self.show_more()
        self.entries_area.verticalScrollBar().setValue(0)

    def show_more(self) -> None:
        """Add the next page of cards under those shown."""
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

    def shown_cards(self) -> list[SessionCard]:
        return [entry.card for entry in self._entries]

    def card_widgets(self) -> list[JournalEntryCard]:
        return list(self._entries)

    # ------------------------------------------------------------------------------ slots

    def _search(self) -> None:
        self._pause.stop()
        self._show(filter_cards(self._all, self.search_text))
        self.search_changed.emit(self.search_text)

    def _cleared(self, text: str) -> None:
        """The clear button (or any change to empty) shows every card at once."""
        if not text and self._cards != self._all:
            self._search()
