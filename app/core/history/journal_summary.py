"""What the Journal view shows, worked out without Qt: one card per session in which the user
wrote something — a journal answer, a check-in's note or its feelings — newest first, with the
routine, the tension before and after per region, the feelings, the notes and every answer.

A card's search text is everything it shows, so the search finds a card by any of it. A region
not rated in a check-in (None) is left out of the card, never shown as a 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from app.core.history.records import (
    REGION_NAMES,
    REGIONS,
    STATUS_NAMES,
    CheckIn,
    Region,
    SessionRecord,
    plural,
)
from app.core.history.search import has_every_word
from app.core.history.summary import when_text

NOT_RATED = "not rated"


def _rating(check_in: CheckIn | None, region: Region) -> int | None:
    """The rating of *region*, or None when there is no check-in or the region was not rated."""
    if check_in is None:
        return None
    value: int | None = check_in.tension(region)
    return value


def region_changes(before: CheckIn | None, after: CheckIn | None) -> tuple[str, ...]:
    """Per rated region: ``Upper back 5 → 2``; with one check-in only, ``Upper back 5``; a region
    rated on one side of a pair, ``Upper back 5 → not rated``."""
    lines = []
    both = before is not None and after is not None
    for region in REGIONS:
        b, a = _rating(before, region), _rating(after, region)
        if b is None and a is None:
            continue
        if both:
            lines.append(
                f"{REGION_NAMES[region]} {NOT_RATED if b is None else b} → "
                f"{NOT_RATED if a is None else a}"
            )
        else:
            lines.append(f"{REGION_NAMES[region]} {b if b is not None else a}")
    return tuple(lines)


def tension_change_text(before: CheckIn | None, after: CheckIn | None) -> str:
    """``Upper back 5 → 2 · Mid back 4 → 3 · Lower back 6 → 3``; with one check-in only,
    ``Before: Upper back 5 · …``; with none (or nothing rated), an empty string."""
    changes = " · ".join(region_changes(before, after))
    if not changes or (before is not None and after is not None):
        return changes
    return f"{'Before' if before is not None else 'After'}: {changes}"


def _moments(before: CheckIn | None, after: CheckIn | None) -> Iterable[tuple[str, CheckIn]]:
    for word, check_in in (("Before", before), ("After", after)):
        if check_in is not None:
            yield word, check_in


def feelings_line(before: CheckIn | None, after: CheckIn | None) -> str:
    """The feelings noted: ``Before: anxiety, fear · After: calm``."""
    return " · ".join(
        f"{word}: {', '.join(check_in.emotions)}"
        for word, check_in in _moments(before, after)
        if check_in.emotions
    )


def has_writing(session: SessionRecord) -> bool:
    """Whether the user wrote something in *session*: a journal answer, a note, a feeling."""
    if any(entry.text.strip() for entry in session.journal):
        return True
    return any(c.note or c.emotions for _word, c in _moments(session.before, session.after))


@dataclass(frozen=True, slots=True)
class Answer:
    prompt: str
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    moment: str  # "Before" or "After"
    text: str


@dataclass(frozen=True, slots=True)
class SessionCard:
    """One session in the journal: everything written in it, with how the back felt."""

    session_id: int
    when: str
    routine: str
    tension: str  # "Upper back 7 → 4 · Mid back 5 → 3 · Lower back 6 → 3"
    feelings: str  # "Before: anxiety · After: calm"
    notes: tuple[Note, ...]
    answers: tuple[Answer, ...]
    status: str = ""  # "Ended early", "Cut short", "In progress"; "" for a completed session

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text the card shows, in its order."""
        parts = [self.when, self.routine, self.status, self.tension, self.feelings]
        parts += [f"{note.moment}: {note.text}" for note in self.notes]
        for answer in self.answers:
            parts += [answer.prompt, answer.text]
        return tuple(p for p in parts if p)

    @property
    def accessible_text(self) -> str:
        return ". ".join(self.texts)

    def matches(self, query: str) -> bool:
        """Every word of *query*, in any case, somewhere in what the card shows."""
        return has_every_word("\n".join(self.texts), query)


def session_card(session: SessionRecord, tz: tzinfo | None = None) -> SessionCard:
    before, after = session.before, session.after
    return SessionCard(
        session.id,
        when_text(session.started_at, tz),
        session.routine_name,
        tension_change_text(before, after),
        feelings_line(before, after),
        tuple(Note(word, c.note) for word, c in _moments(before, after) if c.note),
        tuple(
            Answer(entry.prompt, entry.text)
            for entry in sorted(session.journal, key=lambda e: (e.written_at, e.id))
            if entry.text.strip()
        ),
        "" if session.status == "completed" else STATUS_NAMES[session.status],
    )


def session_cards(
    sessions: Sequence[SessionRecord], tz: tzinfo | None = None
) -> tuple[SessionCard, ...]:
    """One card per session with writing in it, newest first (ties: the later session first)."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)
    return tuple(session_card(s, tz) for s in ordered if has_writing(s))


def filter_cards(cards: Sequence[SessionCard], query: str) -> tuple[SessionCard, ...]:
    return tuple(card for card in cards if card.matches(query))


def journal_status(shown: int, query: str) -> str:
    """What the Journal view says above (or instead of) its cards."""
    if shown:
        return plural(shown, "session", "sessions")
    if query.strip():
        return f"Nothing written matches “{query.strip()}”."
    return (
        "Your journal will show here: what you write in a check-in or at a journal step, with "
        "how your back felt, kept on this computer only."
    )
