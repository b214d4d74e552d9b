"""The library card's sign: a routine that is mostly breathing shows its main pattern, any
other its body regions."""

from __future__ import annotations

import textwrap

from app.core.routine.glyph import BodyGlyph, BreathGlyph, routine_glyph
from app.core.routine.loader import load_routine_text
from app.core.routine.model import Routine


def routine(text: str) -> Routine:
    return load_routine_text(textwrap.dedent(text), "test.yaml")


def test_a_breathing_routine_shows_its_longest_pattern() -> None:
    """Two breathe steps: the one breathed longest is the sign, holds included, in order."""
    sign = routine_glyph(
        routine(
            """
            id: breath
            name: Breath
            summary: s
            steps:
              - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2}
              - breathe: {pattern: {inhale: 4, hold_in: 7, exhale: 8}, duration: 2m}
              - guide: {label: Rest, duration: 30s, region: neck}
            """
        )
    )
    assert sign == BreathGlyph((("inhale", 4000), ("hold_in", 7000), ("exhale", 8000)))
    assert sign.words == "in 4 · hold 7 · out 8"


def test_a_movement_routine_shows_its_regions_and_repeats_count() -> None:
    """Moves repeated three times outweigh a short breathe step: the routine's regions show."""
    sign = routine_glyph(
        routine(
            """
            id: moves
            name: Moves
            summary: s
            regions: [upper_back, shoulders]
            steps:
              - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 3}
              - repeat:
                  times: 3
                  steps:
                    - move: {label: Roll, reps: 5, rep: [{label: Up, duration: 3}]}
            """
        )
    )
    assert sign == BodyGlyph(frozenset({"upper_back", "shoulders"}))


def test_without_regions_the_steps_name_them_or_the_whole_body_shows() -> None:
    guided = routine(
        """
        id: scan
        name: Scan
        summary: s
        steps:
          - guide: {label: Low, duration: 1m, region: lower_back}
          - hold: {label: Hold}
        """
    )
    assert routine_glyph(guided) == BodyGlyph(frozenset({"lower_back"}))
    open_only = routine(
        """
        id: open
        name: Open
        summary: s
        steps:
          - journal: {prompt: What is here?}
        """
    )
    assert routine_glyph(open_only) == BodyGlyph(frozenset({"whole_body"}))
