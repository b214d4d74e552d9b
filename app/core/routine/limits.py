"""The limits of routine format version 1, and the duration types that enforce them.

Each duration field of the model is one of these annotated types: a number of seconds or a text
like ``1m30s`` in the file, whole milliseconds after validation, seconds again in JSON, with the
range it must fall in and a JSON Schema saying so. A value out of range is refused with the
range in words; nothing is clamped later.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from app.core.routine.durations import DURATION_PATTERN, parse_duration_ms

#: Limits that protect the app from broken or hostile files.
MIN_PHASE_MS = 500
MAX_PHASE_MS = 600_000
MAX_STEP_MS = 4 * 3_600_000
MAX_ROUTINE_MS = 12 * 3_600_000
MAX_SEGMENTS = 20_000
MAX_STEPS_PER_LIST = 200


def _within(low_ms: int, high_ms: int, what: str) -> BeforeValidator:
    def check(value: object) -> int:
        ms = parse_duration_ms(value)
        if not low_ms <= ms <= high_ms:
            raise ValueError(
                f"{what} must be between {_seconds(low_ms)} and {_seconds(high_ms)}, "
                f"not {_seconds(ms)}"
            )
        return ms

    return BeforeValidator(check)


def _schema(low_ms: int, high_ms: int, what: str) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": low_ms / 1000, "maximum": high_ms / 1000},
                {"type": "string", "pattern": DURATION_PATTERN},
            ],
            "description": f"{what}: seconds, or a text like 90s, 3m, 1m30s",
        }
    )


_AS_SECONDS = PlainSerializer(lambda ms: ms / 1000, return_type=float)


def _seconds(ms: int) -> str:
    if ms >= 3_600_000 and ms % 3_600_000 == 0:
        return f"{ms // 3_600_000} h"
    if ms >= 60_000 and ms % 60_000 == 0:
        return f"{ms // 60_000} min"
    return f"{ms / 1000:g} s"


def _hold_ms(value: object) -> int:
    ms = parse_duration_ms(value)
    if ms != 0 and not MIN_PHASE_MS <= ms <= MAX_PHASE_MS:
        raise ValueError(
            f"a hold is 0 or between {_seconds(MIN_PHASE_MS)} and {_seconds(MAX_PHASE_MS)}, "
            f"not {_seconds(ms)}"
        )
    return ms


PhaseMs = Annotated[
    int,
    _within(MIN_PHASE_MS, MAX_PHASE_MS, "a breath phase"),
    _AS_SECONDS,
    _schema(MIN_PHASE_MS, MAX_PHASE_MS, "a breath phase"),
]
HoldMs = Annotated[
    int, BeforeValidator(_hold_ms), _AS_SECONDS, _schema(0, MAX_PHASE_MS, "a hold (0: none)")
]
StepMs = Annotated[
    int, _within(1_000, MAX_STEP_MS, "a step"), _AS_SECONDS, _schema(1_000, MAX_STEP_MS, "a step")
]
HoldMaxMs = Annotated[
    int,
    _within(1_000, MAX_STEP_MS, "a hold's max"),
    _AS_SECONDS,
    _schema(1_000, MAX_STEP_MS, "a hold's max"),
]
RepPhaseMs = Annotated[
    int,
    _within(MIN_PHASE_MS, MAX_PHASE_MS, "a repetition phase"),
    _AS_SECONDS,
    _schema(MIN_PHASE_MS, MAX_PHASE_MS, "a repetition phase"),
]
