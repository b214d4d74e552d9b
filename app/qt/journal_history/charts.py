"""Small charts painted with QPainter: a month calendar, bars, and tension before → after.

Each widget paints the plain data it was last given (``app.core.history.summary`` computes the
axes, positions and labels) and decides nothing else. Colours come from the palette and the
pacer tones, so they read on light and dark windows; every chart tells screen readers its
figures in words. Only the History view imports this module, when it first opens.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.history.summary import (
    WEEKDAY_LETTERS,
    BarSeries,
    CalendarMonth,
    TensionChart,
    tick_text,
)
from app.qt.design.colour import faded
from app.qt.shell.palette import tone_colour

NO_CHECK_INS = "No check-ins yet. Rate your back before and after a routine to see the change."


def _small_font(widget: QWidget) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * 0.85)
    return font


class _Chart(QWidget):
    """Shared set-up: expanding, painted on the window colour, text in the foreground role."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def ink(self) -> QColor:
        return self.palette().color(self.foregroundRole())

    def _begin(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(_small_font(self))
        return painter

    def _value_axis(
        self, painter: QPainter, plot: QRectF, ticks: tuple[float, ...], top: float
    ) -> None:
        """Faint horizontal grid lines with their values to the left of *plot*."""
        metrics = QFontMetricsF(painter.font())
        for tick in ticks:
            y = plot.bottom() - plot.height() * tick / top
            painter.setPen(QPen(faded(self.ink, 0.14 if tick else 0.35), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(faded(self.ink, 0.7))
            label = QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tick_text(tick)
            )


class CalendarGrid(_Chart):
    """A month, Monday first: practised days filled, today ringed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("practice-calendar", "Practice calendar", parent)
        self._month: CalendarMonth | None = None
        self.setMinimumSize(210, 180)

    def sizeHint(self) -> QSize:
        return QSize(280, 230)

    @property
    def month(self) -> CalendarMonth | None:
        return self._month

    def set_month(self, month: CalendarMonth) -> None:
        if month != self._month:
            self._month = month
            self.setAccessibleDescription(month.description)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._month is None:
            return
        painter = self._begin()
        rows = len(self._month.weeks) + 1  # the weekday letters on top
        cell = min(self.width() / 7, self.height() / rows)
        left = (self.width() - cell * 7) / 2
        top = (self.height() - cell * rows) / 2
        painter.setPen(faded(self.ink, 0.6))
        for column, letter in enumerate(WEEKDAY_LETTERS):
            box = QRectF(left + column * cell, top, cell, cell)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
        filled = tone_colour("exhale", self.palette())
        on_fill = self.palette().color(self.palette().ColorRole.Base)
        ring = self.palette().color(self.palette().ColorRole.Highlight)
        radius = cell * 0.4
        for row, week in enumerate(self._month.weeks, start=1):
            for column, day in enumerate(week):
                if not day.in_month:
                    continue
                centre = QPointF(left + (column + 0.5) * cell, top + (row + 0.5) * cell)
                box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
                if day.practised:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(filled)
                    painter.drawEllipse(box)
                if day.today:
                    painter.setPen(QPen(ring, 2))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawEllipse(box.adjusted(-2, -2, 2, 2))
                painter.setPen(on_fill if day.practised else self.ink)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(day.day.day))
        painter.end()


class BarChart(_Chart):
    """Vertical bars with a value axis, the value above each bar and labels below."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(name, accessible, parent)
        self._series: BarSeries | None = None
        self.setMinimumSize(240, 160)

    def sizeHint(self) -> QSize:
        return QSize(440, 230)

    @property
    def series(self) -> BarSeries | None:
        return self._series

    def set_series(self, series: BarSeries) -> None:
        if series != self._series:
            self._series = series
            self.setAccessibleDescription(series.description)
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        series = self._series
        if series is None or not series.values:
            return
        painter = self._begin()
        metrics = QFontMetricsF(painter.font())
        axis_width = max(metrics.horizontalAdvance(tick_text(t)) for t in series.axis.ticks) + 10
        plot = QRectF(
            axis_width,
            metrics.height() + 4,
            self.width() - axis_width - 6,
            self.height() - 2 * metrics.height() - 12,
        )
        self._value_axis(painter, plot, series.axis.ticks, series.axis.high)
        count = len(series.values)
        slot = plot.width() / count
        widest = max(metrics.horizontalAdvance(label) for label in series.labels) + 8
        every = max(1, -(-int(widest) // max(1, int(slot))))  # label every n-th bar
        colour = tone_colour("inhale", self.palette())
        for i, (label, value) in enumerate(zip(series.labels, series.values, strict=True)):
            height = plot.height() * series.axis.fraction(value)
            bar = QRectF(
                plot.left() + i * slot + slot * 0.18, plot.bottom() - height, slot * 0.64, height
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour if i == count - 1 else faded(colour, 0.75))
            if height > 0:
                radius = min(4.0, bar.width() / 2, height / 2)
                painter.drawRoundedRect(bar, radius, radius)
            centred = Qt.AlignmentFlag.AlignCenter
            if value >= 0.5 and metrics.horizontalAdvance(str(round(value))) < slot:
                above = QRectF(
                    bar.left() - 8,
                    bar.top() - metrics.height() - 2,
                    bar.width() + 16,
                    metrics.height(),
                )
                painter.setPen(faded(self.ink, 0.8))
                painter.drawText(above, centred, str(round(value)))
            if (count - 1 - i) % every == 0:
                below = QRectF(
                    plot.left() + i * slot + slot / 2 - widest / 2,
                    plot.bottom() + 4,
                    widest,
                    metrics.height(),
                )
                painter.setPen(faded(self.ink, 0.7))
                painter.drawText(below, centred, label)
        painter.end()


@dataclass(frozen=True, slots=True)
class PairMarks:
    """Where one session is drawn: its x, and its before and after marks (None: not drawn)."""

    x: float
    before: QPointF | None
    after: QPointF | None

    @property
    def joined(self) -> bool:
        """Whether a before → after stroke joins the two marks."""
        return self.before is not None and self.after is not None


class LineChart(_Chart):
    """Tension before (hollow mark) and after (filled mark) each session, joined by a short
    stroke at that session's time; on a 0–10 axis over a time axis. Nothing joins one session
    to another, and a missing after draws nothing. A friendly sentence when there is nothing."""

    MARK_RADIUS = 3.5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("tension-chart", "Tension before and after", parent)
        self._chart: TensionChart | None = None
        self.setMinimumSize(260, 180)

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    @property
    def chart(self) -> TensionChart | None:
        return self._chart

    def set_chart(self, chart: TensionChart) -> None:
        if chart != self._chart:
            self._chart = chart
            self.setAccessibleDescription(chart.description)
            self.update()

    @classmethod
    def mark_radius(cls, count: int, width: float) -> float:
        """Marks as large as ``MARK_RADIUS``, smaller when many sessions share the width (a
        year of practice), so neighbours stay apart."""
        if count <= 1:
            return cls.MARK_RADIUS
        return max(1.8, min(cls.MARK_RADIUS, width / count / 2.4))

    def plot_rect(self) -> QRectF:
        """The area the marks are drawn in (the axes' labels sit outside it)."""
        metrics = QFontMetricsF(_small_font(self))
        axis_width = metrics.horizontalAdvance("10") + 10
        legend_height = metrics.height() + 8
        return QRectF(
            axis_width,
            legend_height + 6,
            self.width() - axis_width - 16,
            self.height() - legend_height - metrics.height() - 20,
        )

    def _inner(self) -> QRectF:
        return self.plot_rect().adjusted(10, 0, -10, 0)  # keep end marks off the axis

    def marks(self) -> list[PairMarks]:
        """Each session's marks in widget coordinates, as painted."""
        chart = self._chart
        if chart is None or chart.is_empty:
            return []
        plot, inner = self.plot_rect(), self._inner()

        def at(x: float, value: int | None) -> QPointF | None:
            if value is None:
                return None
            return QPointF(
                inner.left() + inner.width() * x,
                plot.bottom() - plot.height() * chart.axis.fraction(value),
            )

        return [
            PairMarks(inner.left() + inner.width() * x, at(x, before), at(x, after))
            for x, before, after in chart.pairs
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        chart = self._chart
        if chart is None:
            return
        painter = self._begin()
        if chart.is_empty:
            painter.setPen(faded(self.ink, 0.75))
            painter.drawText(
                self.rect().adjusted(16, 0, -16, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                NO_CHECK_INS,
            )
            painter.end()
            return
        metrics = QFontMetricsF(painter.font())
        plot, inner = self.plot_rect(), self._inner()
        self._value_axis(painter, plot, chart.axis.ticks, chart.axis.high)
        before_colour = tone_colour("guide", self.palette())
        after_colour = tone_colour("exhale", self.palette())
        self._time_ticks(painter, metrics, plot, inner, chart.x_labels)
        marks = self.marks()
        radius = self.mark_radius(len(marks), inner.width())
        stroke = QPen(faded(after_colour, 0.7), min(2.4, radius * 0.7))
        stroke.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(stroke)
        for pair in marks:
            if pair.before is not None and pair.after is not None:
                painter.drawLine(pair.before, pair.after)
        window = self.palette().color(self.backgroundRole())
        for pair in marks:
            if pair.before is not None:
                painter.setPen(QPen(before_colour, 2))
                painter.setBrush(window)
                painter.drawEllipse(pair.before, radius, radius)
            if pair.after is not None:
                painter.setPen(QPen(after_colour, 2))
                painter.setBrush(after_colour)
                painter.drawEllipse(pair.after, radius, radius)
        self._legend(painter, metrics, before_colour, after_colour)
        painter.end()

    def _time_ticks(
        self,
        painter: QPainter,
        metrics: QFontMetricsF,
        plot: QRectF,
        inner: QRectF,
        ticks: tuple[tuple[float, str], ...],
    ) -> None:
        """A faint vertical line at each round time, its label under the axis; labels that
        would overlap the one before are left out."""
        right_of_last = -1.0
        for x, label in ticks:
            at = inner.left() + inner.width() * x
            painter.setPen(QPen(faded(self.ink, 0.10), 1))
            painter.drawLine(QPointF(at, plot.top()), QPointF(at, plot.bottom()))
            width = metrics.horizontalAdvance(label) + 8
            left = min(max(at - width / 2, 0), self.width() - width)
            if left < right_of_last:
                continue
            right_of_last = left + width
            painter.setPen(faded(self.ink, 0.7))
            painter.drawText(
                QRectF(left, plot.bottom() + 6, width, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )

    def _legend(
        self, painter: QPainter, metrics: QFontMetricsF, before: QColor, after: QColor
    ) -> None:
        """ "◦ Before  • After" at the top right, the marks as the chart draws them."""
        x = self.width() - 8.0
        y = metrics.height() / 2 + 4
        window = self.palette().color(self.backgroundRole())
        for text, colour, fill in (("After", after, after), ("Before", before, window)):
            width = metrics.horizontalAdvance(text)
            x -= width
            painter.setPen(self.ink)
            painter.drawText(
                QRectF(x, y - metrics.height() / 2, width + 2, metrics.height()),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x -= 10
            painter.setPen(QPen(colour, 2))
            painter.setBrush(fill)
            painter.drawEllipse(QPointF(x, y), self.MARK_RADIUS, self.MARK_RADIUS)
            x -= 18
