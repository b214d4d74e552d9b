"""Mid-workday pause reminders: rules, clocks, the pure scheduler and its saved state."""

from __future__ import annotations

from app.core.reminders.clocks import Clocks, FakeClocks, SystemClocks, local_zone
from app.core.reminders.decisions import ClockChanged, Decision, ReminderDue, ReminderWithdrawn
from app.core.reminders.rules import ReminderRules
from app.core.reminders.scheduler import ReminderScheduler
from app.core.reminders.state_store import LoadedState, SchedulerState, SchedulerStateStore

__all__ = [
    "ClockChanged",
    "Clocks",
    "Decision",
    "FakeClocks",
    "LoadedState",
    "ReminderDue",
    "ReminderRules",
    "ReminderScheduler",
    "ReminderWithdrawn",
    "SchedulerState",
    "SchedulerStateStore",
    "SystemClocks",
    "local_zone",
]
