"""What the close page says: before → after per region, the time, the streak, the notes; with
check-ins off only the time and the streak. And the streak as a session closes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.core.history import CheckIn, SessionRecord
from app.core.history.stats import current_streak
from app.core.session.close_summary import close_summary


def test_the_close_shows_each_region_before_and_after_and_the_notes() -> None:
    summary = close_summary(
        completed=True,
        practised_ms=183_000,
        before=CheckIn(6, 4, None, ("anxiety",), "tight after the meeting"),
        after=CheckIn(3, 4, 2, (), "warmer"),
        check_ins=True,
        streak=4,
    )
    assert summary.headline == "Well done"
    assert summary.practised_text == "You practised for 3:03."
    assert summary.streak_text == "4 days in a row"
    assert [c.words for c in summary.regions] == [
        "Upper back 6 → 3, 3 less",
        "Mid back 4 → 4, the same",
        "Lower back not rated → 2",  # what the journal says, and what a screen reader reads
    ]
    assert summary.regions[2].text == "– → 2"  # the figure's short mark
    assert [c.change_text for c in summary.regions] == ["\N{MINUS SIGN}3", "±0", ""]
    assert summary.notes == ("Before: tight after the meeting", "After: warmer")
    assert summary.shows_back


def test_with_check_ins_off_only_the_time_and_the_streak() -> None:
    summary = close_summary(
        completed=False,
        practised_ms=65_000,
        before=CheckIn(6, 4, 5, (), "a note"),
        after=None,
        check_ins=False,
        streak=1,
    )
    assert summary.headline == "Session ended"
    assert summary.practised_text == "You practised for 1:05."
    assert summary.streak_text == "1 day of practice: a start"
    assert summary.regions == () and summary.notes == () and not summary.shows_back


def test_nothing_rated_shows_no_back_and_no_history_no_streak() -> None:
    summary = close_summary(
        completed=True,
        practised_ms=1_000,
        before=CheckIn(None, None, None, ("calm",)),
        after=None,
        check_ins=True,
        streak=None,
    )
    assert not summary.shows_back and summary.streak_text == ""


def practised_on(day: date, hour: int, tz: ZoneInfo, sid: int) -> SessionRecord:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=tz).astimezone(UTC)
    return SessionRecord(sid, "box", "Box", "h", start, start + timedelta(minutes=5),
                         "completed", 1, 300.0)  # fmt: skip


def test_the_streak_counts_local_days() -> None:
    """Practice yesterday and the day before (local evenings, which are the next day in UTC)
    and a session today: three days; a gap before that ends the count."""
    berlin = ZoneInfo("Europe/Berlin")
    today = date(2024, 3, 31)  # summer time begins in Berlin that night
    sessions = [
        practised_on(date(2024, 3, 30), 23, berlin, 1),
        practised_on(date(2024, 3, 29), 0, berlin, 2),
        practised_on(date(2024, 3, 27), 12, berlin, 3),
    ]
    now = [practised_on(today, 10, berlin, 4)]
    assert current_streak(sessions + now, today, berlin) == 3
    assert current_streak(now, today, berlin) == 1
    assert current_streak(sessions + now, today, UTC) == 2  # in UTC the 29th, 00:00 is the 28th
