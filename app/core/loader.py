"""Routine file → validated ``Routine``, or a ``RoutineError`` whose every line says where.

Reading never raises anything else for a bad file: unknown keys, wrong types, bad durations and
values out of range are all reported at once, each at the line and column of the value at fault.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.core.model import MAX_ROUTINE_MS, MAX_SEGMENTS, Routine
from app.core.problems import Problem, RoutineError
from app.core.routine_size import measure
from app.core.yaml_source import MAX_FILE_BYTES, SourceDocument, decode, parse


@dataclass(frozen=True, slots=True)
class LoadedRoutine:
    routine: Routine
    id_position: tuple[int, int]  # where the id is written; (1, 1) when it comes from the name


def load_routine_file(path: Path) -> Routine:
    """Load and validate one routine file; errors name it as *path* is written."""
    return read_routine_file(path).routine


def read_routine_file(path: Path) -> LoadedRoutine:
    """Load and validate one routine file, and say where its id is written."""
    name = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise RoutineError([Problem(name, 1, 1, "file", f"cannot be read: {reason}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise RoutineError(
            [Problem(name, 1, 1, "file", f"larger than {MAX_FILE_BYTES // 1024} KiB")]
        )
    return _load(decode(name, raw), name, default_id=path.stem)


def load_routine_text(text: str, file: str, default_id: str | None = None) -> Routine:
    """Validate the YAML text of a routine; *file* names it in errors."""
    return _load(text, file, default_id).routine


def _load(text: str, file: str, default_id: str | None) -> LoadedRoutine:
    document = parse(file, text)
    data = document.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {_yaml_type(data)}"
        raise RoutineError(
            [Problem(file, 1, 1, "routine", f"a routine is a mapping of keys, but this is {what}")]
        )
    if "id" not in data and default_id is not None:
        data = {**data, "id": default_id}
    try:
        routine = Routine.model_validate(data)
    except ValidationError as error:
        raise RoutineError(_problems(document, error.errors(), default_id)) from None
    _check_size(document, routine)
    path, position, found = document.locate(["id"])
    id_position = (position.line, position.column) if found and path else (1, 1)
    return LoadedRoutine(routine, id_position)


def _check_size(document: SourceDocument, routine: Routine) -> None:
    size = measure(routine)
    message = None
    if size.segments > MAX_SEGMENTS:
        message = f"expands to {size.segments:,} segments; the limit is {MAX_SEGMENTS:,}"
    elif size.fixed_ms > MAX_ROUTINE_MS:
        hours = size.fixed_ms / 3_600_000
        message = f"lasts {hours:,.1f} h; a routine lasts at most {MAX_ROUTINE_MS // 3_600_000} h"
    if message is not None:
        _, position, _ = document.locate(["steps"])
        raise RoutineError(
            [Problem(document.file, position.line, position.column, "steps", message)]
        )


def _problems(
    document: SourceDocument, errors: Sequence[ErrorDetails], default_id: str | None
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, int, str, str]] = set()
    for error in errors:
        loc = list(error["loc"])
        path, position, found = document.locate(loc)
        kind = error["type"]
        field = ".".join(str(part) for part in path)
        if kind == "extra_forbidden":
            key_position = document.key_position(path)
            if key_position is not None:
                position = key_position
        elif kind == "missing" and not found:
            field = ".".join(str(p) for p in [*path, loc[-1]])
        if not field and loc == ["id"] and default_id is not None:
            field = "id"
            message = f"the file name '{default_id}' is not a valid id; add an id: line"
        else:
            message = _message(error, document, path)
        key = (position.line, position.column, field, message)
        if key not in seen:
            seen.add(key)
            problems.append(
                Problem(document.file, position.line, position.column, field or "routine", message)
            )
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "string": "text",
    "list": "a list",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
}


def _message(error: ErrorDetails, document: SourceDocument, path: list[str | int]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{error['loc'][-1]}'"
    if kind == "extra_forbidden":
        return _unknown_key(str(error["loc"][-1]), path)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        choices = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"{_show(value)} is not one of: {choices}"
    for suffix in ("_type", "_parsing"):
        if kind.endswith(suffix):
            expected = _TYPE_WORDS.get(kind.removesuffix(suffix).removeprefix("model_"))
            if kind in ("model_type", "model_attributes_type", "dict_type"):
                expected = _TYPE_WORDS["dict"]
            if expected is not None:
                return f"must be {expected}, not {_show(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, not {_show(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, not {_show(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} must be lowercase letters, digits and single hyphens (like box-4x4)"
    if kind == "too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else error["msg"]
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} items"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "step_kind":
        return _step_kind_message(value)
    return error["msg"]


def _unknown_key(key: str, path: list[str | int]) -> str:
    allowed = _allowed_keys(path)
    hint = ""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        hint = f" (did you mean '{close[0]}'?)"
    elif allowed:
        hint = f" (allowed: {', '.join(allowed)})"
    return f"unknown key '{key}'{hint}"


def _allowed_keys(path: list[str | int]) -> list[str]:
    """The keys the model accepts at the mapping that holds the last element of *path*."""
    model: type[BaseModel] | None = Routine
    for part in path[:-1]:
        model = _descend(model, part)
        if model is None:
            return []
    return list(model.model_fields) if model is not None else []


def _descend(model: type[BaseModel] | None, part: str | int) -> type[BaseModel] | None:
    from app.core import model as m

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


def _step_kind_message(value: object) -> str:
    if isinstance(value, dict) and len(value) == 1:
        (key,) = value
        from app.core.model import STEP_KINDS

        close = difflib.get_close_matches(str(key), STEP_KINDS, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return (
            f"'{key}' is not a kind of step{hint} (breathe, guide, move, rest, hold, check_in, "
            "journal, repeat)"
        )
    if isinstance(value, dict) and len(value) > 1:
        keys = ", ".join(str(k) for k in value)
        return f"a step has exactly one key naming its kind, not several ({keys}); indent the rest"
    return (
        f"a step is a mapping with one key (breathe, guide, move, rest, hold, check_in, journal "
        f"or repeat), not {_show(value)}"
    )


def _show(value: object) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _yaml_type(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
