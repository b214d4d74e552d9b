"""Which notices a routine needs acknowledged before it runs, and remembering the answer."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.routine.model import Routine
from app.core.settings.settings import Settings

MEDICAL_NOTICE = (
    "Unbrace offers breathing, movement and reflection practices. It is no substitute for "
    "medical care: if you have pain that is severe, new, or getting worse, or a health "
    "condition, please talk to a doctor or physiotherapist. Stop any practice that hurts or "
    "makes you dizzy."
)


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    text: str


def notices_before(routine: Routine, settings: Settings) -> list[Notice]:
    """The notices to show before *routine* runs: the one-time medical notice, and its safety
    note unless the user already acknowledged this very text."""
    notices = []
    if not settings.medical_notice_seen:
        notices.append(Notice("Before you begin", MEDICAL_NOTICE))
    if routine.safety and settings.safety_acknowledged.get(routine.id) != routine.safety:
        notices.append(Notice(f"Safety: {routine.name}", routine.safety))
    return notices


def acknowledge(routine: Routine, settings: Settings) -> Settings:
    """*settings* with the medical notice and *routine*'s safety note marked as acknowledged."""
    acknowledged = dict(settings.safety_acknowledged)
    if routine.safety:
        acknowledged[routine.id] = routine.safety
    return settings.model_copy(
        update={"medical_notice_seen": True, "safety_acknowledged": acknowledged}
    )
