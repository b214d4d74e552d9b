"""What the History and Journal views show: calendar grids, weekly bars, line series with their
ranges, the relief table's figures, journal cards and the deletion question."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.core.history import CheckIn, DeletionSummary, JournalEntry, SessionRecord
from app.core.history.axes import time_axis
from app.core.history.journal_summary import (
    Answer,
    Note,
    feelings_line,
    filter_cards,
    journal_status,
    session_cards,
    tension_change_text,
)
from app.core.history.summary import (
    EMPTY_HISTORY_TEXT,
    MINUS,
    TENSION_AXIS,
    calendar_month,
    change_text,
    change_words,
    deletion_question,
    history_overview,
    nice_axis,
    relief_rows,
    shift_month,
    streak_text,
    tension_chart,
    weekly_bars,
    when_text,
)

TODAY = date(2024, 5, 20)  # a Monday


def session(
    sid: int,
    day: date,
    minutes: float = 10,
    routine: str = "box",
    before: CheckIn | None = None,
    after: CheckIn | None = None,
    hour: int = 18,
) -> SessionRecord:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return SessionRecord(
        id=sid,
        routine_id=routine,
        routine_name=routine.title(),
        routine_hash="h",
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        status="completed",
        ended_step=2,
        practised_s=minutes * 60,
        before=before,
        after=after,
    )


def not_rated(check_in: CheckIn, *regions: str) -> CheckIn:
    """*check_in* with *regions* not rated (None), as the check-in stores an untouched region."""
    copy = replace(check_in)
    for region in regions:
        object.__setattr__(copy, region, None)
    return copy


# ------------------------------------------------------------------------------- calendar


def test_a_month_grid_has_whole_weeks_from_monday_with_the_practised_days_marked() -> None:
    """May 2024 starts on a Wednesday: five rows from Mon 29 April to Sun 2 June; practised days
    of the month are marked, days of other months are there but not "in month"."""
    practised = {date(2024, 5, 3), date(2024, 5, 20), date(2024, 4, 30)}
    month = calendar_month(practised, 2024, 5, TODAY)
    assert month.title == "May 2024"
    assert len(month.weeks) == 5
    assert all(len(week) == 7 for week in month.weeks)
    assert month.weeks[0][0].day == date(2024, 4, 29)
    assert month.weeks[-1][-1].day == date(2024, 6, 2)
    assert [d.day.day for d in month.weeks[0] if d.in_month] == [1, 2, 3, 4, 5]
    marked = [d.day for week in month.weeks for d in week if d.practised]
    assert marked == [date(2024, 4, 30), date(2024, 5, 3), date(2024, 5, 20)]
    assert month.practised_days == 2  # 30 April is not May's
    (today,) = [d for week in month.weeks for d in week if d.today]
    assert today.day == TODAY
    assert month.description == "May 2024: practised on 2 days: 3, 20."


def test_months_take_as_many_rows_as_they_need() -> None:
    """February 2021 (starting on a Monday, 28 days) fits in four rows; September 2024
    (starting on a Sunday) needs six."""
    assert len(calendar_month(set(), 2021, 2, TODAY).weeks) == 4
    assert len(calendar_month(set(), 2024, 9, TODAY).weeks) == 6
    assert calendar_month(set(), 2024, 9, TODAY).description == "September 2024: no practice."


def test_shifting_a_month_crosses_years() -> None:
    """One month back from January is last December; thirteen forward is next year's."""
    assert shift_month(2024, 1, -1) == (2023, 12)
    assert shift_month(2024, 12, 1) == (2025, 1)
    assert shift_month(2024, 5, 13) == (2025, 6)
    assert shift_month(2024, 5, 0) == (2024, 5)


# ----------------------------------------------------------------------------------- axes


@pytest.mark.parametrize(
    ("highest", "at_least", "ticks"),
    [
        (37, 10, (0, 10, 20, 30, 40)),
        (0, 10, (0, 2.5, 5, 7.5, 10)),
        (3, 1, (0, 1, 2, 3)),
        (7.3, 1, (0, 2, 4, 6, 8)),
        (120, 1, (0, 50, 100, 150)),
        (0.4, 0.1, (0, 0.1, 0.2, 0.3, 0.4)),
    ],
)
def test_an_axis_ends_on_a_round_number_with_few_ticks(
    highest: float, at_least: float, ticks: tuple[float, ...]
) -> None:
    """The axis starts at 0 and ends on the first round tick at or above the highest value."""
    axis = nice_axis(highest, at_least=at_least)
    assert axis.ticks == ticks
    assert (axis.low, axis.high) == (0, ticks[-1])


