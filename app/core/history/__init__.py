"""Practice history: sessions, check-ins and journal entries in a private SQLite file.

``HistoryStore.open`` gives the store (or None, with a sentence for the user); ``stats`` computes
what the History view draws; ``export`` writes JSON and CSV; ``recover`` reads what it can from a
damaged file that was moved aside. Nothing here imports Qt.
"""

from __future__ import annotations

from app.core.history.errors import HistoryUnavailable
from app.core.history.export import write_export
from app.core.history.records import (
    DEFAULT_EMOTIONS,
    CheckIn,
    DeletionSummary,
    JournalEntry,
    Moment,
    Region,
    SessionRecord,
    SessionStatus,
    routine_hash,
)
from app.core.history.recover import recover
from app.core.history.schema import SCHEMA_VERSION
from app.core.history.store import HistoryStore, OpenedHistory, WallClock

__all__ = [
    "DEFAULT_EMOTIONS",
    "SCHEMA_VERSION",
    "CheckIn",
    "DeletionSummary",
    "HistoryStore",
    "HistoryUnavailable",
    "JournalEntry",
    "Moment",
    "OpenedHistory",
    "Region",
    "SessionRecord",
    "SessionStatus",
    "WallClock",
    "recover",
    "routine_hash",
    "write_export",
]
