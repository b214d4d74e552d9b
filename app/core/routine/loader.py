"""Routine file → validated ``Routine``, or a ``RoutineError`` whose every line says where.

Reading never raises anything else for a bad file: unknown keys, wrong types, bad durations and
values out of range are all reported at once, each at the line and column of the value at fault.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from app.core.routine.limits import MAX_ROUTINE_MS, MAX_SEGMENTS
from app.core.routine.model import Repeat, Routine, SoundCue, Step, step_body, step_kind
from app.core.routine.problem_wording import (
    close_key,
    could_be_close,
    message_for,
    misplaced_key,
    unknown_key,
    yaml_type,
)
from app.core.routine.problems import Problem, RoutineError
from app.core.routine.size import measure
from app.core.routine.sound_files import SoundFileError, check_cue_file
from app.core.routine.yaml_source import (
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    Position,
    SourceDocument,
    cap_problems,
    decode,
    parse,
)


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
        raw = _read_at_most(path, MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise RoutineError([Problem(name, 1, 1, "file", f"cannot be read: {reason}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise RoutineError(
            [Problem(name, 1, 1, "file", f"larger than {MAX_FILE_BYTES // 1024} KiB")]
        )
    return _load(decode(name, raw), name, default_id=path.stem, base_dir=path.parent)


def _read_at_most(path: Path, limit: int) -> bytes:
    """The first *limit* bytes of *path*, without waiting on a named pipe or a terminal."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "it is a named pipe, not a file")
        chunks: list[bytes] = []
        size = 0
        while size < limit:  # a folder fails here with IsADirectoryError
            chunk = os.read(fd, min(limit - size, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_routine_text(text: str, file: str, default_id: str | None = None) -> Routine:
    """Validate the YAML text of a routine; *file* names it in errors."""
    return _load(text, file, default_id).routine


def _load(
    text: str, file: str, default_id: str | None, base_dir: Path | None = None
) -> LoadedRoutine:
    return _validate(text, file, default_id, base_dir)


def _validate(text: str, file: str, default_id: str | None, base_dir: Path | None) -> LoadedRoutine:
    document = parse(file, text)
    data = document.data
    if not isinstance(data, dict):
        where = document.root_position
        message = (
            "the file holds no routine; a routine is a mapping with name, summary and steps"
            if data is None
            else f"a routine is a mapping with name, summary and steps, not a {yaml_type(data)}"
        )
        raise RoutineError([Problem(file, where.line, where.column, "routine", message)])
    if "id" not in data and default_id is not None:
        data = {**data, "id": default_id}
    try:
        routine = Routine.model_validate(data)
    except ValidationError as error:
        raise RoutineError(_problems(document, error.errors(), default_id)) from None
    _check_size(document, routine)
    routine = _with_sound_files(document, routine, base_dir)
    routine = _with_voice_files(document, routine, base_dir)
    path, position, found = document.locate(["id"])
    id_position = (position.line, position.column) if found and path else (1, 1)
    return LoadedRoutine(routine, id_position)


def _with_sound_files(document: SourceDocument, routine: Routine, base_dir: Path | None) -> Routine:
    """*routine* with each of its own WAV cues checked and its path made absolute."""
    if not routine.sound.cues:
        return routine
    resolved: dict[SoundCue, str] = {}
    problems: list[Problem] = []
    for cue, written in routine.sound.cues.items():
        loc: list[str | int] = ["sound", "cues", cue]
        _, position, _ = document.locate(loc)
        message = None
        try:
            if base_dir is None:
                raise SoundFileError("sound files need the routine to be saved as a file")
            resolved[cue] = str(check_cue_file(base_dir, written))
        except SoundFileError as error:
            message = str(error)
        if message is not None:
            field = ".".join(str(part) for part in loc)
            problems.append(Problem(document.file, position.line, position.column, field, message))
    if problems:
        raise RoutineError(problems)
    sound = routine.sound.model_copy(update={"cues": resolved})
    return routine.model_copy(update={"sound": sound})


def _with_voice_files(document: SourceDocument, routine: Routine, base_dir: Path | None) -> Routine:
    """*routine* with each step's recorded narration (``voice:``) checked as a cue file is, and
    its path made absolute; every bad one is reported."""
    problems: list[Problem] = []
    steps = _voice_checked(document, base_dir, routine.steps, ["steps"], problems)
    if problems:
        raise RoutineError(problems)
    return routine.model_copy(update={"steps": steps})


def _voice_checked(
    document: SourceDocument,
    base_dir: Path | None,
    steps: list[Step],
    path: list[str | int],
    problems: list[Problem],
) -> list[Step]:
    """*steps* with their voice files checked and made absolute; what is wrong goes to
    *problems*. (A module function, not a closure calling itself: such a closure is a reference
    cycle that would keep the whole parsed document alive until the garbage collector ran.)"""
    result: list[Step] = []
    for number, step in enumerate(steps):
        kind = step_kind(step)
        body = step_body(step)
        loc: list[str | int] = [*path, number, kind]
        if isinstance(body, Repeat):
            inner = _voice_checked(document, base_dir, body.steps, [*loc, "steps"], problems)
            step = step.model_copy(update={kind: body.model_copy(update={"steps": inner})})
        elif (voice := getattr(body, "voice", None)) is not None:
            try:
                if base_dir is None:
                    raise SoundFileError("sound files need the routine to be saved as a file")
                target = str(check_cue_file(base_dir, voice))
                step = step.model_copy(update={kind: body.model_copy(update={"voice": target})})
            except SoundFileError as error:
                _, position, _ = document.locate([*loc, "voice"])
                field = ".".join(str(part) for part in [*loc, "voice"])
                problems.append(
                    Problem(document.file, position.line, position.column, field, str(error))
                )
        result.append(step)
    return result


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


@dataclass(frozen=True, slots=True)
class _Found:
    """One validation error, placed in the source; its message is worded only if it is shown."""

    position: Position
    field: str
    error: ErrorDetails
    path: list[str | int]
    message: str | None = None


def _problems(
    document: SourceDocument, errors: Sequence[ErrorDetails], default_id: str | None
) -> list[Problem]:
    located = [(error, *document.locate(list(error["loc"]))) for error in errors]
    suggested = _explained_by_misspellings(located)
    found_errors: list[_Found] = []
    for error, path, position, found in located:
        loc = list(error["loc"])
        kind = error["type"]
        field = _field(path)
        message: str | None = None
        if kind == "extra_forbidden":
            key_position = document.key_position(path)
            if key_position is not None:
                position = key_position
        elif kind == "invalid_key":  # a plain key YAML read as a number, true/false or null
            found_key = document.find_key(loc[:-1], error.get("input"))
            if found_key is not None:
                position, text = found_key
                path = [*document.locate(loc[:-1])[0], text]
                field, message = _field(path), unknown_key(text, path)
        elif kind == "missing" and not found:
            if (*path, str(loc[-1])) in suggested:
                continue
            field = _field([*path, loc[-1]])
        elif kind == "step_kind" and isinstance(error.get("input"), dict):
            misplaced = misplaced_key(error["input"])
            key_position = document.key_position([*path, misplaced]) if misplaced else None
            position = key_position or position
        if not field and loc == ["id"] and default_id is not None:
            field = "id"
            message = f"the file name '{default_id}' is not a valid id; add an id: line"
        found_errors.append(_Found(position, field, error, path, message))
    # In source order; beyond the limit, problems are counted, not worded (a hostile file with
    # thousands of unknown keys costs milliseconds, not seconds of spelling suggestions).
    found_errors.sort(key=lambda f: (f.position.line, f.position.column))
    problems: list[Problem] = []
    seen: set[tuple[int, int, str, str]] = set()
    for number, item in enumerate(found_errors):
        if len(problems) == MAX_PROBLEMS:
            rest = {_unworded(document.file, item): None for item in found_errors[number:]}
            return cap_problems([*problems, *rest])
        message = item.message if item.message is not None else message_for(item.error, item.path)
        key = (item.position.line, item.position.column, item.field, message)
        if key not in seen:
            seen.add(key)
            line, column = item.position.line, item.position.column
            problems.append(Problem(document.file, line, column, item.field or "routine", message))
    return problems


def _explained_by_misspellings(
    located: Sequence[tuple[ErrorDetails, list[str | int], Position, bool]],
) -> set[tuple[str | int, ...]]:
    """The missing keys (their paths) that an unknown key beside them is a misspelling of.

    A misspelt key leaves the real one missing too; the misspelling alone says what to fix. Only
    keys that could be close to a missing key are compared in full, so thousands of unknown keys
    cost little.
    """
    unexplained: dict[tuple[str | int, ...], set[str]] = {}
    for error, path, _, found in located:
        if error["type"] == "missing" and not found:
            unexplained.setdefault(tuple(path), set()).add(str(error["loc"][-1]))
    explained: set[tuple[str | int, ...]] = set()
    for error, path, _, _ in located:
        names = unexplained.get(tuple(path[:-1])) if error["type"] == "extra_forbidden" else None
        if not names:
            continue
        key = str(error["loc"][-1])
        if not any(could_be_close(key, name) for name in names):
            continue
        close = close_key(key, path)
        if close in names:
            names.discard(close)
            explained.add((*path[:-1], close))
    return explained


def _unworded(file: str, item: _Found) -> Problem:
    """A problem past the limit, only counted: its place and kind stand in for its message."""
    line, column = item.position.line, item.position.column
    return Problem(file, line, column, item.field or "routine", item.error["type"])


def _field(path: Sequence[object]) -> str:
    return ".".join(str(part) for part in path)