@given(st.floats(min_value=1e-9, max_value=1e9), st.integers(min_value=2, max_value=8))
@example(0.0010000000000000002, 2)
@example(1e-9, 5)
def test_every_value_fits_under_an_axis_of_at_most_the_asked_ticks(
    highest: float, most: int
) -> None:
    """Whatever the highest value, it fits (a rounding hair above a tick counts as on it), the
    ticks are evenly spaced and not too many."""
    axis = nice_axis(highest, at_least=1e-9, most_ticks=most)
    assert axis.high >= highest * (1 - 1e-9)
    assert 2 <= len(axis.ticks) <= most
    steps = [b - a for a, b in zip(axis.ticks, axis.ticks[1:], strict=False)]
    assert steps == pytest.approx([steps[0]] * len(steps))
    assert steps[0] > 0
    assert axis.fraction(axis.high) == pytest.approx(1)


def test_an_axis_refuses_nonsense() -> None:
    """Negative tops and fewer than two ticks are errors, not odd pictures."""
    with pytest.raises(ValueError):
        nice_axis(-1, at_least=0)
    with pytest.raises(ValueError):
        nice_axis(5, most_ticks=1)


# ----------------------------------------------------------------------------------- bars


def test_weekly_bars_cover_twelve_weeks_labelled_by_their_monday() -> None:
    """Minutes per week, oldest first, this week last, each labelled "6 May"; the axis reaches
    10 minutes even in a quiet stretch, and the figures are there in words."""
    sessions = [session(1, TODAY, 3), session(2, date(2024, 5, 13), 25), session(3, TODAY, 12)]
    bars = weekly_bars(sessions, TODAY, tz=UTC)
    assert len(bars.values) == len(bars.labels) == 12
    assert bars.labels[-1] == "20 May" and bars.labels[-2] == "13 May"
    assert bars.labels[0] == "4 Mar"
    assert bars.values[-1] == pytest.approx(15) and bars.values[-2] == pytest.approx(25)
    assert sum(bars.values) == pytest.approx(40)
    assert bars.axis.ticks == (0.0, 10.0, 20.0, 30.0)
    assert "week of 13 May: 25 min" in bars.description
    quiet = weekly_bars([session(1, TODAY, 2)], TODAY, tz=UTC)
    assert quiet.axis.high == 10


# ---------------------------------------------------------------------------------- lines


def test_a_tension_chart_places_sessions_by_time_on_a_fixed_scale() -> None:
    """Before and after values of the region, oldest first, x in proportion to the time each
    session started; the 0–10 scale; a missing check-in is a gap (None)."""
    sessions = [
        session(3, date(2024, 5, 3), before=CheckIn(6, 4, 8), after=CheckIn(4, 3, 5)),
        session(1, date(2024, 5, 1), before=CheckIn(7, 5, 9)),
        session(2, date(2024, 5, 1), hour=20, before=CheckIn(6, 4, 7), after=CheckIn(2, 2, 2)),
        session(4, date(2024, 5, 4)),  # no check-in: not on the chart
    ]
    chart = tension_chart(sessions, "lower", UTC)
    assert chart.before == (9, 7, 8)
    assert chart.after == (None, 2, 5)
    assert chart.pairs == tuple(zip(chart.x, chart.before, chart.after, strict=True))
    x0, x1, x2 = chart.x
    # 1 May 18:00, 1 May 20:00, 3 May 18:00: two hours, then two days
    assert (x1 - x0) / (x2 - x0) == pytest.approx(2 / 48)
    assert 0 < x0 < x1 < x2 < 1
    assert chart.axis == TENSION_AXIS
    assert (chart.axis.low, chart.axis.high) == (0, 10)
    labels = [label for _x, label in chart.x_labels]
    assert "2 May" in labels and "3 May" in labels and len(labels) <= 6
    assert chart.description == (
        "Lower back tension, 0 to 10, for the last 3 sessions with a check-in, "
        "on average 8.0 before, on average 3.5 after."
    )
    assert not chart.is_empty


