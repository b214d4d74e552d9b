"""'New routine': a copy of the commented template in the user's routines folder, free to edit.

The copy gets the first free name of ``my-routine.yaml``, ``my-routine-2.yaml``, ... and its
``id:`` (and ``name:``) lines are rewritten to match, so the new file is valid and unique at once.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from app.core.files.paths import ROUTINE_SUFFIXES
from app.core.files.state_files import make_private_folder

BASE_NAME = "my-routine"
MAX_COPIES = 10_000

_ID_LINE = re.compile(r"^id:[ \t]*[^\s#]*", re.MULTILINE)
_NAME_LINE = re.compile(r"^name:[ \t]*(?P<name>[^#\n]*?)(?=[ \t]*(?:#|$))", re.MULTILINE)
_FORMAT_LINE = re.compile(r"^format:[^\n]*\n", re.MULTILINE)


def create_from_template(template: Path, folder: Path, taken_ids: Collection[str] = ()) -> Path:
    """Copy *template* to a free ``my-routine[-N].yaml`` in *folder* (created if missing).

    *taken_ids* are ids already in use elsewhere (another folder), skipped too. Returns the new
    file's path. Raises OSError if the template cannot be read or the folder cannot be written.
    """
    text = template.read_text(encoding="utf-8")
    make_private_folder(folder)
    for number in range(1, MAX_COPIES + 1):
        routine_id = BASE_NAME if number == 1 else f"{BASE_NAME}-{number}"
        if routine_id in taken_ids or _name_used(folder, routine_id):
            continue
        path = folder / f"{routine_id}.yaml"
        try:
            with path.open("x", encoding="utf-8") as stream:
                stream.write(with_id(text, routine_id, number))
        except FileExistsError:  # created meanwhile by someone else: try the next name
            continue
        return path
    raise OSError(f"{folder} already holds {MAX_COPIES} copies of the template")


def with_id(text: str, routine_id: str, number: int = 1) -> str:
    """*text* with its top-level ``id:`` set to *routine_id* (added if missing).

    From the second copy on, the ``name:`` gets the copy's number too (``My routine 2``), so that
    copies can be told apart in the library.
    """
    if _ID_LINE.search(text):
        text = _ID_LINE.sub(f"id: {routine_id}", text, count=1)
    else:
        format_line = _FORMAT_LINE.search(text)
        at = format_line.end() if format_line else 0
        text = f"{text[:at]}id: {routine_id}\n{text[at:]}"
    if number > 1:
        text = _NAME_LINE.sub(lambda m: f"name: {m['name']} {number}", text, count=1)
    return text


def _name_used(folder: Path, stem: str) -> bool:
    return any((folder / f"{stem}{suffix}").exists() for suffix in ROUTINE_SUFFIXES)
