"""Run by ``test_crash``: writes whole sessions in a loop until it is killed.

``python -m tests.core.history.crash_child DB`` prints ``ready`` once the store is open, then the
id of each session after ``finish_session`` has returned (its transaction committed), flushed at
once, so the parent knows exactly which sessions were reported complete before the kill.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from app.core.history import CheckIn, HistoryStore

BEFORE = CheckIn(7, 6, 8, ("fear", "tired"), "before")
AFTER = CheckIn(3, 2, 4, ("relief",), "after")


def now() -> datetime:
    return datetime.now(UTC)


def main(db: Path) -> int:
    opened = HistoryStore.open(db, now)
    if opened.store is None:
        print(f"error: {opened.notice}", flush=True)
        return 1
    store = opened.store
    print("ready", flush=True)
    count = 0
    while True:
        session_id = store.begin_session("crash-test", "Crash Test", "h", BEFORE)
        for step in range(3):
            store.record_progress(session_id, float(step), step)
        store.add_journal(session_id, "What do you feel?", f"entry {count} " + "words " * 50)
        store.finish_session(session_id, completed=True, practised_s=3.0, step=3, after=AFTER)
        print(session_id, flush=True)
        count += 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