def test_one_day_reads_in_hours_and_one_year_in_months() -> None:
    """Ticks follow the span: a day of sessions gets round hours, a year months (Jan with its
    year), each tick placed by time like the sessions."""
    day = [
        session(i, TODAY, hour=hour, before=CheckIn(5, 5, 5))
        for i, hour in enumerate((8, 12, 13, 20))
    ]
    chart = tension_chart(day, "upper", UTC)
    assert chart.time is not None and chart.time.step[0] == "hour"
    labels = [label for _x, label in chart.x_labels]
    assert all(len(label) == 5 and label[2] == ":" for label in labels), labels  # no midnight
    assert 3 <= len(labels) <= 7
    for x, label in chart.x_labels:
        hour = int(label[:2])
        moment = datetime(2024, 5, 20, hour, tzinfo=UTC)
        assert x == pytest.approx(chart.time.fraction(moment))
    year = [
        session(i, date(2024, 1, 1) + timedelta(days=30 * i), before=CheckIn(5, 5, 5))
        for i in range(13)
    ]
    chart = tension_chart(year, "upper", UTC)
    assert chart.time is not None and chart.time.step[0] == "month"
    labels = [label for _x, label in chart.x_labels]
    assert "Jan 2025" in labels and 3 <= len(labels) <= 7
    first, last = chart.started[0], chart.started[-1]
    for x, moment in zip(chart.x, chart.started, strict=True):
        assert (x - chart.x[0]) / (chart.x[-1] - chart.x[0]) == pytest.approx(
            (moment - first) / (last - first)
        )


def test_a_single_session_sits_in_the_middle_and_a_year_is_kept() -> None:
    """One point is centred on an hour's axis; sessions more than a year before the latest
    are left out, the rest all drawn."""
    one = tension_chart([session(1, TODAY, before=CheckIn(1, 2, 3))], "mid", UTC)
    assert one.x == (pytest.approx(0.5),) and one.before == (2,)
    many = [
        session(i, TODAY - timedelta(days=400 - i), before=CheckIn(i % 11, 0, 0))
        for i in range(401)
    ]
    chart = tension_chart(many, "upper", UTC)
    assert len(chart.x) == 367  # the latest and the 366 days before it
    assert chart.before[-1] == 400 % 11
    assert 2 <= len(chart.x_labels) <= 7


def test_unrated_regions_are_gaps_not_zeros() -> None:
    """A region not rated (None, as the check-in stores it) is drawn as nothing."""
    rated = CheckIn(4, 4, 4)
    unrated = not_rated(rated, "upper")
    chart = tension_chart([session(1, TODAY, before=rated, after=unrated)], "upper", UTC)
    assert chart.before == (4,) and chart.after == (None,)
    only_unrated = tension_chart([session(1, TODAY, before=unrated)], "upper", UTC)
    assert only_unrated.is_empty


def test_no_check_ins_make_an_empty_chart_that_says_so() -> None:
    """Sessions without check-ins: nothing to draw, and a sentence for screen readers."""
    chart = tension_chart([session(1, TODAY)], "upper", UTC)
    assert chart.is_empty
    assert chart.description == "Upper back: no check-ins yet."


# ---------------------------------------------------------------------------------- table


@pytest.mark.parametrize(
    ("value", "text", "words"),
    [
        (-1.8, f"{MINUS}1.8", "1.8 less"),
        (-1.75, f"{MINUS}1.8", "1.8 less"),
        (0.5, "+0.5", "0.5 more"),
        (0.0, "0.0", "no change"),
        (-0.04, "0.0", "no change"),
        (-3, f"{MINUS}3.0", "3.0 less"),
    ],
)
def test_changes_are_written_with_a_true_minus_sign(value: float, text: str, words: str) -> None:
    """One decimal; relief shows a minus sign (U+2212), more tension a plus; a screen reader
    hears "less" or "more" instead."""
    assert change_text(value) == text
    assert change_words(value) == words


def test_relief_rows_put_the_most_relief_first() -> None:
    """Per routine, the average change in each region and overall; most relief first; sessions
    without both check-ins do not count."""
    sessions = [
        session(1, TODAY, routine="scan", before=CheckIn(8, 6, 8), after=CheckIn(4, 4, 5)),
        session(2, TODAY, routine="scan", before=CheckIn(6, 6, 6), after=CheckIn(4, 5, 4)),
        session(3, TODAY, routine="box", before=CheckIn(5, 5, 5), after=CheckIn(5, 4, 5)),
        session(4, TODAY, routine="box", before=CheckIn(9, 9, 9)),
    ]
    rows = relief_rows(sessions)
    assert [r.routine_id for r in rows] == ["scan", "box"]
    assert rows[0].sessions == 2 and rows[1].sessions == 1
    assert rows[0].texts == (f"{MINUS}3.0", f"{MINUS}1.5", f"{MINUS}2.5", f"{MINUS}2.3")
    assert rows[1].texts == ("0.0", f"{MINUS}1.0", "0.0", f"{MINUS}0.3")


