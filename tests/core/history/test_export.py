"""Export: one JSON file with everything, and CSV files of sessions and check-ins, all private."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest

from app.core.history import CheckIn, HistoryStore, HistoryUnavailable, write_export
from app.core.history.export import CHECKIN_FIELDS, SESSION_FIELDS
from tests.core.history.conftest import FakeWallClock


@pytest.fixture
def seeded(store: HistoryStore, wall: FakeWallClock) -> HistoryStore:
    first = store.begin_session(
        "scan", "Body Scan", "h1", CheckIn(7, 5, 8, ("grief", "Heavy"), 'said "no", again')
    )
    store.add_journal(first, "What do you feel?", "Ache,\nthen warmth")
    wall.advance(minutes=12)
    store.finish_session(first, completed=True, practised_s=700, step=5, after=CheckIn(3, 3, 4))
    wall.advance(days=1)
    second = store.begin_session("box", "Box Breathing", "h2", None)
    store.record_progress(second, 65.25, 2)
    return store


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_export_writes_three_private_files(seeded: HistoryStore, tmp_path: Path) -> None:
    """unbrace-export.json, sessions.csv and checkins.csv, each mode 0600, in a new folder."""
    paths = seeded.export_all(tmp_path / "export")
    assert [p.name for p in paths] == ["unbrace-export.json", "sessions.csv", "checkins.csv"]
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == sorted(
        p.name for p in paths
    )  # no temporary files left behind


def test_a_second_export_replaces_the_files_and_keeps_them_private(
    seeded: HistoryStore, tmp_path: Path
) -> None:
    target = tmp_path / "export" / "sessions.csv"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    seeded.export_all(tmp_path / "export")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("session_id,")


def test_the_json_export_holds_every_session_check_in_and_entry(
    seeded: HistoryStore, tmp_path: Path
) -> None:
    """Sessions oldest first; times in UTC ISO 8601; check-ins and journal nested."""
    data = json.loads((seeded.export_all(tmp_path)[0]).read_text(encoding="utf-8"))
    assert data["format"] == "unbrace-history" and data["version"] == 2
    assert data["exported_at"] == "2024-05-07T18:12:00.000000+00:00"
    first, second = data["sessions"]
    assert first["routine_id"] == "scan" and first["status"] == "completed"
    assert first["started_at"] == "2024-05-06T18:00:00.000000+00:00"
    assert first["before"] == {
        "upper": 7,
        "mid": 5,
        "lower": 8,
        "emotions": ["grief", "heavy"],
        "note": 'said "no", again',
    }
    assert first["after"]["emotions"] == []
    assert [e["text"] for e in first["journal"]] == ["Ache,\nthen warmth"]
    assert second["status"] == "in_progress" and second["ended_at"] is None
    assert second["practised_s"] == 65.25 and second["before"] is None


def test_the_csv_files_have_one_row_per_session_and_per_check_in(
    seeded: HistoryStore, tmp_path: Path
) -> None:
    seeded.export_all(tmp_path)
    sessions = read_csv(tmp_path / "sessions.csv")
    assert tuple(sessions[0]) == SESSION_FIELDS
    assert [(r["routine_id"], r["status"], r["journal_entries"]) for r in sessions] == [
        ("scan", "completed", "1"),
        ("box", "in_progress", "0"),
    ]
    assert sessions[1]["ended_at"] == "" and sessions[1]["practised_s"] == "65.25"

    checkins = read_csv(tmp_path / "checkins.csv")
    assert tuple(checkins[0]) == CHECKIN_FIELDS
    assert [(r["moment"], r["upper"], r["mid"], r["lower"]) for r in checkins] == [
        ("before", "7", "5", "8"),
        ("after", "3", "3", "4"),
    ]
    assert checkins[0]["emotions"] == "grief; heavy"
    assert checkins[0]["note"] == 'said "no", again'


def test_an_unwritable_export_folder_raises_history_unavailable(
    seeded: HistoryStore, tmp_path: Path, wall: FakeWallClock
) -> None:
    (tmp_path / "blocked").write_text("a file, not a folder")
    with pytest.raises(HistoryUnavailable, match="export could not be written"):
        seeded.export_all(tmp_path / "blocked")
    with pytest.raises(HistoryUnavailable):
        write_export(tmp_path / "blocked" / "deeper", [], wall())


def test_export_includes_what_a_damaged_file_moved_aside_still_holds(tmp_path: Path) -> None:
    """Sessions in a history file that was moved aside as damaged are exported too, from what
    can still be read, into a folder of their own."""
    clock = FakeWallClock()
    old = HistoryStore.open(tmp_path / "history.sqlite3", clock).store
    assert old is not None
    kept = old.begin_session("box-breathing", "Box Breathing", "h", None)
    old.finish_session(kept, completed=True, practised_s=240, step=2)
    old.close()
    (tmp_path / "history.sqlite3").rename(tmp_path / "history.sqlite3.corrupt-20260501-120000")
    store = HistoryStore.open(tmp_path / "history.sqlite3", clock).store
    assert store is not None and store.sessions() == []
    written = store.export_all(tmp_path / "out")
    recovered = tmp_path / "out" / "recovered-history.sqlite3.corrupt-20260501-120000"
    assert recovered / "unbrace-export.json" in written
    assert "box-breathing" in (recovered / "sessions.csv").read_text(encoding="utf-8")


def test_a_region_not_rated_is_exported_as_null_and_empty_under_format_version_2(
    store: HistoryStore, tmp_path: Path
) -> None:
    """Version 1 promised whole numbers 0-10; since regions may be left unrated the format is
    version 2: ``null`` in the JSON, an empty cell in the CSV, never 0."""
    store.begin_session("box", "Box Breathing", "h", CheckIn(4, None, None))
    path = store.export_all(tmp_path)[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert data["sessions"][0]["before"]["mid"] is None
    (row,) = read_csv(tmp_path / "checkins.csv")
    assert (row["upper"], row["mid"], row["lower"]) == ("4", "", "")
