"""Fixtures for the history tests: a wall clock moved by hand and a store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.history import HistoryStore


class FakeWallClock:
    """Wall-clock time for tests: aware UTC, moved only when told to."""

    def __init__(self, now: datetime = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def wall() -> FakeWallClock:
    return FakeWallClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def store(db_path: Path, wall: FakeWallClock) -> Iterator[HistoryStore]:
    opened = HistoryStore.open(db_path, wall)
    assert opened.store is not None, opened.notice
    assert opened.notice is None
    yield opened.store
    opened.store.close()


def reopen(path: Path, wall: FakeWallClock) -> HistoryStore:
    opened = HistoryStore.open(path, wall)
    assert opened.store is not None, opened.notice
    return opened.store
