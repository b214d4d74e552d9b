"""When to ask how the back feels: before and after a routine, unless the routine asks itself."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.session.timeline import Timeline

BEFORE_TITLE = "How does your back feel?"
BEFORE_PROMPT = "Before you begin: notice your back as it is now."
AFTER_TITLE = "How does your back feel now?"
AFTER_PROMPT = "Notice what changed, if anything. Every answer is a good one."


#: A session stopped before this much practice is not asked about afterwards.
MIN_PRACTICE_FOR_AFTER_MS = 60_000


@dataclass(frozen=True, slots=True)
class CheckInPlan:
    before: bool
    after: bool

    def ask_after(self, completed: bool, practised_ms: int) -> bool:
        """After a completed session, or one stopped after at least a minute of practice."""
        return self.after and (completed or practised_ms >= MIN_PRACTICE_FOR_AFTER_MS)


def plan_check_ins(timeline: Timeline, enabled: bool) -> CheckInPlan:
    """With check-ins on, ask before and after the routine - unless the routine has check-in
    steps of its own, which then serve (its first is kept as 'before', a later one as 'after'),
    so nobody is asked the same question twice in a few minutes."""
    asks_itself = any(segment.kind == "check_in" for segment in timeline.segments)
    ask = enabled and not asks_itself
    return CheckInPlan(before=ask, after=ask)
