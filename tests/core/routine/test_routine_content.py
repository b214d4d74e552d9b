"""The checks that hold a routine's words to what it does, each shown to catch what it is for."""

from __future__ import annotations

import math

from app.core.routine.model import Routine
from app.core.session.timeline import Timeline
from tests.support.routine_content import (
    content_problems,
    length_problems,
    open_hold_problems,
    quick_problems,
    region_problems,
    safety_problems,
    timeline_range_s,
)
from tests.support.routines import routine_from_yaml, timeline_from_yaml

EMOTIONAL_SAFETY = (
    "Keep your eyes open if you prefer, and skip any step. Stop if you feel overwhelmed. For "
    "deep work, a trauma-informed therapist is the right company."
)


def both(text: str) -> tuple[Routine, Timeline]:
    return routine_from_yaml(text), timeline_from_yaml(text)


def test_the_timeline_range_counts_open_steps_from_nothing_to_their_cap() -> None:
    capped = timeline_from_yaml(
        """
        name: A
        summary: B
        steps:
          - rest: {duration: 1m}
          - hold: {label: Hold, max: 2m}
        """
    )
    uncapped = timeline_from_yaml(
        """
        name: A
        summary: B
        steps:
          - rest: {duration: 1m}
          - journal: {prompt: How?}
        """
    )
    assert timeline_range_s(capped) == (60, 180)
    assert timeline_range_s(uncapped) == (60, math.inf)


def test_a_stated_length_that_is_off_by_more_than_ten_percent_is_reported() -> None:
    text = """
        name: Desk Stretch
        summary: Shoulders and neck.
        description: A stretch for your desk. About four minutes.
        steps:
          - rest: {duration: 3m28s}
        """
    routine = routine_from_yaml(text)
    assert length_problems(routine, timeline_from_yaml(text)) == [
        "test: description says 'four minutes', but the routine takes 208 s"
    ]
    fixed = text.replace("3m28s", "3m50s")
    assert length_problems(routine_from_yaml(fixed), timeline_from_yaml(fixed)) == []


def test_the_name_and_summary_are_held_to_the_timeline_too() -> None:
    text = """
        name: 30-Second Cold Finish
        summary: Ten minutes of slow breathing.
        steps:
          - rest: {duration: 2m50s}
        """
    problems = length_problems(routine_from_yaml(text), timeline_from_yaml(text))
    assert problems == [
        "test: name says '30-Second', but the routine takes 170 s",
        "test: summary says 'Ten minutes', but the routine takes 170 s",
    ]


def test_the_length_of_a_step_is_not_held_to_the_whole_routine() -> None:
    text = """
        name: Cold finish
        summary: Slow breathing, thirty seconds of cold at the end of your shower.
        description: You turn the water to cold for thirty seconds.
        steps:
          - rest: {duration: 2m50s}
        """
    assert length_problems(routine_from_yaml(text), timeline_from_yaml(text)) == []


def test_quick_is_for_three_minutes_or_less_open_steps_included() -> None:
    def problems(steps: str) -> list[str]:
        text = f"name: A\nsummary: B\ntags: [quick]\nsteps:\n{steps}"
        return quick_problems(routine_from_yaml(text), timeline_from_yaml(text))

    assert problems("  - rest: {duration: 3m}\n") == []
    assert problems("  - rest: {duration: 4m7s}\n") == [
        "test: tagged quick, but can take 247 s (quick is 3 minutes or less)"
    ]
    assert problems("  - rest: {duration: 2m}\n  - hold: {label: H, max: 2m}\n") != []
    assert problems("  - rest: {duration: 2m}\n  - journal: {prompt: How?}\n") != []
    untagged = "name: A\nsummary: B\nsteps:\n  - rest: {duration: 10m}\n"
    assert quick_problems(routine_from_yaml(untagged), timeline_from_yaml(untagged)) == []


def test_an_open_hold_says_how_to_end_it() -> None:
    silent = timeline_from_yaml(
        """
        name: A
        summary: B
        steps:
          - repeat:
              times: 3
              steps:
                - hold: {label: Hold the breath out, prompt: Rest with the lungs empty.}
        """
    )
    assert open_hold_problems(silent) == [
        "test: the hold 'Hold the breath out' does not say how to end it (press Continue)"
    ]
    told = timeline_from_yaml(
        """
        name: A
        summary: B
        steps:
          - hold:
              label: Hold the breath out
              prompt: When the urge to breathe comes, press Continue and breathe in.
        """
    )
    assert open_hold_problems(told) == []


def test_an_emotional_or_risky_practice_has_a_safety_note() -> None:
    def problems(tags: str, safety: str | None = None) -> list[str]:
        note = f"safety: {safety}\n" if safety else ""
        text = f"name: A\nsummary: B\ntags: [{tags}]\n{note}steps:\n  - rest: {{duration: 1m}}\n"
        return safety_problems(routine_from_yaml(text))

    assert problems("shaking") == ["test: tagged shaking but has no safety note"]
    assert problems("shaking", "Stop if anything hurts.") == []
    assert problems("breathwork") == []
    assert problems("inner-child, journaling") == [
        "test: tagged inner-child, journaling but has no safety note"
    ]
    assert problems("journaling", EMOTIONAL_SAFETY) == []
    assert problems("journaling", "Stop if anything hurts.") == [
        "test: the safety note does not say that the eyes may stay open",
        "test: the safety note does not say that any step may be skipped",
        "test: the safety note does not say to stop when it is too much",
        "test: the safety note does not say that deep work belongs with a trauma-informed "
        "therapist",
    ]


def test_words_that_invite_feelings_need_an_emotional_tag() -> None:
    text = """
        name: A
        summary: B
        tags: [breathwork]
        steps:
          - guide: {label: Look back, prompt: Picture the child you were., duration: 1m}
        """
    assert safety_problems(routine_from_yaml(text)) == [
        "test: invites feelings ('child') but has none of the tags body-scan, inner-child, "
        "journaling, release, self-touch, trauma-informed"
    ]
    pose = text.replace("Picture the child you were.", "Rest in child's pose.")
    assert safety_problems(routine_from_yaml(pose)) == []


def test_every_listed_region_is_lit_or_named_by_a_breathe_step() -> None:
    text = """
        name: A
        summary: B
        regions: [neck, belly, hips, whole_body]
        steps:
          - guide: {label: Neck, duration: 30s, region: neck}
          - breathe:
              label: Belly breathing
              prompt: Let the belly rise.
              pattern: {inhale: 4, exhale: 6}
              cycles: 3
          - move: {label: Circles, reps: 2, rep: [{label: Round, duration: 4s}]}
        """
    assert region_problems(*both(text)) == [
        "test: lists the region hips, but no step lights it or names it"
    ]
    lit = text.replace("rep: [{label: Round, duration: 4s}]}", "rep: [{label: R, duration: 4s}], "
                       "region: hips}")  # fmt: skip
    assert region_problems(*both(lit)) == []
    guide_words = text.replace("Neck, duration", "Neck, prompt: Soften the hips., duration")
    assert region_problems(*both(guide_words)) != []


def test_a_routine_that_keeps_its_word_has_no_problem() -> None:
    text = f"""
        name: Comfort
        summary: A hand on the heart.
        description: About two minutes.
        tags: [self-touch, quick]
        regions: [chest]
        safety: {EMOTIONAL_SAFETY}
        steps:
          - guide: {{label: Hand on heart, duration: 1m, region: chest}}
          - hold: {{label: Stay, prompt: Press Continue when you are ready., max: 1m}}
        """
    assert content_problems(*both(text)) == []
