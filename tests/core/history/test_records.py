"""The records: what a valid check-in is, and how a routine's content is fingerprinted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.core.history import DEFAULT_EMOTIONS, CheckIn, DeletionSummary, routine_hash
from app.core.history.records import MAX_EMOTION_CHARS, utc
from tests.support.routines import routine_from_yaml

ROUTINE = """
    name: Short
    summary: Two breaths.
    steps:
      - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2}
"""


def test_tension_is_a_whole_number_from_0_to_10_in_each_region() -> None:
    """0 and 10 are accepted; -1, 11, a float and a bool are refused."""
    assert CheckIn(0, 10, 5).mean == 5
    for bad in (-1, 11):
        with pytest.raises(ValueError, match="between 0 and 10"):
            CheckIn(5, bad, 5)
    with pytest.raises(TypeError):
        CheckIn(5, 5, 2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        CheckIn(True, 5, 5)


def test_emotion_tags_are_trimmed_lower_case_and_unique() -> None:
    """'  Grief ', 'grief' and 'Old   Anger' become ('grief', 'old anger'), in first-seen order."""
    check_in = CheckIn(3, 3, 3, ("  Grief ", "grief", "Old   Anger"), note="  tight  ")
    assert check_in.emotions == ("grief", "old anger")
    assert check_in.note == "tight"


def test_an_empty_or_overlong_emotion_tag_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        CheckIn(1, 1, 1, ("  ",))
    with pytest.raises(ValueError, match="at most"):
        CheckIn(1, 1, 1, ("x" * (MAX_EMOTION_CHARS + 1),))


def test_the_default_emotions_are_the_twelve_of_the_issue() -> None:
    assert len(DEFAULT_EMOTIONS) == 12
    assert {"grief", "shame", "loneliness", "safety"} <= set(DEFAULT_EMOTIONS)


def test_times_must_be_aware_and_are_kept_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert utc(datetime(2024, 1, 1, 12, tzinfo=plus_two)) == datetime(2024, 1, 1, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        utc(datetime(2024, 1, 1, 12))


def test_routine_hash_is_stable_and_changes_with_the_content() -> None:
    """The same content hashes alike (64 hex digits); one changed field changes the hash."""
    first = routine_hash(routine_from_yaml(ROUTINE))
    assert first == routine_hash(routine_from_yaml(ROUTINE))
    assert len(first) == 64 and int(first, 16) >= 0
    assert routine_hash(routine_from_yaml(ROUTINE.replace("cycles: 2", "cycles: 3"))) != first


def test_a_deletion_summary_is_empty_only_with_nothing_in_it() -> None:
    assert DeletionSummary(0, 0, 0).is_empty
    assert not DeletionSummary(0, 0, 1).is_empty
    assert not DeletionSummary(0, 0, 0, set_aside_files=1).is_empty
