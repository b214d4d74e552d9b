"""Export: everything as one JSON file, plus sessions and check-ins as CSV for spreadsheets.

Files are written with ``app.core.files.atomic.write_atomically``: created with mode 0600 from the
start (never widened and narrowed later), fsynced, then renamed into place, so an interrupted
export never leaves a half-written file under the final name.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.files.atomic import write_atomically
from app.core.history.errors import not_exported
from app.core.history.practices import PracticeRecord
from app.core.history.reading import time_text
from app.core.history.records import CheckIn, JournalEntry, SessionRecord
from app.core.history.schema import SCHEMA_VERSION

EXPORT_FORMAT = "unbrace-history"
#: 2: a region's rating may be ``null`` (JSON) or empty (CSV), "not rated"; 1 had 0-10 only.
EXPORT_VERSION = 2
JSON_NAME = "unbrace-export.json"
SESSIONS_CSV = "sessions.csv"
CHECKINS_CSV = "checkins.csv"

SESSION_FIELDS = (
    "session_id",
    "routine_id",
    "routine_name",
    "routine_hash",
    "started_at",
    "ended_at",
    "status",
    "ended_step",
    "practised_s",
    "journal_entries",
)
CHECKIN_FIELDS = (
    "session_id",
    "routine_id",
    "moment",
    "session_started_at",
    "upper",
    "mid",
    "lower",
    "emotions",
    "note",
)


def check_in_json(check_in: CheckIn | None) -> dict[str, Any] | None:
    if check_in is None:
        return None
    return {
        "upper": check_in.upper,
        "mid": check_in.mid,
        "lower": check_in.lower,
        "emotions": list(check_in.emotions),
        "note": check_in.note,
    }


def journal_json(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "prompt": entry.prompt,
        "text": entry.text,
        "written_at": time_text(entry.written_at),
    }


def session_json(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "routine_id": record.routine_id,
        "routine_name": record.routine_name,
        "routine_hash": record.routine_hash,
        "started_at": time_text(record.started_at),
        "ended_at": None if record.ended_at is None else time_text(record.ended_at),
        "status": record.status,
        "ended_step": record.ended_step,
        "practised_s": record.practised_s,
        "before": check_in_json(record.before),
        "after": check_in_json(record.after),
        "journal": [journal_json(entry) for entry in record.journal],
    }


def export_json(
    sessions: Sequence[SessionRecord],
    exported_at: datetime,
    practices: Sequence[PracticeRecord] = (),
) -> dict[str, Any]:
    """The whole history as one JSON document, sessions and practices oldest first."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": time_text(exported_at),
        "sessions": [session_json(record) for record in ordered],
        "practices": [
            practice_json(p) for p in sorted(practices, key=lambda p: (p.started_at, p.id or 0))
        ],
    }


def practice_json(practice: PracticeRecord) -> dict[str, Any]:
    """A practice that is not a session (the mini pacer's), as the export writes it."""
    return {
        "kind": practice.kind,
        "routine_id": practice.routine_id,
        "pattern_name": practice.pattern_name,
        "pattern": practice.pattern,
        "started_at": time_text(practice.started_at),
        "ended_at": time_text(practice.ended_at),
        "practised_s": practice.practised_s,
    }


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def sessions_csv(sessions: Sequence[SessionRecord]) -> bytes:
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id))
    rows = [
        (
            s.id,
            s.routine_id,
            s.routine_name,
            s.routine_hash,
            time_text(s.started_at),
            "" if s.ended_at is None else time_text(s.ended_at),
            s.status,
            "" if s.ended_step is None else s.ended_step,
            s.practised_s,
            len(s.journal),
        )
        for s in ordered
    ]
    return _csv(SESSION_FIELDS, rows)


def checkins_csv(sessions: Sequence[SessionRecord]) -> bytes:
    """One row per check-in; emotion tags joined with ``; ``."""
    rows: list[tuple[object, ...]] = []
    for s in sorted(sessions, key=lambda s: (s.started_at, s.id)):
        for moment, check_in in (("before", s.before), ("after", s.after)):
            if check_in is not None:
                rows.append(
                    (
                        s.id,
                        s.routine_id,
                        moment,
                        time_text(s.started_at),
                        check_in.upper,
                        check_in.mid,
                        check_in.lower,
                        "; ".join(check_in.emotions),
                        check_in.note,
                    )
                )
    return _csv(CHECKIN_FIELDS, rows)


def write_export(
    folder: Path,
    sessions: Sequence[SessionRecord],
    exported_at: datetime,
    practices: Sequence[PracticeRecord] = (),
) -> list[Path]:
    """Write the three files into *folder* (made if missing); returns their paths.

    Raises ``HistoryUnavailable`` when the folder cannot be written; files already in place
    from an earlier export stay whole (each is replaced by a rename).
    """
    document = export_json(sessions, exported_at, practices)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    files = (
        (folder / JSON_NAME, text.encode("utf-8")),
        (folder / SESSIONS_CSV, sessions_csv(sessions)),
        (folder / CHECKINS_CSV, checkins_csv(sessions)),
    )
    try:
        for path, data in files:
            write_atomically(path, data, mode=0o600)
    except OSError as error:
        raise not_exported(error) from error
    return [path for path, _ in files]