# ------------------------------------------------------------------------------- overview


def test_an_empty_history_is_empty_and_practice_is_not() -> None:
    """No sessions, or only sessions with no time practised: empty (the first step shows).
    One practised session: figures, with its streak and days."""
    assert history_overview([], TODAY, UTC).empty
    assert history_overview([session(1, TODAY, 0)], TODAY, UTC).empty
    overview = history_overview(
        [session(1, TODAY - timedelta(days=1)), session(2, TODAY), session(3, date(2024, 4, 2))],
        TODAY,
        UTC,
    )
    assert not overview.empty
    assert overview.streak == 2
    assert overview.streak_text == "Current streak: 2 days"
    assert overview.days_text == "Days practised: 3 in all, 2 this month"
    assert (overview.month.year, overview.month.month) == (2024, 5)
    assert set(overview.tension) == {"upper", "mid", "lower"}
    assert "diaphragmatic" in EMPTY_HISTORY_TEXT


def test_streak_texts() -> None:
    """One day is singular; no streak gets an invitation rather than a zero."""
    assert streak_text(1) == "Current streak: 1 day"
    assert streak_text(12) == "Current streak: 12 days"
    assert "0" not in streak_text(0)


# -------------------------------------------------------------------------------- journal


def test_check_in_changes_and_feelings_read_as_sentences() -> None:
    """Both check-ins: "Upper back 5 → 2 · …"; one: "Before: …"; none: nothing. Tags and notes
    follow, each with its moment."""
    before = CheckIn(5, 4, 6, ("anxiety", "fear"), "long day")
    after = CheckIn(2, 3, 3, ("calm",))
    assert tension_change_text(before, after) == (
        "Upper back 5 → 2 · Mid back 4 → 3 · Lower back 6 → 3"
    )
    assert tension_change_text(before, None) == "Before: Upper back 5 · Mid back 4 · Lower back 6"
    assert tension_change_text(None, after) == "After: Upper back 2 · Mid back 3 · Lower back 3"
    assert tension_change_text(None, None) == ""
    assert feelings_line(before, after) == "Before: anxiety, fear · After: calm"


def test_unrated_regions_are_left_out_of_the_card_text() -> None:
    """None is "not rated": never written as 0; one side of a pair says so."""
    before = not_rated(CheckIn(5, 4, 6), "mid")
    after = not_rated(CheckIn(2, 3, 3), "lower", "mid")
    assert tension_change_text(before, after) == "Upper back 5 → 2 · Lower back 6 → not rated"
    assert tension_change_text(before, None) == "Before: Upper back 5 · Lower back 6"


def at(hour: int, minute: int) -> datetime:
    return datetime(2024, 5, 20, hour, minute, tzinfo=UTC)


def test_journal_cards_are_one_per_session_with_writing_newest_first() -> None:
    """A card per session in which something was written (an answer, a note, a feeling),
    newest first whatever the order given, with when, routine, before → after, feelings, notes
    and every answer in the order written; a session with ratings only has no card."""
    record = replace(
        session(
            7,
            TODAY,
            routine="scan",
            before=CheckIn(6, 5, 6, ("anxiety",), "Long day at the desk."),
            after=CheckIn(3, 3, 3, ("calm",)),
        ),
        journal=(
            JournalEntry(2, 7, "And now?", "Softer.", at(18, 9)),
            JournalEntry(1, 7, "What do you feel?", "A knot.", at(18, 5)),
        ),
    )
    noted = session(8, TODAY + timedelta(days=1), before=CheckIn(4, 4, 4, ("grief",)))
    ratings_only = session(9, TODAY + timedelta(days=2), before=CheckIn(4, 4, 4))
    cards = session_cards([record, ratings_only, noted], UTC)
    assert [c.session_id for c in cards] == [8, 7]
    card = cards[1]
    assert card.when == "Mon 20 May 2024, 18:00"
    assert card.routine == "Scan"
    assert card.tension == "Upper back 6 → 3 · Mid back 5 → 3 · Lower back 6 → 3"
    assert card.feelings == "Before: anxiety · After: calm"
    assert card.notes == (Note("Before", "Long day at the desk."),)
    assert card.answers == (Answer("What do you feel?", "A knot."), Answer("And now?", "Softer."))
    assert card.accessible_text.startswith("Mon 20 May 2024, 18:00. Scan. Upper back 6 → 3")
    assert cards[0].feelings == "Before: grief" and cards[0].answers == ()


