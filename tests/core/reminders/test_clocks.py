"""The clocks the scheduler reads: the real ones and the fake ones tests drive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import pytest

from app.core.reminders import FakeClocks, SystemClocks, local_zone
from app.core.reminders.clocks import epoch_ns, from_epoch_ns, read_clocks
from tests.core.reminders.rig import BERLIN, NEW_YORK, S, wednesday


def test_the_system_clocks_read_boottime_at_least_monotonic_and_an_aware_now() -> None:
    """Boottime counts everything monotonic counts (and sleep): it is never behind."""
    clocks = SystemClocks(BERLIN)
    mono = clocks.monotonic_ns()
    assert clocks.boottime_ns() >= mono
    assert clocks.now().tzinfo is BERLIN


def test_the_local_zone_is_a_zone() -> None:
    """Whatever the machine's setting, local_zone gives a tzinfo usable for an aware now."""
    zone = local_zone()
    assert isinstance(zone, tzinfo)
    assert datetime.now(zone).utcoffset() is not None


def test_the_local_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    """TZ names the zone when it is set to a known key."""
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_zone() == NEW_YORK


def test_fake_advance_moves_all_three_clocks() -> None:
    """Awake time: monotonic, boottime and the wall clock move together."""
    clocks = FakeClocks(wednesday(9))
    before = read_clocks(clocks)
    clocks.advance(minutes=2)
    after = read_clocks(clocks)
    assert after.mono - before.mono == after.boot - before.boot == after.wall - before.wall
    assert clocks.now() == wednesday(9, 2)


def test_fake_suspend_leaves_monotonic_still() -> None:
    """A suspend: boottime and the wall clock move, monotonic does not."""
    clocks = FakeClocks(wednesday(9))
    mono, boot = clocks.monotonic_ns(), clocks.boottime_ns()
    clocks.suspend(hours=1)
    assert clocks.monotonic_ns() == mono
    assert clocks.boottime_ns() - boot == 3600 * S
    assert clocks.now() == wednesday(10)


def test_fake_wall_and_zone_change_alone() -> None:
    """set_wall jumps the wall clock only; set_zone changes how the same instant reads."""
    clocks = FakeClocks(wednesday(9))
    mono = clocks.monotonic_ns()
    clocks.set_wall(wednesday(6))
    assert clocks.monotonic_ns() == mono
    assert clocks.now() == wednesday(6)
    clocks.set_zone(NEW_YORK)
    assert clocks.now().tzinfo is NEW_YORK
    assert clocks.now() == wednesday(6)


def test_fake_clocks_refuse_going_back_and_naive_times() -> None:
    """Monotonic time never goes back; wall instants need a zone."""
    clocks = FakeClocks(wednesday(9))
    with pytest.raises(ValueError, match="forward"):
        clocks.advance(-1)
    with pytest.raises(ValueError, match="never goes back"):
        clocks.advance_to(clocks.monotonic_ns() - 1)
    with pytest.raises(ValueError, match="aware"):
        FakeClocks(datetime(2026, 3, 4, 9))
    with pytest.raises(ValueError, match="zone"):
        epoch_ns(datetime(2026, 3, 4, 9))


def test_epoch_nanoseconds_ignore_the_zone_they_are_read_in() -> None:
    """The same instant in two zones is the same number; a DST day is 23 hours long."""
    moment = wednesday(9)
    assert epoch_ns(moment) == epoch_ns(moment.astimezone(UTC))
    assert from_epoch_ns(epoch_ns(moment), NEW_YORK) == moment
    spring = datetime(2026, 3, 29, tzinfo=BERLIN)
    next_day = datetime(2026, 3, 30, tzinfo=BERLIN)
    assert epoch_ns(next_day) - epoch_ns(spring) == 23 * 3600 * S
    assert next_day - spring == timedelta(days=1)  # why wall arithmetic is never used
