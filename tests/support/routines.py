"""Helpers to build routines and timelines inline in tests."""

from __future__ import annotations

import textwrap

from app.core.routine.loader import load_routine_text
from app.core.routine.model import Routine
from app.core.session.timeline import Timeline, compile_routine


def routine_from_yaml(text: str, name: str = "test.yaml") -> Routine:
    return load_routine_text(textwrap.dedent(text), name, default_id=name.rsplit(".", 1)[0])


def timeline_from_yaml(text: str, name: str = "test.yaml") -> Timeline:
    return compile_routine(routine_from_yaml(text, name))


#: Fixed segments only. Step 0: guide [0, 10 s). Step 1: breathe 4/6 twice, segments 1-4 at 10,
#: 14, 20, 24 s. Step 2: rest [30, 35 s). 35 s in all.
PLAIN = timeline_from_yaml(
    """
    name: Plain
    summary: Fixed segments only.
    steps:
      - guide: {label: One, duration: 10s}
      - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2}
      - rest: {duration: 5s}
    """
)
