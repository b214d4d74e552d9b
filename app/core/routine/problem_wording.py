"""The words of a routine file's problems: what pydantic found, said in the routine's terms.

``message_for`` turns one validation error into the sentence the user reads (types as "a whole
number" or "text", values as written, ranges with their limits, misplaced step keys with where
they belong); ``unknown_key`` suggests the key a misspelling was meant to be.
"""

from __future__ import annotations

import collections
import datetime
import difflib
import functools
import math
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from app.core.routine.model import STEP_KINDS, Routine

#: How alike (difflib's ratio) a key must be to an allowed one to be taken for a misspelling.
CLOSE = 0.6


def could_be_close(key: str, name: str) -> bool:
    """Whether difflib could find *key* close to *name*: its quick upper bound of the ratio."""
    total = len(key) + len(name)
    if not total or 2.0 * min(len(key), len(name)) / total < CLOSE:
        return False
    common = sum((collections.Counter(key) & collections.Counter(name)).values())
    return 2.0 * common / total >= CLOSE


_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
}


def message_for(error: ErrorDetails, path: list[str | int]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    last = path[-1] if path else None
    if kind == "missing":
        return f"missing required field '{error['loc'][-1]}'"
    if kind == "extra_forbidden":
        return unknown_key(str(error["loc"][-1]), path)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error" and path == ["format"]:
        return f"must be 1, the routine format this version of Unbrace reads, not {shown(value)}"
    if kind == "literal_error":
        choices = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"{shown(value)} is not one of: {choices}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {shown(value)}"
    if kind == "int_from_float":
        return f"must be a whole number, not {shown(value)}"
    if last in ("pattern", "ramp") and kind in ("model_type", "model_attributes_type"):
        shapes = "a mapping like {inhale: 4, exhale: 6} or a list of phases"
        return f"must be {shapes}, not {shown(value)}"
    for suffix in ("_type", "_parsing"):
        if kind.endswith(suffix):
            expected = _TYPE_WORDS.get(kind.removesuffix(suffix).removeprefix("model_"))
            if kind in ("model_type", "model_attributes_type", "dict_type"):
                expected = _TYPE_WORDS["dict"]
            if expected is not None:
                quote = kind == "string_type" and _is_plain_scalar(value)
                return f"must be {expected}, not {shown(value)}" + (
                    "; put it in quotes" if quote else ""
                )
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {_number(ctx.get('ge', ctx.get('gt')))}, not {shown(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {_number(ctx.get('le', ctx.get('lt')))}, not {shown(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        example = "wind-down" if path[:1] == ["tags"] else "box-4x4"
        return (
            f"{shown(value)} must be lowercase letters, digits and single hyphens (like {example})"
        )
    if kind == "too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else error["msg"]
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} items"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "step_kind":
        return _step_kind_message(value)
    return error["msg"]


def unknown_key(key: str, path: list[str | int]) -> str:
    close = close_key(key, path)
    allowed = _allowed_keys(path)
    if close is not None:
        return f"unknown key '{key}' (did you mean '{close}'?)"
    if allowed:
        return f"unknown key '{key}' (allowed: {', '.join(allowed)})"
    return f"unknown key '{key}'"


def close_key(key: str, path: list[str | int]) -> str | None:
    """The allowed key that *key* (the last element of *path*) is most likely a misspelling of."""
    return _closest(key, tuple(_allowed_keys(path)))


@functools.lru_cache(maxsize=256)
def _closest(key: str, allowed: tuple[str, ...]) -> str | None:
    # Cached: a file that repeats one misspelling in every step asks the same question each time.
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=CLOSE)
    return close[0] if close else None


def _allowed_keys(path: list[str | int]) -> list[str]:
    """The keys the model accepts at the mapping that holds the last element of *path*."""
    model: type[BaseModel] | None = Routine
    for part in path[:-1]:
        model = _descend(model, part)
        if model is None:
            return []
    return list(model.model_fields) if model is not None else []


def _descend(model: type[BaseModel] | None, part: str | int) -> type[BaseModel] | None:
    from app.core.routine import model as m

    if isinstance(part, int) or model is None:
        return m.PatternPhase if model is m.FourPhasePattern else model
    kinds: dict[str, type[BaseModel]] = {
        "breathe": m.Breathe,
        "guide": m.Guide,
        "move": m.Move,
        "rest": m.Rest,
        "hold": m.Hold,
        "check_in": m.CheckIn,
        "journal": m.Journal,
        "repeat": m.Repeat,
    }
    fields: dict[str, type[BaseModel]] = {
        "sound": m.Sound,
        "labels": m.PhaseLabels,
        "pattern": m.FourPhasePattern,
        "ramp": m.FourPhasePattern,
        "rep": m.RepPhase,
    }
    if part in kinds:
        return kinds[part]
    if part == "steps":
        return model  # the index that follows picks a step; its key picks the kind
    return fields.get(part)


def misplaced_key(step: Mapping[Any, Any]) -> str | None:
    """In a step with several keys, the first one that does not belong at its level."""
    kinds = [key for key in step if key in STEP_KINDS]
    if len(kinds) > 1:
        return str(kinds[1])
    return next((str(key) for key in step if key != kinds[0]), None) if kinds else None


def _step_kind_message(value: object) -> str:
    kinds_text = "breathe, guide, move, rest, hold, check_in, journal or repeat"
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        close = difflib.get_close_matches(str(key), STEP_KINDS, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{key}' is not a kind of step{hint} (the kinds: {kinds_text})"
    if isinstance(value, dict) and len(value) > 1:
        kinds = [str(key) for key in value if key in STEP_KINDS]
        if len(kinds) > 1:
            return (
                f"one item holds several steps ({', '.join(kinds)}); "
                "start each step with its own '- '"
            )
        if kinds:
            others = [f"'{key}'" for key in value if key != kinds[0]]
            them = "it" if len(others) == 1 else "them"
            return (
                f"{', '.join(others)} belong{'s' if len(others) == 1 else ''} inside the "
                f"{kinds[0]} step; indent {them} under '{kinds[0]}:'"
            )
        keys = ", ".join(f"'{key}'" for key in value)
        return (
            f"a step starts with its kind ({kinds_text}), its fields indented under it; "
            f"this one has {keys}"
        )
    return f"a step is a mapping with one key ({kinds_text}), not {shown(value)}"


def shown(value: object) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, float) and not math.isfinite(value):
        return {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[str(value)]
    return repr(value)


def _is_plain_scalar(value: object) -> bool:
    """A value YAML read as a number, true/false or a date, which quotes would keep as text."""
    return isinstance(value, int | float | datetime.date)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def yaml_type(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
