"""The check-in's back: click or drag on the upper, mid or lower back to set its tension.

A region not rated is drawn with its faint wash only and a dash; a faint line can show an
earlier answer (the check-in before the routine) at its height. ``read_only`` makes the same
figure a picture: the close page shows before → after on it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QWidget,
)

from app.core.history import Region
from app.core.history.records import (
    REGION_NAMES,
    REGIONS,
    TENSION_MAX,
    TENSION_MIN,
)
from app.core.routine import model
from app.qt.session.back_silhouette import BackSilhouette
from app.qt.shell.palette import tone_colour

REGION_BOX: Mapping[Region, model.Region] = {
    "upper": "upper_back",
    "mid": "mid_back",
    "lower": "lower_back",
}
_REGION_OF_BOX: Mapping[model.Region, Region] = {box: r for r, box in REGION_BOX.items()}


# Tags as pills: a chosen one is filled with the highlight colour, so it reads at a glance on a
# light or a dark palette (the checked state is also exposed to screen readers).
def clamp_tension(value: int) -> int:
    return max(TENSION_MIN, min(TENSION_MAX, value))


def _shown(value: int | None) -> str:
    return "–" if value is None else str(value)


def _said(value: int | None) -> str:
    return "not rated" if value is None else str(value)


class TensionBack(BackSilhouette):
    """The back with the three check-in regions, each tinted and filled to its tension.

    Pressing on a region selects it and sets the value at that height (the bottom of the box is
    0, the top 10); dragging up or down from there raises or lowers it a step at a time.
    """

    fit_height = 154  # the figure ends at the hips: fit only that, so the back is larger
    value_changed = Signal(str, object)  # region ("upper", "mid", "lower"), tension or None
    region_pressed = Signal(str)  # the user pressed on a region (to move focus to its slider)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tension-back")
        self.setAccessibleName("Back tension picture")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self.setMinimumSize(130, 200)
        self._values: dict[Region, int | None] = dict.fromkeys(REGIONS)
        self._marks: dict[Region, int | None] = dict.fromkeys(REGIONS)
        self._labels: dict[Region, str] = {}  # text drawn instead of the value (close page)
        self._read_only = False
        self._selected: Region | None = None
        self._drag: tuple[Region, float, int] | None = None  # region, press y, value at press
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(190, 290)

    # --------------------------------------------------------------------------- state

    def value(self, region: Region) -> int | None:
        return self._values[region]

    def mark(self, region: Region) -> int | None:
        return self._marks[region]

    def set_mark(self, region: Region, value: int | None) -> None:
        """A faint line at an earlier answer's height (None: none)."""
        self._marks[region] = None if value is None else clamp_tension(value)
        self.update()

    def set_label(self, region: Region, text: str) -> None:
        """Draw *text* in *region* instead of its value ("" for the value again)."""
        self._labels[region] = text
        self.update()

    def set_read_only(self, read_only: bool) -> None:
        """A picture only: presses do nothing, and the pointer says so."""
        self._read_only = read_only
        if read_only:
            self.unsetCursor()
        else:
            self.setCursor(Qt.CursorShape.SizeVerCursor)

    @property
    def selected(self) -> Region | None:
        return self._selected

    def set_value(self, region: Region, value: int | None) -> None:
        """Show *value* for *region* (None: not rated); emits ``value_changed`` on a change."""
        value = None if value is None else clamp_tension(value)
        if self._values[region] != value:
            self._values[region] = value
            self._describe()
            self.update()
            self.value_changed.emit(region, value)

    def select(self, region: Region | None) -> None:
        """Outline *region* as the one being rated (None: no outline)."""
        if region != self._selected:
            self._selected = region
            self.update()

    # --------------------------------------------------------------------------- geometry

    def check_in_region_at(self, point: QPointF) -> Region | None:
        found = self.region_at(point, REGION_BOX.values())
        return None if found is None else _REGION_OF_BOX[found]

    def value_at_height(self, region: Region, y: float) -> int:
        """The tension for a press at height *y* in *region*'s box: 0 at the bottom, 10 on top."""
        box = self.region_rect(REGION_BOX[region])
        return clamp_tension(round((box.bottom() - y) / box.height() * TENSION_MAX))

    def drag_step(self, region: Region) -> float:
        """Pixels of vertical drag per step of tension."""
        return max(8.0, self.region_rect(REGION_BOX[region]).height() / TENSION_MAX)

    # ------------------------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        region = self.check_in_region_at(point)
        if self._read_only or event.button() != Qt.MouseButton.LeftButton or region is None:
            super().mousePressEvent(event)
            return
        self.select(region)
        self.set_value(region, self.value_at_height(region, point.y()))
        self._drag = (region, point.y(), self._values[region] or 0)
        self.region_pressed.emit(region)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            super().mouseMoveEvent(event)
            return
        region, start_y, start_value = self._drag
        steps = round((start_y - event.position().y()) / self.drag_step(region))
        self.set_value(region, (start_value or 0) + steps)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)

    # ----------------------------------------------------------------------------- paint

    def _describe(self) -> None:
        self.setAccessibleDescription(
            ", ".join(f"{REGION_NAMES[r]} {_said(self._values[r])}" for r in REGIONS)
            + ". The sliders change the same values."
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_figure(painter)
        warm = tone_colour("guide", self.palette())
        text = self.palette().color(self.foregroundRole())
        highlight = self.palette().color(self.palette().ColorRole.Highlight)
        font = QFont(self.font())
        font.setBold(True)
        for region in REGIONS:
            box = self.region_rect(REGION_BOX[region]).adjusted(1, 1, -1, -1)
            self._paint_region(painter, box, self._values[region], warm)
            self._paint_mark(painter, box, self._marks[region], text)
            if region == self._selected:
                painter.setPen(QPen(highlight, 2.5))
            else:
                faint = QColor(text)
                faint.setAlphaF(0.3)
                painter.setPen(QPen(faint, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            radius = box.height() / 5
            painter.drawRoundedRect(box, radius, radius)
            font.setPixelSize(max(10, round(box.height() * 0.5)))
            painter.setFont(font)
            painter.setPen(text)
            label = self._labels.get(region) or _shown(self._values[region])
            if len(label) > 2:
                font.setPixelSize(max(10, round(box.height() * 0.36)))
                painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    @staticmethod
    def _paint_mark(painter: QPainter, box: QRectF, value: int | None, colour: QColor) -> None:
        """Short faint ticks at both sides of the box at an earlier answer's height (clear of
        the number in the middle)."""
        if value is None:
            return
        faint = QColor(colour)
        faint.setAlphaF(0.6)
        painter.setPen(QPen(faint, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        y = box.bottom() - box.height() * value / TENSION_MAX
        y = max(box.top() + 2, min(box.bottom() - 2, y))
        tick = min(12.0, box.width() / 5)
        painter.drawLine(QPointF(box.left() - 3, y), QPointF(box.left() + tick, y))
        painter.drawLine(QPointF(box.right() - tick, y), QPointF(box.right() + 3, y))

    @staticmethod
    def _paint_region(painter: QPainter, box: QRectF, value: int | None, colour: QColor) -> None:
        """A faint wash over the whole box, and a stronger fill up to the value's height."""
        radius = box.height() / 5
        shape = QPainterPath()
        shape.addRoundedRect(box, radius, radius)
        painter.save()
        painter.setClipPath(shape)
        painter.setPen(Qt.PenStyle.NoPen)
        wash = QColor(colour)
        wash.setAlphaF(0.12)
        painter.fillRect(box, wash)
        if value is None:
            painter.restore()
            return
        level = box.height() * value / TENSION_MAX
        fill = QColor(colour)
        fill.setAlphaF(0.35 + 0.45 * value / TENSION_MAX)
        painter.fillRect(QRectF(box.left(), box.bottom() - level, box.width(), level), fill)
        painter.restore()
