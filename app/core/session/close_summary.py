"""What the close page says when a session ends: how it ended, the time practised, the streak,
the back before → after per region, and the notes written in its check-ins.

Pure: the caller passes the check-ins, the setting and the streak (``SessionRecorder.streak``),
so the words can be tested without Qt or a clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.history.journal_summary import NOT_RATED
from app.core.history.records import REGION_NAMES, REGIONS, CheckIn, Region
from app.core.history.summary import MINUS
from app.core.routine.durations import format_clock

COMPLETED_HEADLINE = "Well done"
ENDED_EARLY_HEADLINE = "Session ended"


@dataclass(frozen=True, slots=True)
class RegionChange:
    """One region before → after; either side None when it was not rated (or not asked)."""

    region: Region
    before: int | None
    after: int | None

    @property
    def text(self) -> str:
        """``5 → 2``, ``5 → –``, ``– → 3``."""
        return f"{_shown(self.before)} → {_shown(self.after)}"

    @property
    def words(self) -> str:
        """``Upper back 5 → 2, 3 less``, ``Lower back 5 → not rated`` (for the list beside the
        figure, and screen readers: the journal's words, not the figure's dash)."""
        if self.before is None or self.after is None:
            before, after = (NOT_RATED if v is None else v for v in (self.before, self.after))
            return f"{REGION_NAMES[self.region]} {before} → {after}"
        line = f"{REGION_NAMES[self.region]} {self.text}"
        change = self.after - self.before
        if change == 0:
            return f"{line}, the same"
        return f"{line}, {abs(change)} {'less' if change < 0 else 'more'}"

    @property
    def change_text(self) -> str:
        """``−3``, ``+1``, ``±0``, or ``""`` without both sides."""
        if self.before is None or self.after is None:
            return ""
        change = self.after - self.before
        return "±0" if change == 0 else f"{MINUS if change < 0 else '+'}{abs(change)}"


@dataclass(frozen=True, slots=True)
class CloseSummary:
    headline: str
    practised_text: str
    streak_text: str  # "" when the history is not kept
    regions: tuple[RegionChange, ...]  # those rated before or after; none with check-ins off
    notes: tuple[str, ...]  # "Before: …", "After: …"

    @property
    def shows_back(self) -> bool:
        return bool(self.regions)


def streak_text(streak: int | None) -> str:
    if streak is None or streak <= 0:
        return ""
    if streak == 1:
        return "1 day of practice: a start"
    return f"{streak} days in a row"


def practised_text(practised_ms: int) -> str:
    return f"You practised for {format_clock(practised_ms)}."


def close_summary(
    *,
    completed: bool,
    practised_ms: int,
    before: CheckIn | None,
    after: CheckIn | None,
    check_ins: bool,
    streak: int | None,
) -> CloseSummary:
    """The close page's content. With *check_ins* off, the time and the streak only."""
    regions: tuple[RegionChange, ...] = ()
    notes: tuple[str, ...] = ()
    if check_ins:
        changes = tuple(
            RegionChange(
                r,
                None if before is None else before.tension(r),
                None if after is None else after.tension(r),
            )
            for r in REGIONS
        )
        regions = tuple(c for c in changes if c.before is not None or c.after is not None)
        notes = tuple(
            f"{word}: {check_in.note}"
            for word, check_in in (("Before", before), ("After", after))
            if check_in is not None and check_in.note
        )
    return CloseSummary(
        headline=COMPLETED_HEADLINE if completed else ENDED_EARLY_HEADLINE,
        practised_text=practised_text(practised_ms),
        streak_text=streak_text(streak),
        regions=regions,
        notes=notes,
    )


def _shown(value: int | None) -> str:
    return "–" if value is None else str(value)
