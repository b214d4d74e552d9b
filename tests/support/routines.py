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
