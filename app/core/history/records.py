"""The frozen records the history store reads and writes, and the checks they carry.

A record that exists is valid: tension ratings are whole numbers from 0 to 10, or None for a
region the user did not rate ("not rated" is missing, never 0); emotion tags are trimmed,
lower-case and unique, texts have a length cap. Times are aware datetimes in UTC.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the model pulls in pydantic; the store itself does not need it
    from app.core.routine.model import Routine

TENSION_MIN = 0
TENSION_MAX = 10
MAX_EMOTIONS = 30
MAX_EMOTION_CHARS = 40
MAX_NOTE_CHARS = 10_000
MAX_JOURNAL_CHARS = 100_000
MAX_PROMPT_CHARS = 2_000

#: The tags offered by default; the user can add their own (see ``HistoryStore.custom_emotions``).
DEFAULT_EMOTIONS: tuple[str, ...] = (
    "grief",
    "sadness",
    "shame",
    "guilt",
    "anger",
    "frustration",
    "fear",
    "anxiety",
    "loneliness",
    "calm",
    "relief",
    "safety",
)

#: The few offered first, the rest behind "More…": the feelings people name most around tension.
COMMON_EMOTIONS: tuple[str, ...] = ("calm", "relief", "anxiety", "frustration", "sadness")

Region = Literal["upper", "mid", "lower"]
REGIONS: tuple[Region, ...] = ("upper", "mid", "lower")
REGION_NAMES: Mapping[Region, str] = {
    "upper": "Upper back",
    "mid": "Mid back",
    "lower": "Lower back",
}
Moment = Literal["before", "after"]
SessionStatus = Literal["in_progress", "completed", "stopped", "partial"]
SESSION_STATUSES: tuple[SessionStatus, ...] = ("in_progress", "completed", "stopped", "partial")
#: How a status reads to the user; ``stopped`` is a session the user ended early.
STATUS_NAMES: Mapping[SessionStatus, str] = {
    "in_progress": "In progress",
    "completed": "Completed",
    "stopped": "Ended early",
    "partial": "Cut short",
}


def normalise_emotion(tag: str) -> str:
    """One emotion tag as stored: inner whitespace collapsed, trimmed, lower-case."""
    text = " ".join(tag.split()).lower()
    if not text:
        raise ValueError("an emotion tag cannot be empty")
    if len(text) > MAX_EMOTION_CHARS:
        raise ValueError(f"an emotion tag has at most {MAX_EMOTION_CHARS} characters")
    return text


def utc(moment: datetime) -> datetime:
    """*moment* in UTC; a naive datetime is refused, since its zone cannot be known."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("history times must be timezone-aware")
    return moment.astimezone(UTC)


def _cap(text: str, limit: int, what: str) -> None:
    if len(text) > limit:
        raise ValueError(f"{what} has at most {limit:,} characters")


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How the back feels: tension 0–10 per region (None: not rated), emotion tags, a note."""

    upper: int | None
    mid: int | None
    lower: int | None
    emotions: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        for region in REGIONS:
            value = getattr(self, region)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{region} tension must be a whole number")
            if not TENSION_MIN <= value <= TENSION_MAX:
                raise ValueError(
                    f"{region} tension must be between {TENSION_MIN} and {TENSION_MAX}, not {value}"
                )
        tags = tuple(dict.fromkeys(normalise_emotion(tag) for tag in self.emotions))
        if len(tags) > MAX_EMOTIONS:
            raise ValueError(f"a check-in has at most {MAX_EMOTIONS} emotion tags")
        object.__setattr__(self, "emotions", tags)
        note = self.note.strip()
        _cap(note, MAX_NOTE_CHARS, "a note")
        object.__setattr__(self, "note", note)

    def tension(self, region: Region) -> int | None:
        value: int | None = getattr(self, region)
        return value

    @property
    def rated(self) -> tuple[Region, ...]:
        """The regions given a value."""
        return tuple(r for r in REGIONS if getattr(self, r) is not None)

    @property
    def mean(self) -> float | None:
        """The mean over the rated regions; None when none was rated."""
        values = [v for v in (self.upper, self.mid, self.lower) if v is not None]
        return sum(values) / len(values) if values else None

    @property
    def is_empty(self) -> bool:
        """Nothing rated, no feeling, no note: an answer that says nothing."""
        return not self.rated and not self.emotions and not self.note


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    session_id: int
    prompt: str
    text: str
    written_at: datetime


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One practice session. ``ended_at`` is None while in progress."""

    id: int
    routine_id: str
    routine_name: str
    routine_hash: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    ended_step: int | None
    practised_s: float
    before: CheckIn | None = None
    after: CheckIn | None = None
    journal: tuple[JournalEntry, ...] = field(default=())

    def check_in(self, moment: Moment) -> CheckIn | None:
        return self.before if moment == "before" else self.after

    @property
    def ended_early(self) -> bool:
        """The user ended it before its end (stored with the status ``stopped``)."""
        return self.status == "stopped"


def plural(count: int, one: str, many: str) -> str:
    """``1 session``, ``3 sessions``."""
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True, slots=True)
class DeletionSummary:
    """What "Delete all" removes, for the confirmation the user reads first."""

    sessions: int
    check_ins: int
    journal_entries: int
    set_aside_files: int = 0  # damaged history files moved aside earlier, deleted too
    practices: int = 0  # the mini pacer's

    @property
    def is_empty(self) -> bool:
        return not (
            self.sessions
            or self.check_ins
            or self.journal_entries
            or self.set_aside_files
            or self.practices
        )


def routine_hash(routine: Routine) -> str:
    """SHA-256 (hex) of the routine's canonical JSON: sorted keys, no spaces, UTF-8.

    Two routines hash alike exactly when every validated field is equal, so an edited routine
    file shows up in the history as a new version of the same routine id.
    """
    canonical = json.dumps(
        routine.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_journal_text(prompt: str, text: str) -> None:
    _cap(prompt, MAX_PROMPT_CHARS, "a journal prompt")
    _cap(text, MAX_JOURNAL_CHARS, "a journal entry")
