"""Journal search: every word of the query, in any case, somewhere in what the card shows."""

from __future__ import annotations


def fold(text: str) -> str:
    """Text as compared: case folded (so ``Straße`` finds ``STRASSE``)."""
    return text.casefold()


def has_every_word(text: str, query: str) -> bool:
    """Whether each word of *query* is somewhere in *text*, in any case (an empty query: yes)."""
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())
