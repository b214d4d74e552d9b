"""One way to keep a small JSON state file (the settings, the reminder state): saving writes it
atomically, loading never fails. A file that cannot be used is renamed with a timestamp, a fresh
value takes its place, and the caller gets one sentence for the user, in the store's own words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

from app.core.files.atomic import write_atomically
from app.core.files.state_files import StateFileDamaged, move_aside, read_state_file

T = TypeVar("T")


class JsonModel(Protocol):
    """What a store saves: a pydantic model (``model_dump``)."""

    def model_dump(self, *, mode: Literal["json"]) -> dict[str, Any]: ...


M = TypeVar("M", bound=JsonModel)


class JsonStateStore(Generic[M]):
    """One model kept in the file at ``path``; each store adds how it loads (``load_json_state``
    with its own parser and words)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def save(self, value: M) -> None:
        """Write *value* atomically, as sorted, indented JSON."""
        text = json.dumps(value.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class StateFileWords:
    """What a store says when its file cannot be used. ``{path}``, ``{reason}`` (the system's),
    ``{what}`` (what was found), ``{where}`` (where the old file went) are filled in."""

    #: the path is a folder: it is left where it is
    folder: str
    #: the system refused to read it
    refused: str
    #: it was damaged and set aside (or could not be)
    set_aside: str
    #: the tail of ``set_aside`` when the rename failed
    stuck: str
    #: the files are kept as ``NAME.<mark>-<timestamp>``
    mark: str = "broken"


def load_json_state(
    path: Path,
    parse: Callable[[bytes], T],
    fresh: Callable[[], T],
    words: StateFileWords,
    now: Callable[[], datetime],
) -> tuple[T, str | None]:
    """The value *parse* makes of the file at *path*, or *fresh()* and one sentence saying why.

    *parse* raises ``StateFileDamaged`` with what it found ("was damaged") when the bytes are no
    use; *now* stamps the name of a file set aside.
    """
    try:
        raw = read_state_file(path)
    except FileNotFoundError:
        return fresh(), None
    except StateFileDamaged as error:
        if error.folder:
            return fresh(), words.folder.format(path=path)
        return fresh(), _set_aside(path, str(error), words, now)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return fresh(), words.refused.format(reason=reason, path=path)
    try:
        return parse(raw), None
    except StateFileDamaged as error:
        return fresh(), _set_aside(path, str(error), words, now)


def _set_aside(path: Path, what: str, words: StateFileWords, now: Callable[[], datetime]) -> str:
    """Rename *path* aside (an earlier one is kept) and say so, with *what* was found."""
    try:
        moved: Path | None = move_aside(path, words.mark, now())
    except OSError:
        moved = None
    where = (
        f" The old file is kept as {moved.name}." if moved else " " + words.stuck.format(path=path)
    )
    return words.set_aside.format(what=what, where=where)
