"""The visual pacer: an orb that grows on the inhale, rests on holds and shrinks on the exhale.

It paints the last ``PacerFrame`` it was given and owns no timer; a "reduced motion" mode paints a
filling bar instead of a moving orb.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap, QRadialGradient
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.session.pacer_model import ORB_MIN, PacerFrame
from app.qt.shell.palette import tone_colour


class PacerWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame: PacerFrame | None = None
        self._reduced_motion = False
        self._guides_key: tuple[int, int, int, float] | None = None
        self._guides_pixmap: QPixmap | None = None
        self.setObjectName("pacer")
        self.setAccessibleName("Breathing pacer")
        self.setAccessibleDescription(
            "An orb that grows as you breathe in, rests while you hold, and shrinks as you "
            "breathe out."
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    @property
    def frame(self) -> PacerFrame | None:
        return self._frame

    def set_frame(self, frame: PacerFrame) -> None:
        if frame != self._frame:
            self._frame = frame
            self.update()

    def set_reduced_motion(self, reduced: bool) -> None:
        self._reduced_motion = reduced
        self.update()

    @property
    def reduced_motion(self) -> bool:
        return self._reduced_motion

    def _largest_radius(self) -> float:
        return min(self.width(), self.height()) / 2 - 12

    def paintEvent(self, event: QPaintEvent) -> None:
        frame = self._frame
        if frame is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = tone_colour(frame.tone, self.palette())
        if self._reduced_motion:
            self._paint_bar(painter, frame, colour)
        else:
            self._paint_orb(painter, frame, colour)
        painter.end()

    def _paint_orb(self, painter: QPainter, frame: PacerFrame, colour: QColor) -> None:
        centre = QPointF(self.width() / 2, self.height() / 2)
        largest = self._largest_radius()
        radius = largest * frame.scale
        # a faint guide circle at the largest and smallest size
        painter.drawPixmap(0, 0, self._guides(colour))
        gradient = QRadialGradient(centre, max(radius, 1.0))
        inner = QColor(colour).lighter(125)
        gradient.setColorAt(0.0, inner)
        gradient.setColorAt(1.0, colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawEllipse(centre, radius, radius)
        # the ring: how far through this phase
        ring = QPen(colour.darker(115), 4)
        ring.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(ring)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(centre.x() - largest, centre.y() - largest, 2 * largest, 2 * largest)
        painter.drawArc(box, 90 * 16, -round(frame.fill * 360 * 16))

    def _guides(self, colour: QColor) -> QPixmap:
        """The guide circles, drawn once per size and colour: antialiased strokes cost more to
        draw than the orb itself, at every frame (``bench/session.py``)."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), colour.rgba(), ratio)
        if self._guides_key != key or self._guides_pixmap is None:
            pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            centre = QPointF(self.width() / 2, self.height() / 2)
            largest = self._largest_radius()
            guide = QColor(colour)
            guide.setAlphaF(0.25)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(guide, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, largest, largest)
            painter.drawEllipse(centre, largest * ORB_MIN, largest * ORB_MIN)
            painter.end()
            self._guides_key, self._guides_pixmap = key, pixmap
        return self._guides_pixmap

    def _paint_bar(self, painter: QPainter, frame: PacerFrame, colour: QColor) -> None:
        height = 28.0
        width = self.width() * 0.8
        box = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        track = QColor(colour)
        track.setAlphaF(0.25)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(box, height / 2, height / 2)
        level = (frame.scale - ORB_MIN) / (1 - ORB_MIN) if frame.tone != "idle" else 0.0
        filled = QRectF(box.x(), box.y(), max(height, box.width() * level), height)
        painter.setBrush(colour)
        painter.drawRoundedRect(filled, height / 2, height / 2)
