"""What the Journal view shows, worked out without Qt: one card per entry, newest first, with
the session's tension before and after and the feelings noted, and the line above them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from app.core.history.records import REGION_NAMES, REGIONS, CheckIn, JournalListing, plural
from app.core.history.summary import when_text


def tension_change_text(before: CheckIn | None, after: CheckIn | None) -> str:
    """``Upper back 5 → 2 · Mid back 4 → 3 · Lower back 6 → 3``; with one check-in only,
    ``Before: Upper back 5 · …``; with none, an empty string."""
    if before is not None and after is not None:
        return " · ".join(
            f"{REGION_NAMES[r]} {before.tension(r)} → {after.tension(r)}" for r in REGIONS
        )
    for word, check_in in (("Before", before), ("After", after)):
        if check_in is not None:
            values = " · ".join(f"{REGION_NAMES[r]} {check_in.tension(r)}" for r in REGIONS)
            return f"{word}: {values}"
    return ""


def feelings_text(before: CheckIn | None, after: CheckIn | None) -> str:
    """The emotion tags and notes of the check-ins: ``Before: anxiety — long day. After: calm``."""
    parts = []
    for word, check_in in (("Before", before), ("After", after)):
        if check_in is None:
            continue
        said = [", ".join(check_in.emotions), check_in.note]
        text = " — ".join(s for s in said if s)
        if text:
            parts.append(f"{word}: {text}")
    return ". ".join(parts)


@dataclass(frozen=True, slots=True)
class JournalCard:
    entry_id: int
    when: str
    routine: str
    prompt: str
    text: str
    tension: str
    feelings: str

    @property
    def accessible_text(self) -> str:
        parts = (self.when, self.routine, self.prompt, self.text, self.tension, self.feelings)
        return ". ".join(p for p in parts if p)


def journal_cards(
    listings: Sequence[JournalListing], tz: tzinfo | None = None
) -> tuple[JournalCard, ...]:
    """One card per entry, newest first (ties: the later entry first)."""
    ordered = sorted(listings, key=lambda i: (i.entry.written_at, i.entry.id), reverse=True)
    return tuple(
        JournalCard(
            item.entry.id,
            when_text(item.entry.written_at, tz),
            item.session.routine_name,
            item.entry.prompt,
            item.entry.text,
            tension_change_text(item.session.before, item.session.after),
            feelings_text(item.session.before, item.session.after),
        )
        for item in ordered
    )


def journal_status(shown: int, query: str) -> str:
    """What the Journal view says above (or instead of) its entries."""
    if shown:
        return plural(shown, "entry", "entries")
    if query.strip():
        return f"No entry matches “{query.strip()}”."
    return (
        "Your journal will show here. Routines with a journal step ask a question and keep "
        "what you write, on this computer only."
    )
