"""What a routine's words promise, checked against what it does.

Each check returns the problems it finds, one line each naming the routine, so that a test over
every built-in routine can say exactly what is untrue. The rules:

- a length stated in words in the name, summary or description is the length of the timeline,
  within 10 % (``stated_length`` says which phrases state the whole routine's length; open steps
  may last from nothing up to their ``max``, or without end when they have none);
- the "quick" tag is for routines of three minutes or less, open steps included;
- every open hold says in its prompt how to end it (the Continue button);
- a routine tagged with an emotional practice or a risky one has a safety note, and an emotional
  one's note says the four things that keep such practice safe: eyes may stay open, any step may
  be skipped, stop when it is too much, and deep work belongs with a trauma-informed therapist;
- a routine whose words invite memories or strong feelings is tagged with an emotional practice
  (so the rule above cannot be missed by leaving the tag off);
- every region in ``regions`` is lit by some step (a guide's or a move's ``region``), is the whole
  body, or is named by a breathe step's prompt: routine format 1 gives breathe steps no region of
  their own, so their words are what point the attention there.
"""

from __future__ import annotations

import math
import re

from app.core.routine.model import Breathe, Region, Repeat, Routine, Step, step_body
from app.core.session.timeline import Timeline
from tests.support.stated_length import stated_lengths

QUICK_MAX_MS = 3 * 60_000

EMOTIONAL_TAGS = frozenset(
    {"inner-child", "journaling", "release", "trauma-informed", "body-scan", "self-touch"}
)
RISK_TAGS = frozenset({"retention", "cold", "shaking", "rolling", "twists"})

#: Words that invite memories or strong feelings, in a routine's name, summary, description or
#: step prompts.
EMOTIONAL_WORDS = re.compile(
    r"\b(?:younger\s+self|child(?!'s\s+pose)|memor(?:y|ies)|emotions?|tears|grief|shame|trauma)\b",
    re.IGNORECASE,
)

#: What an emotional practice's safety note says, each as words it must contain.
EMOTIONAL_SAFETY = {
    "that the eyes may stay open": re.compile(r"\beyes\b[^.]*\bopen\b", re.IGNORECASE),
    "that any step may be skipped": re.compile(r"\bskip\b", re.IGNORECASE),
    "to stop when it is too much": re.compile(
        r"\bstop\b[^.]*\boverwhelm|\boverwhelm[^.]*\bstop\b", re.IGNORECASE
    ),
    "that deep work belongs with a trauma-informed therapist": re.compile(
        r"\btrauma-informed\s+therapist\b", re.IGNORECASE
    ),
}

HOW_TO_END = re.compile(r"\bContinue\b")

#: How a breathe step's prompt may name a region.
REGION_WORDS: dict[Region, re.Pattern[str]] = {
    region: re.compile(pattern, re.IGNORECASE)
    for region, pattern in {
        "neck": r"\bneck\b",
        "jaw": r"\bjaw\b",
        "shoulders": r"\bshoulders?\b",
        "chest": r"\b(?:chest|breastbone)\b",
        "upper_back": r"\b(?:upper\s+back|shoulder\s+blades)\b",
        "mid_back": r"\b(?:mid(?:dle of the)?\s+back|back\s+of\s+(?:the|your)\s+ribs)\b",
        "lower_back": r"\b(?:lower\s+back|small\s+of\s+(?:the|your)\s+back)\b",
        "sacrum": r"\b(?:sacrum|base\s+of\s+(?:the|your)\s+spine)\b",
        "belly": r"\b(?:belly|abdomen)\b",
        "hips": r"\bhips?\b",
    }.items()
}


def timeline_range_s(timeline: Timeline) -> tuple[float, float]:
    """The shortest and longest the timeline can take, in seconds: open steps count from nothing
    up to their cap, and make the longest infinite when one has none."""
    low = timeline.fixed_ms / 1000
    opened = [segment for segment in timeline.segments if segment.is_open]
    if any(segment.max_ms is None for segment in opened):
        return low, math.inf
    return low, low + sum(segment.max_ms or 0 for segment in opened) / 1000


def length_problems(routine: Routine, timeline: Timeline) -> list[str]:
    low, high = timeline_range_s(timeline)
    actual = f"{low:g} s" if low == high else f"{low:g} s to {high:g} s"
    problems = []
    for field, text in (
        ("name", routine.name),
        ("summary", routine.summary),
        ("description", routine.description or ""),
    ):
        for stated in stated_lengths(text):
            if not stated.allows(low, high):
                problems.append(
                    f"{routine.id}: {field} says {stated.text!r}, but the routine takes {actual}"
                )
    return problems


def quick_problems(routine: Routine, timeline: Timeline) -> list[str]:
    if "quick" not in routine.tags:
        return []
    _, high = timeline_range_s(timeline)
    if high * 1000 <= QUICK_MAX_MS:
        return []
    return [f"{routine.id}: tagged quick, but can take {high:g} s (quick is 3 minutes or less)"]


def open_hold_problems(timeline: Timeline) -> list[str]:
    silent = {
        segment.label: None
        for segment in timeline.segments
        if segment.kind == "hold" and not HOW_TO_END.search(segment.prompt or "")
    }
    return [
        f"{timeline.routine_id}: the hold {label!r} does not say how to end it (press Continue)"
        for label in silent
    ]


def _all_steps(steps: list[Step]) -> list[Step]:
    found = []
    for step in steps:
        body = step_body(step)
        if isinstance(body, Repeat):
            found += _all_steps(body.steps)
        else:
            found.append(step)
    return found


def _words(routine: Routine) -> str:
    texts = [routine.name, routine.summary, routine.description or ""]
    for step in _all_steps(routine.steps):
        body = step_body(step)
        texts += [body.label or "", getattr(body, "prompt", None) or ""]
    return "\n".join(texts)


def safety_problems(routine: Routine) -> list[str]:
    tags = set(routine.tags)
    emotional, risky = tags & EMOTIONAL_TAGS, tags & RISK_TAGS
    problems = []
    invitation = EMOTIONAL_WORDS.search(_words(routine))
    if invitation and not emotional:
        problems.append(
            f"{routine.id}: invites feelings ({invitation[0]!r}) but has none of the tags "
            f"{', '.join(sorted(EMOTIONAL_TAGS))}"
        )
    if (emotional or risky) and not routine.safety:
        problems.append(
            f"{routine.id}: tagged {', '.join(sorted(emotional | risky))} but has no safety note"
        )
    elif emotional and routine.safety:
        problems += [
            f"{routine.id}: the safety note does not say {what}"
            for what, words in EMOTIONAL_SAFETY.items()
            if not words.search(routine.safety)
        ]
    return problems


def region_problems(routine: Routine, timeline: Timeline) -> list[str]:
    lit = {segment.region for segment in timeline.segments if segment.region is not None}
    breath_words = "\n".join(
        f"{body.label}\n{body.prompt or ''}"
        for body in map(step_body, _all_steps(routine.steps))
        if isinstance(body, Breathe)
    )
    return [
        f"{routine.id}: lists the region {region}, but no step lights it or names it"
        for region in routine.regions
        if region != "whole_body"
        and region not in lit
        and not REGION_WORDS[region].search(breath_words)
    ]


def content_problems(routine: Routine, timeline: Timeline) -> list[str]:
    """Every check above, for one routine."""
    return [
        *length_problems(routine, timeline),
        *quick_problems(routine, timeline),
        *open_hold_problems(timeline),
        *safety_problems(routine),
        *region_problems(routine, timeline),
    ]
