"""When the app asks how the back feels."""

from __future__ import annotations

from app.core.session.check_in_plan import CheckInPlan, plan_check_ins
from tests.support.routines import timeline_from_yaml

PLAIN = """
    name: Plain
    summary: Breath only.
    steps: [{breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2}}]
"""
OWN = """
    name: Own
    summary: Has its own check-in.
    steps:
      - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 2}
      - check_in: {label: How is the back?}
"""


def test_before_and_after_a_routine_when_on() -> None:
    """Check-ins on: asked before and after a routine without check-in steps."""
    assert plan_check_ins(timeline_from_yaml(PLAIN), enabled=True) == CheckInPlan(True, True)


def test_never_when_off() -> None:
    """Check-ins off in the settings: never asked."""
    assert plan_check_ins(timeline_from_yaml(PLAIN), enabled=False) == CheckInPlan(False, False)


def test_a_routine_with_its_own_check_in_is_not_asked_twice() -> None:
    """A routine's own check-in step serves; the app adds none around it."""
    assert plan_check_ins(timeline_from_yaml(OWN), enabled=True) == CheckInPlan(False, False)


def test_a_session_stopped_at_once_is_not_asked_about_afterwards() -> None:
    """Stopped within the first minute: no after check-in; completed or longer: asked."""
    plan = plan_check_ins(timeline_from_yaml(PLAIN), enabled=True)
    assert not plan.ask_after(completed=False, practised_ms=5_000)
    assert plan.ask_after(completed=False, practised_ms=60_000)
    assert plan.ask_after(completed=True, practised_ms=20_000)
