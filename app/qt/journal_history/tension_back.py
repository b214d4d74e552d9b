"""The check-in's back: click or drag on the upper, mid or lower back to set its tension."""

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


class TensionBack(BackSilhouette):
    """The back with the three check-in regions, each tinted and filled to its tension.

    Pressing on a region selects it and sets the value at that height (the bottom of the box is
    0, the top 10); dragging up or down from there raises or lowers it a step at a time.
    """

    fit_height = 154  # the figure ends at the hips: fit only that, so the back is larger
    value_changed = Signal(str, int)  # region ("upper", "mid", "lower"), tension
    region_pressed = Signal(str)  # the user pressed on a region (to move focus to its slider)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tension-back")
        self.setAccessibleName("Back tension picture")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self.setMinimumSize(130, 200)
        self._values: dict[Region, int] = dict.fromkeys(REGIONS, 0)
        self._selected: Region | None = None
        self._drag: tuple[Region, float, int] | None = None  # region, press y, value at press
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(190, 290)

    # --------------------------------------------------------------------------- state

    def value(self, region: Region) -> int:
        return self._values[region]

    @property
    def selected(self) -> Region | None:
        return self._selected

    def set_value(self, region: Region, value: int) -> None:
        """Show *value* for *region*; emits ``value_changed`` when it changes."""
        value = clamp_tension(value)
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
        if event.button() != Qt.MouseButton.LeftButton or region is None:
            super().mousePressEvent(event)
            return
        self.select(region)
        self.set_value(region, self.value_at_height(region, point.y()))
        self._drag = (region, point.y(), self._values[region])
        self.region_pressed.emit(region)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            super().mouseMoveEvent(event)
            return
        region, start_y, start_value = self._drag
        steps = round((start_y - event.position().y()) / self.drag_step(region))
        self.set_value(region, start_value + steps)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)

    # ----------------------------------------------------------------------------- paint

    def _describe(self) -> None:
        self.setAccessibleDescription(
            ", ".join(f"{REGION_NAMES[r]} {self._values[r]}" for r in REGIONS)
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
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(self._values[region]))
        painter.end()

    @staticmethod
    def _paint_region(painter: QPainter, box: QRectF, value: int, colour: QColor) -> None:
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
        level = box.height() * value / TENSION_MAX
        fill = QColor(colour)
        fill.setAlphaF(0.35 + 0.45 * value / TENSION_MAX)
        painter.fillRect(QRectF(box.left(), box.bottom() - level, box.width(), level), fill)
        painter.restore()
