"""The JSON that ``unbrace list --json`` and ``unbrace timeline --json`` print.

These shapes are a promise to scripts: add keys if needed, never rename or drop one.
"""

from __future__ import annotations

from typing import Any

from app.core.routine.library import RoutineEntry
from app.core.session.timeline import Timeline, compile_routine


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    return {
        "id": timeline.routine_id,
        "name": timeline.name,
        "total_s": _seconds(timeline.total_ms),
        "fixed_s": _seconds(timeline.fixed_ms),
        "segments": [
            {
                "step": segment.step,
                "kind": segment.kind,
                "phase": segment.phase,
                "label": segment.label,
                "start_s": _seconds(segment.start_ms),
                "duration_s": _seconds(segment.duration_ms),
                "region": segment.region,
                "word": segment.word,
                "say": segment.say,
            }
            for segment in timeline.segments
        ],
    }


def entry_json(entry: RoutineEntry) -> dict[str, Any]:
    routine = entry.routine
    timeline = compile_routine(routine) if routine is not None else None
    return {
        "id": entry.id,
        "name": routine.name if routine else None,
        "path": str(entry.path),
        "total_s": _seconds(timeline.total_ms) if timeline else None,
        "fixed_s": _seconds(timeline.fixed_ms) if timeline else None,
        "tags": list(routine.tags) if routine else [],
        "regions": list(routine.regions) if routine else [],
        "valid": routine is not None,
        "error": str(entry.error) if entry.error else None,
    }
