"""Paints a routine's small sign on its library card: the breathing pattern as a tiny
in → hold → out → hold shape, or a little figure with the routine's body regions lit.

Colours come from the palette and the pacer tones (``tone_colour``), so the sign reads on the
light and the dark look alike; the shape comes from ``app.core.routine.glyph``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen

from app.core.routine.glyph import BodyGlyph, BreathGlyph, Glyph
from app.core.routine.model import Region
from app.qt.design.colour import faded
from app.qt.design.tokens import RADII
from app.qt.shell.palette import tone_colour

# The figure, in a 100 × 160 box: the head, then bands of the torso from the neck down.
HEAD = (50.0, 17.0, 14.0)  # centre x, centre y, radius
TORSO = QRectF(12, 38, 76, 116)
FIGURE_HEIGHT = 160.0
BANDS: dict[Region, tuple[float, float, float, float]] = {
    "jaw": (38, 20, 24, 12),
    "neck": (42, 29, 16, 10),
    "shoulders": (12, 38, 76, 18),
    "chest": (12, 56, 76, 28),
    "upper_back": (12, 56, 76, 28),
    "mid_back": (12, 84, 76, 26),
    "belly": (12, 110, 76, 24),
    "lower_back": (12, 110, 76, 24),
    "sacrum": (38, 134, 24, 20),
    "hips": (12, 134, 76, 20),
}
_RISE: dict[str, int] = {"inhale": 1, "hold_in": 0, "exhale": -1, "hold_out": 0}


def breath_path(glyph: BreathGlyph, box: QRectF) -> QPainterPath:
    """The pattern as a line across *box*: up while breathing in, flat while holding, down while
    breathing out, each phase as wide as it is long; several in-breaths share the rise."""
    total = sum(ms for _kind, ms in glyph.phases) or 1
    rises = {
        sign: sum(ms for kind, ms in glyph.phases if _RISE[kind] == sign) or 1 for sign in (1, -1)
    }
    start = 0.0 if glyph.phases and _RISE[glyph.phases[0][0]] >= 0 else 1.0
    level, x = start, box.left()
    path = QPainterPath(QPointF(x, box.bottom() - level * box.height()))
    for kind, ms in glyph.phases:
        sign = _RISE[kind]
        if sign:
            level = min(1.0, max(0.0, level + sign * ms / rises[sign]))
        x += box.width() * ms / total
        path.lineTo(QPointF(x, box.bottom() - level * box.height()))
    return path


def paint_glyph(painter: QPainter, rect: QRectF, glyph: Glyph, palette: QPalette) -> None:
    """The sign inside *rect*: a soft rounded tile with the pattern or the figure on it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
    painter.drawRoundedRect(rect, RADII.small, RADII.small)
    if isinstance(glyph, BreathGlyph):
        _paint_breath(painter, rect, glyph, palette)
    else:
        _paint_body(painter, rect, glyph, palette)
    painter.restore()


def _paint_breath(painter: QPainter, rect: QRectF, glyph: BreathGlyph, palette: QPalette) -> None:
    colour = tone_colour("inhale", palette)
    inset = rect.width() * 0.18
    box = rect.adjusted(inset, inset * 1.1, -inset, -inset * 1.1)
    path = breath_path(glyph, box)
    fill = QPainterPath(path)
    fill.lineTo(QPointF(box.right(), box.bottom()))
    fill.lineTo(QPointF(box.left(), box.bottom()))
    fill.closeSubpath()
    painter.setBrush(faded(colour, 0.22))
    painter.drawPath(fill)
    pen = QPen(colour, max(1.6, rect.width() / 22))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _paint_body(painter: QPainter, rect: QRectF, glyph: BodyGlyph, palette: QPalette) -> None:
    scale = rect.height() * 0.84 / FIGURE_HEIGHT
    left = rect.center().x() - 50 * scale
    top = rect.top() + rect.height() * 0.08

    def box(x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(left + x * scale, top + y * scale, w * scale, h * scale)

    body = palette.color(QPalette.ColorRole.Mid)
    lit = tone_colour("exhale", palette)
    cx, cy, r = HEAD
    head = box(cx - r, cy - r, 2 * r, 2 * r)
    torso = box(TORSO.x(), TORSO.y(), TORSO.width(), TORSO.height())
    figure = QPainterPath()
    figure.addEllipse(head)
    figure.addRoundedRect(torso, 18 * scale, 18 * scale)
    neck = box(*BANDS["neck"])
    figure.addRect(neck)
    figure = figure.simplified()
    whole = "whole_body" in glyph.regions
    painter.setBrush(faded(lit, 0.45) if whole else body)
    painter.drawPath(figure)
    painter.save()
    painter.setClipPath(figure)
    painter.setBrush(lit)
    bands = QPainterPath()
    for region in glyph.regions:
        if region in BANDS:
            bands.addRect(box(*BANDS[region]))
    painter.drawPath(bands.simplified())  # one shape: no seams between neighbouring bands
    painter.restore()
