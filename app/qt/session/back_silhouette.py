"""A simple back seen from behind, with the body region of the current step lit."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from app.core.routine.library_filter import region_name
from app.core.routine.model import Region
from app.qt.shell.palette import tone_colour

# Regions as boxes in a 100 × 200 figure (x, y, width, height).
REGION_BOXES: dict[Region, tuple[float, float, float, float]] = {
    "jaw": (38, 26, 24, 10),
    "neck": (42, 34, 16, 14),
    "shoulders": (14, 46, 72, 14),
    "chest": (26, 58, 48, 22),
    "upper_back": (26, 58, 48, 24),
    "mid_back": (28, 82, 44, 24),
    "lower_back": (30, 106, 40, 22),
    "belly": (30, 96, 40, 26),
    "sacrum": (40, 128, 20, 14),
    "hips": (24, 128, 52, 22),
    "whole_body": (12, 0, 76, 200),
}


class BackSilhouette(QWidget):
    #: How much of the 100 × 200 figure must fit in the widget's height; a subclass that
    #: draws nothing below the hips may fit less and draw the back larger.
    fit_height: float = 200

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._region: Region | None = None
        self.setObjectName("back-silhouette")
        self.setAccessibleName("Body region")
        self.setMinimumSize(70, 140)

    def sizeHint(self) -> QSize:
        return QSize(110, 220)

    @property
    def region(self) -> Region | None:
        return self._region

    def set_region(self, region: Region | None) -> None:
        if region != self._region:
            self._region = region
            self.setAccessibleDescription(region_name(region) if region else "No region")
            self.update()

    def figure_rect(self) -> QRectF:
        scale = min(self.width() / 100, self.height() / self.fit_height)
        width, height = 100 * scale, 200 * scale
        top = (self.height() - self.fit_height * scale) / 2
        return QRectF((self.width() - width) / 2, top, width, height)

    def region_rect(self, region: Region) -> QRectF:
        figure = self.figure_rect()
        scale = figure.width() / 100
        x, y, w, h = REGION_BOXES[region]
        return QRectF(figure.x() + x * scale, figure.y() + y * scale, w * scale, h * scale)

    def region_at(self, point: QPointF, regions: Iterable[Region]) -> Region | None:
        """The first of *regions* whose box holds *point* (widget coordinates), if any."""
        return next((r for r in regions if self.region_rect(r).contains(point)), None)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint_figure(painter)
        if self._region is not None:
            self.paint_highlight(painter, self._region)
        painter.end()

    def paint_highlight(self, painter: QPainter, region: Region) -> None:
        """The lit region: a solid, outlined patch, clear at a glance."""
        s = self.figure_rect().width() / 100
        box = self.region_rect(region)
        lit = tone_colour("guide", self.palette())
        fill = QColor(lit)
        fill.setAlphaF(0.75)
        painter.setPen(QPen(lit, max(1.5, s)))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 6 * s, 6 * s)

    def paint_figure(self, painter: QPainter) -> None:
        """The outline of head, shoulders and back, and the spine, in a faint foreground."""
        figure = self.figure_rect()
        s = figure.width() / 100

        def at(x: float, y: float) -> tuple[float, float]:
            return figure.x() + x * s, figure.y() + y * s

        outline = self.palette().color(self.foregroundRole())
        outline.setAlphaF(0.55)
        painter.setPen(QPen(outline, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(*at(38, 4), 24 * s, 30 * s))
        body = QPainterPath()
        body.moveTo(*at(44, 34))
        body.lineTo(*at(44, 44))
        body.cubicTo(*at(30, 46), *at(14, 46), *at(12, 58))
        body.lineTo(*at(18, 96))
        body.lineTo(*at(26, 92))
        body.cubicTo(*at(28, 110), *at(26, 124), *at(24, 150))
        body.lineTo(*at(76, 150))
        body.cubicTo(*at(74, 124), *at(72, 110), *at(74, 92))
        body.lineTo(*at(82, 96))
        body.lineTo(*at(88, 58))
        body.cubicTo(*at(86, 46), *at(70, 46), *at(56, 44))
        body.lineTo(*at(56, 34))
        painter.drawPath(body)
        painter.drawLine(QPointF(*at(50, 46)), QPointF(*at(50, 140)))  # the spine
