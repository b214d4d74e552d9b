"""The one line the tray shows about reminders, from a snapshot of the scheduler."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.reminders.clocks import NS_PER_MIN, Readings
from app.core.reminders.rules import ReminderRules
from app.core.reminders.work_hours import period_at


@dataclass(frozen=True, slots=True)
class Status:
    rules: ReminderRules
    now: Readings
    in_session: bool
    pending: bool
    pause_until_wall: int | None
    held_by: str | None  # why a due reminder is held back (do not disturb, full screen)
    snooze_until_wall: int | None
    work_ns: int
    gap_left_ns: int
    away: bool = False  # the user is away long enough for the break to count as a pause
    waiting_back: bool = False  # a due reminder waits for the user to come back


AWAY_TEXT = "Away — the break counts as a pause"
BACK_TEXT = "Pause reminder when you are back"


def describe(status: Status) -> str:
    """What will happen, and nothing else: each line is a promise the scheduler keeps."""
    rules, now = status.rules, status.now
    if not rules.enabled:
        return "Reminders are off"
    if status.in_session:
        return "Session in progress"
    if status.pending:
        return "Time for a pause"
    if status.pause_until_wall is not None:
        return f"Paused until {_clock_text(status.pause_until_wall, now)}"
    if status.held_by is not None:
        return f"Pause reminder waiting ({status.held_by})"
    if status.snooze_until_wall is not None:
        return f"Snoozed until {_clock_text(status.snooze_until_wall, now)}"
    if period_at(rules, now.zone, now.wall) is None:
        return "Outside work hours"
    if status.away:
        return AWAY_TEXT
    if status.waiting_back:
        return BACK_TEXT
    left = max(rules.interval_ns - status.work_ns, status.gap_left_ns)
    minutes = -(-left // NS_PER_MIN)
    if minutes <= 0:
        return "Pause due now"
    # A clock time rather than "in N min", so the line stays true without being redrawn; it
    # holds while the user keeps working (time away moves the pause later).
    return f"Next pause around {_clock_text(now.wall + minutes * NS_PER_MIN, now)}"


def _clock_text(wall_ns: int, now: Readings) -> str:
    moment = now.local(wall_ns)
    if moment.date() == now.local(now.wall).date():
        return moment.strftime("%H:%M")
    return moment.strftime("%a %H:%M")