def test_a_card_matches_every_word_of_a_search_in_anything_it_shows() -> None:
    """Routine, note, feeling, answer, prompt, region: all words, any case (Straße = STRASSE)."""
    record = replace(
        session(1, TODAY, routine="scan", before=CheckIn(6, 5, 6, ("anxiety",), "Straße")),
        journal=(JournalEntry(1, 1, "Where is it?", "Left shoulder", datetime.now(UTC)),),
    )
    (card,) = session_cards([record], UTC)
    for query in ("scan", "STRASSE", "anxiety left", "where", "upper back", "", "  "):
        assert card.matches(query), query
    for query in ("right", "anxiety right", "calm"):
        assert not card.matches(query), query
    assert filter_cards([card], "knee") == ()


def test_journal_status_counts_or_explains() -> None:
    """A count when cards show; with none, why: no match, or nothing written yet."""
    assert journal_status(1, "") == "1 session"
    assert journal_status(3, "knot") == "3 sessions"
    assert journal_status(0, " knot ") == "Nothing written matches “knot”."
    assert journal_status(0, "").startswith("Your journal will show here")


def test_when_text_is_in_the_given_zone() -> None:
    """Weekday, day, month, year and 24-hour time."""
    assert when_text(datetime(2024, 1, 7, 9, 3, tzinfo=UTC), UTC) == "Sun 7 Jan 2024, 09:03"


# ------------------------------------------------------------------------------- deletion


def test_the_deletion_question_names_what_will_go() -> None:
    """Counts with singulars and plurals, joined with "and"; damaged files only when there are
    some; always "This cannot be undone"."""
    assert deletion_question(DeletionSummary(12, 30, 5, 1)) == (
        "Delete 12 sessions, 30 check-ins, 5 journal entries and 1 damaged file set aside? "
        "This cannot be undone."
    )
    assert deletion_question(DeletionSummary(1, 1, 0)) == (
        "Delete 1 session, 1 check-in and 0 journal entries? This cannot be undone."
    )


@given(
    first=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2199, 1, 1), timezones=st.just(UTC)
    ),
    span_s=st.floats(min_value=0, max_value=3 * 365 * 86_400),
)
@example(first=datetime(2024, 5, 6, 18, tzinfo=UTC), span_s=0.0)
def test_a_time_axis_holds_its_sessions_and_a_few_ordered_ticks(
    first: datetime, span_s: float
) -> None:
    """Whatever the span, both ends sit inside the axis, in proportion to time, and the ticks
    are few, in order and inside."""
    last = first + timedelta(seconds=span_s)
    axis = time_axis(first, last, UTC)
    a, b = axis.fraction(first), axis.fraction(last)
    assert 0 < a <= b < 1
    assert axis.start < first and last < axis.end
    xs = [x for x, _label in axis.ticks]
    assert xs == sorted(xs) and all(0 <= x <= 1 for x in xs)
    assert len(xs) <= 8
    assert all(label for _x, label in axis.ticks)


def test_a_journal_card_says_how_a_session_not_completed_ended() -> None:
    """A session ended early reads "Ended early" under its routine (and is found by it); one
    cut short by a crash "Cut short"; a completed one says nothing of the kind."""
    noted = CheckIn(5, None, None, (), "tight")
    stopped = replace(session(1, TODAY, before=noted), status="stopped")
    partial = replace(session(2, TODAY, before=noted), status="partial")
    completed = session(3, TODAY, before=noted)
    cards = {c.session_id: c for c in session_cards([stopped, partial, completed], UTC)}
    assert cards[1].status == "Ended early" and cards[1].texts[2] == "Ended early"
    assert cards[1].matches("ended early") and not cards[3].matches("ended early")
    assert cards[2].status == "Cut short"
    assert cards[3].status == "" and "Completed" not in cards[3].texts
