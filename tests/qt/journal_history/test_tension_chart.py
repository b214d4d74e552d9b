"""The tension chart as painted: sessions placed by time (a day reads in hours, a year in
months), each session's before → after drawn as one pair at its time, nothing joining one
session to the next, and nothing drawn for an after that is missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.core.history import CheckIn, SessionRecord
from app.core.history.tension_chart import tension_chart
from app.qt.journal_history.charts import LineChart, PairMarks


def session(
    sid: int, start: datetime, before: CheckIn | None, after: CheckIn | None
) -> SessionRecord:
    return SessionRecord(
        id=sid,
        routine_id="box",
        routine_name="Box",
        routine_hash="h",
        started_at=start,
        ended_at=start + timedelta(minutes=5),
        status="completed",
        ended_step=2,
        practised_s=300,
        before=before,
        after=after,
    )


@pytest.fixture
def chart(qtbot: QtBot) -> LineChart:
    widget = LineChart()
    qtbot.addWidget(widget)
    widget.resize(700, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(chart: LineChart, sessions: list[SessionRecord]) -> list[PairMarks]:
    chart.set_chart(tension_chart(sessions, "upper", UTC))
    return chart.marks()


def assert_x_in_proportion_to_time(marks: list[PairMarks], starts: list[datetime]) -> None:
    left, right = marks[0].x, marks[-1].x
    assert right - left > 400  # the sessions use the chart's width
    for mark, start in zip(marks, starts, strict=True):
        expected = (start - starts[0]) / (starts[-1] - starts[0])
        assert (mark.x - left) / (right - left) == pytest.approx(expected, abs=1e-6)


def test_one_day_is_placed_by_the_hour(chart: LineChart) -> None:
    """Sessions at 08:00, 09:00 and 20:00: the first two sit close, the third far off — in
    proportion to the hours between them, not evenly."""
    day = datetime(2024, 5, 6, tzinfo=UTC)
    starts = [day.replace(hour=h) for h in (8, 9, 20)]
    marks = shown(chart, [session(i, s, CheckIn(5, 5, 5), None) for i, s in enumerate(starts)])
    assert_x_in_proportion_to_time(marks, starts)
    assert marks[1].x - marks[0].x < (marks[2].x - marks[1].x) / 5
    labels = [label for _x, label in chart.chart.x_labels] if chart.chart else []
    assert labels and all(":" in label for label in labels)


def test_one_year_is_placed_by_the_day(chart: LineChart) -> None:
    """Over a year, a burst of sessions in one week and a few months apart keep their real
    spacing; the axis reads in months."""
    first = datetime(2024, 1, 15, 18, tzinfo=UTC)
    offsets = [0, 1, 2, 3, 100, 250, 365]
    starts = [first + timedelta(days=d) for d in offsets]
    marks = shown(chart, [session(i, s, CheckIn(5, 5, 5), None) for i, s in enumerate(starts)])
    assert_x_in_proportion_to_time(marks, starts)
    assert chart.chart is not None and chart.chart.time is not None
    assert chart.chart.time.step[0] == "month"


def ink_near(image: QImage, at: QPointF, background: QColor, reach: int = 0) -> bool:
    """Whether a pixel within *reach* of *at* is clearly not *background* (the faint grid lines
    are not ink; a mark or a stroke is)."""
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            pixel = image.pixelColor(round(at.x()) + dx, round(at.y()) + dy)
            difference = (
                abs(pixel.red() - background.red())
                + abs(pixel.green() - background.green())
                + abs(pixel.blue() - background.blue())
            )
            if difference > 150:
                return True
    return False


def test_each_session_is_one_before_after_pair_and_nothing_joins_sessions(
    chart: LineChart,
) -> None:
    """Two sessions a day apart: each has a stroke from its before to its after at its own x;
    halfway between them, at the height a line from one to the next would cross, there is
    only the background."""
    start = datetime(2024, 5, 6, 18, tzinfo=UTC)
    marks = shown(
        chart,
        [
            session(1, start, CheckIn(8, 5, 5), CheckIn(2, 5, 5)),
            session(2, start + timedelta(days=1), CheckIn(9, 5, 5), CheckIn(3, 5, 5)),
        ],
    )
    assert all(mark.joined for mark in marks)
    for mark in marks:
        assert mark.before is not None and mark.after is not None
        assert mark.before.x() == mark.after.x() == mark.x  # a pair: one time, two values
    image = chart.grab().toImage()
    background = chart.palette().color(chart.backgroundRole())
    for mark in marks:
        assert mark.before is not None and mark.after is not None
        middle = (mark.before + mark.after) / 2
        assert ink_near(image, middle, background)  # the stroke is drawn
    first, second = marks
    assert first.after is not None and second.before is not None
    between = (first.after + second.before) / 2  # where after → next before would run
    assert not ink_near(image, between, background, reach=1)
    assert first.before is not None and second.before is not None
    assert not ink_near(image, (first.before + second.before) / 2, background, reach=1)


def test_a_missing_after_draws_the_before_alone(chart: LineChart) -> None:
    """A session with no after check-in (or the region not rated after) has its before mark
    and nothing else: no stroke, no mark at 0."""
    start = datetime(2024, 5, 6, 18, tzinfo=UTC)
    unrated = CheckIn(5, 5, 5)
    object.__setattr__(unrated, "upper", None)  # not rated, as the check-in stores it
    marks = shown(
        chart,
        [
            session(1, start, CheckIn(8, 5, 5), None),
            session(2, start + timedelta(hours=6), CheckIn(6, 5, 5), unrated),
        ],
    )
    assert [(m.before is not None, m.after, m.joined) for m in marks] == [
        (True, None, False),
        (True, None, False),
    ]
    image = chart.grab().toImage()
    background = chart.palette().color(chart.backgroundRole())
    plot = chart.plot_rect()
    for mark in marks:
        assert mark.before is not None
        assert ink_near(image, mark.before, background, reach=4)  # the before mark
        # below it, down to the axis: nothing of the session (a mark at 0 would be there)
        for y in range(round(mark.before.y()) + 8, round(plot.bottom()) - 3, 3):
            assert not ink_near(image, QPointF(mark.x, y), background), y
