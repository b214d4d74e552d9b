"""Journal search: every word of the query, in any case, somewhere in what the entry shows."""

from __future__ import annotations

from app.core.history.records import JournalListing


def fold(text: str) -> str:
    """Text as compared: case folded (so ``Straße`` finds ``STRASSE``)."""
    return text.casefold()


def searchable_text(listing: JournalListing) -> str:
    """The entry, its prompt, the routine's name, and the session's check-in notes and tags."""
    session = listing.session
    parts = [listing.entry.text, listing.entry.prompt, session.routine_name]
    for check_in in (session.before, session.after):
        if check_in is not None:
            parts.append(check_in.note)
            parts.extend(check_in.emotions)
    return fold("\n".join(parts))


def matches(listing: JournalListing, query: str) -> bool:
    words = fold(query).split()
    if not words:
        return True
    haystack = searchable_text(listing)
    return all(word in haystack for word in words)
