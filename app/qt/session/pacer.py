"""The visual pacer: an orb that grows on the inhale, rests on holds and shrinks on the exhale.

It paints the last ``PacerFrame`` it was given and owns no timer; a "reduced motion" mode paints a
filling bar instead of a moving orb. A soft light around the orb is one radial gradient drawn
once per size into a pixmap, then only scaled (``bench/session.py`` measures the cost). Paused,
the orb stays where it stopped, dimmed.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRadialGradient,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.session.pacer_model import ORB_MIN, PacerFrame
from app.qt.design.colour import faded
from app.qt.design.tokens import DARK, LIGHT
from app.qt.shell.palette import is_dark, tone_colour

#: How far the light reaches past the orb, as a share of its radius.
GLOW_REACH = 1.3
#: How strong the light is at the orb's edge (0..1), on a dark and on a light page.
GLOW_STRENGTH = {True: 0.42, False: 0.3}
#: How much of the orb's colour and light a paused session keeps.
PAUSED_KEEP = 0.4


class PacerWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame: PacerFrame | None = None
        self._reduced_motion = False
        self._guides_key: tuple[int, int, int, float] | None = None
        self._guides_pixmap: QPixmap | None = None
        self._glow_key: tuple[int, int, float] | None = None
        self._glow_pixmap: QPixmap | None = None
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

    def largest_radius(self) -> float:
        """The orb's radius at the top of a breath (its light reaches a little further)."""
        return max(1.0, min(self.width(), self.height()) / 2 / GLOW_REACH)

    def orb_box(self) -> QRectF:
        """The square the orb fills at its largest, in the widget's coordinates."""
        r = self.largest_radius()
        return QRectF(self.width() / 2 - r, self.height() / 2 - r, 2 * r, 2 * r)

    def paintEvent(self, event: QPaintEvent) -> None:
        frame = self._frame
        if frame is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = tone_colour(frame.tone, self.palette())
        if frame.paused:  # dimmed: the tone sinks towards the page (see-through would show
            # the guide circles through the orb)
            colour = _mixed(colour, self.palette().color(QPalette.ColorRole.Window), PAUSED_KEEP)
        if self._reduced_motion:
            self._paint_bar(painter, frame, colour)
        else:
            self._paint_orb(painter, frame, colour)
        painter.end()

    def _paint_orb(self, painter: QPainter, frame: PacerFrame, colour: QColor) -> None:
        centre = QPointF(self.width() / 2, self.height() / 2)
        largest = self.largest_radius()
        radius = largest * frame.scale
        reach = radius * GLOW_REACH
        glow = self._glow()
        painter.setOpacity(PAUSED_KEEP if frame.paused else 1.0)
        painter.drawPixmap(
            QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach),
            glow,
            QRectF(glow.rect()),
        )
        painter.setOpacity(1.0)
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

    def _glow(self) -> QPixmap:
        """The orb's light, at its largest, drawn once per size: a radial gradient from the
        light's colour at the orb's edge to nothing at its reach."""
        ratio = self.devicePixelRatioF()
        side = round(2 * self.largest_radius() * GLOW_REACH * ratio)
        dark = is_dark(self.palette())
        key = (side, int(dark), ratio)
        if self._glow_key != key or self._glow_pixmap is None:
            pixmap = QPixmap(max(1, side), max(1, side))
            pixmap.fill(Qt.GlobalColor.transparent)
            half = side / 2
            gradient = QRadialGradient(QPointF(half, half), half)
            light = QColor((DARK if dark else LIGHT).glow)
            edge = 1 / GLOW_REACH
            for at, strength in ((0.0, 1.0), (edge * 0.9, 1.0), (edge, 0.85), (1.0, 0.0)):
                colour = QColor(light)
                colour.setAlphaF(GLOW_STRENGTH[dark] * strength)
                gradient.setColorAt(at, colour)
            gradient.setColorAt((1 + edge) / 2, faded(light, GLOW_STRENGTH[dark] * 0.25))
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(gradient)
            painter.drawEllipse(QRectF(0, 0, side, side))
            painter.end()
            self._glow_key, self._glow_pixmap = key, pixmap
        return self._glow_pixmap

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
            largest = self.largest_radius()
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
        if frame.tone in ("inhale", "exhale", "hold"):
            level = (frame.scale - ORB_MIN) / (1 - ORB_MIN)
        elif frame.tone == "idle":
            level = 0.0
        else:  # guide, move, rest, open: the bar fills through the step instead of pulsing
            level = frame.fill
        filled = QRectF(box.x(), box.y(), max(height, box.width() * level), height)
        painter.setBrush(colour)
        painter.drawRoundedRect(filled, height / 2, height / 2)


def _mixed(colour: QColor, background: QColor, keep: float) -> QColor:
    """*colour* with only *keep* of it left over *background*."""
    return QColor.fromRgbF(
        colour.redF() * keep + background.redF() * (1 - keep),
        colour.greenF() * keep + background.greenF() * (1 - keep),
        colour.blueF() * keep + background.blueF() * (1 - keep),
    )
