"""The streak the close page shows: the History's rule (a day counts when some time was
practised), read from the days with practice rather than every whole session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.history import HistoryStore
from app.core.history.stats import current_streak, local_day
from app.core.session.recorder import STREAK_LOOK_BACK_DAYS, SessionRecorder
from tests.support.routines import routine_from_yaml

ROUTINE = routine_from_yaml(
    """
    name: Short
    summary: One rest.
    steps:
      - rest: {duration: 60s}
    """
)


class Wall:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _store(tmp_path: Path, wall: Wall) -> HistoryStore:
    opened = HistoryStore.open(tmp_path / "h.sqlite3", wall)
    assert opened.store is not None
    return opened.store


def _past(store: HistoryStore, wall: Wall, days_ago: int, practised_s: float) -> None:
    """A session *days_ago* days before the wall's day, at the same hour."""
    now = wall.now
    wall.now = now - timedelta(days=days_ago)
    sid = store.begin_session("short", "Short", "h", None)
    store.finish_session(sid, completed=practised_s >= 60, practised_s=practised_s, step=0)
    wall.now = now


def _close(store: HistoryStore, practised_s: float) -> int | None:
    """A session run now and ended with *practised_s*; the streak its close page shows."""
    recorder = SessionRecorder(store)
    recorder.begin(ROUTINE, before=None)
    return recorder.streak(int(practised_s * 1000), UTC)


def test_a_session_with_nothing_practised_is_no_day_of_practice(tmp_path: Path) -> None:
    """Stopped at 0:00 with no practice before: no streak (the line is hidden), as the History."""
    wall = Wall()
    store = _store(tmp_path, wall)
    assert _close(store, 0) == 0
    assert current_streak(store.sessions(), local_day(wall.now, UTC), UTC) == 0
    assert _close(store, 0.5) == 1  # half a second is practice


def test_the_close_page_and_the_history_agree(tmp_path: Path) -> None:
    """Practice 1 and 2 days ago, a 0 s session 3 days ago, practice 4 days ago: three days in
    a row with today's; the History, once today's session is saved, says the same."""
    wall = Wall()
    store = _store(tmp_path, wall)
    for days_ago, practised in ((1, 60), (2, 30), (3, 0), (4, 60)):
        _past(store, wall, days_ago, practised)
    recorder = SessionRecorder(store)
    recorder.begin(ROUTINE, before=None)
    shown = recorder.streak(20_000, UTC)  # before the session's time is saved
    sessions = store.sessions()
    store.finish_session(sessions[0].id, completed=False, practised_s=20, step=0)
    assert shown == 3 == current_streak(store.sessions(), local_day(wall.now, UTC), UTC)


def test_a_streak_longer_than_the_first_look_back_is_counted_in_full(tmp_path: Path) -> None:
    wall = Wall()
    store = _store(tmp_path, wall)
    days = 2 * STREAK_LOOK_BACK_DAYS + 5
    for days_ago in range(1, days + 1):
        _past(store, wall, days_ago, 60)
    _past(store, wall, days + 2, 60)  # after a gap: not counted
    assert _close(store, 30) == days + 1


def test_a_session_begun_before_midnight_counts_for_the_day_it_began(tmp_path: Path) -> None:
    """Begun at 23:58 the day after some practice, closed at 00:03: two days (yesterday and the
    day before); today has no practice yet and does not break it."""
    wall = Wall()
    wall.now = datetime(2026, 3, 20, 23, 58, tzinfo=UTC)
    store = _store(tmp_path, wall)
    _past(store, wall, 1, 60)
    recorder = SessionRecorder(store)
    recorder.begin(ROUTINE, before=None)
    wall.now += timedelta(minutes=5)
    assert recorder.streak(300_000, UTC) == 2
