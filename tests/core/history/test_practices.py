"""The mini pacer's practices: their own table, their own kind, never among the sessions."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.history import HistoryStore
from app.core.history.export import JSON_NAME
from app.core.history.practices import PracticeRecord
from app.core.history.recover import recover_all
from app.core.history.schema import MIGRATIONS, migrate, schema_version
from app.core.history.summary import deletion_question
from tests.core.history.conftest import FakeWallClock, reopen
from tests.core.history.test_migrations import write_v1


def _practice(wall: FakeWallClock, minutes: float = 5) -> PracticeRecord:
    return PracticeRecord(
        kind="mini_pacer",
        routine_id="resonance",
        pattern_name="Resonance breathing",
        pattern="in 5.5 s · out 5.5 s",
        started_at=wall.now - timedelta(minutes=minutes),
        ended_at=wall.now,
        practised_s=minutes * 60,
    )


def test_a_pacer_practice_is_kept_apart_from_the_sessions(
    store: HistoryStore, wall: FakeWallClock, db_path: Path
) -> None:
    first = store.record_practice(_practice(wall, 5))
    wall.advance(hours=2)
    store.record_practice(_practice(wall, 15))
    store.close()

    again = reopen(db_path, wall)
    newest, oldest = again.practices()
    assert (newest.practised_s, oldest.practised_s) == (900, 300)
    assert oldest.id == first and oldest.pattern == "in 5.5 s · out 5.5 s"
    assert oldest.pattern_name == "Resonance breathing" and oldest.kind == "mini_pacer"
    assert again.sessions() == []  # no check-ins, no session of its own
    again.close()


def test_deleting_everything_deletes_the_practices_too(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    store.record_practice(_practice(wall))
    store.delete_all()
    assert store.practices() == []


def test_a_version_1_file_gains_the_practices_table_and_keeps_its_sessions(
    db_path: Path, wall: FakeWallClock
) -> None:
    write_v1(db_path)
    store = reopen(db_path, wall)
    assert len(store.sessions()) == 2
    store.record_practice(_practice(wall))
    assert len(store.practices()) == 1
    store.close()
    with closing(sqlite3.connect(db_path)) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    assert "kind" not in columns  # the sessions table is left as it was


def test_a_version_3_file_gains_the_practices_table(db_path: Path, wall: FakeWallClock) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        migrate(conn, MIGRATIONS[:3])  # as the app left it before the mini pacer
        assert schema_version(conn) == 3
    store = reopen(db_path, wall)
    store.record_practice(_practice(wall))
    assert len(store.practices()) == 1
    store.close()
    with closing(sqlite3.connect(db_path)) as conn:
        assert schema_version(conn) == len(MIGRATIONS) == 4


def test_a_practice_that_breaks_the_rules_is_refused(wall: FakeWallClock) -> None:
    with pytest.raises(ValueError, match="end before it starts"):
        PracticeRecord(
            "mini_pacer", "resonance", "R", "in 5 s", wall.now, wall.now - timedelta(seconds=1), 1
        )
    with pytest.raises(ValueError, match="between 0 s"):
        PracticeRecord("mini_pacer", "resonance", "R", "in 5 s", wall.now, wall.now, -1)


def test_the_export_keeps_the_practices(
    store: HistoryStore, wall: FakeWallClock, tmp_path: Path
) -> None:
    store.record_practice(_practice(wall, 15))
    store.export_all(tmp_path / "export")
    document = json.loads((tmp_path / "export" / "unbrace-export.json").read_text())
    assert document["sessions"] == []
    assert document["practices"] == [
        {
            "kind": "mini_pacer",
            "routine_id": "resonance",
            "pattern_name": "Resonance breathing",
            "pattern": "in 5.5 s · out 5.5 s",
            "started_at": "2024-05-06T17:45:00.000000+00:00",
            "ended_at": "2024-05-06T18:00:00.000000+00:00",
            "practised_s": 900,
        }
    ]


def test_deleting_everything_says_the_practices_go_too(
    store: HistoryStore, wall: FakeWallClock
) -> None:
    store.record_practice(_practice(wall))
    summary = store.summary_for_deletion()
    assert not summary.is_empty
    assert deletion_question(summary) == (
        "Delete 0 sessions, 0 check-ins, 0 journal entries and 1 mini pacer practice? "
        "This cannot be undone."
    )


def test_a_damaged_file_set_aside_still_gives_its_practices_to_the_export(
    store: HistoryStore, wall: FakeWallClock, db_path: Path, tmp_path: Path
) -> None:
    """What recovery reads from a file moved aside includes the mini pacer's practices; a row
    that is not what was written is left out, the others kept."""
    store.record_practice(_practice(wall, 5))
    wall.advance(hours=1)
    store.record_practice(_practice(wall, 15))
    store.close()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(
            "INSERT INTO practices (kind, routine_id, pattern_name, pattern, started_at, "
            "ended_at, practised_s) VALUES ('mini_pacer', 'x', 'X', 'x', 'not a time', "
            "'not a time', 60)"
        )
        conn.commit()
    sessions, practices = recover_all(db_path)
    assert sessions == []
    assert sorted(p.practised_s for p in practices) == [300, 900]

    aside = db_path.with_name("history.sqlite3.corrupt-20260101-000000")
    db_path.rename(aside)
    fresh = reopen(db_path, wall)
    fresh.export_all(tmp_path / "export")
    recovered = json.loads(
        (tmp_path / "export" / f"recovered-{aside.name}" / JSON_NAME).read_text()
    )
    assert sorted(p["practised_s"] for p in recovered["practices"]) == [300, 900]
    fresh.close()
