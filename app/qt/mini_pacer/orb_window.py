"""The mini pacer's window: a small orb that floats above the work and lets every click through.

It paints the last ``MiniFrame`` it was given and owns no timer. As an overlay (X11) it is a
frameless tool window kept on top, transparent for input and never focused, so typing and
clicking go on beneath it as if it were not there; only in move mode (a held modifier, or the
tray's "Move the pacer") does it take the mouse, to be dragged, or resized with the wheel.
Where the desktop allows no overlay (Wayland) it is a small normal window.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRadialGradient,
    QRegion,
    QWheelEvent,
    QWindow,
)
from PySide6.QtWidgets import QWidget

from app.core.session.mini_pacer import MiniFrame
from app.core.session.pacer_model import ORB_MAX, ORB_MIN
from app.core.settings.mini_pacer_settings import PACER_MAX_PX, PACER_MIN_PX
from app.qt.design.tokens import SESSION

OVERLAY_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    | Qt.WindowType.WindowTransparentForInput
    | Qt.WindowType.WindowDoesNotAcceptFocus
)
WINDOW_FLAGS = Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus
#: how much one wheel notch changes the orb's size in move mode
RESIZE_STEP_PX = 8


class PacerOrb(QWidget):
    moved = Signal(QPoint)  # the window's new top-left corner, once a drag ends
    resized = Signal(int)  # the new size, after a wheel turn in move mode
    closed_by_user = Signal()  # the normal window's close button (where it cannot float)

    def __init__(self, *, overlay: bool, composited: bool, size: int = 120) -> None:
        super().__init__(None, OVERLAY_FLAGS if overlay else WINDOW_FLAGS)
        self._overlay = overlay
        self._composited = composited
        self._frame: MiniFrame | None = None
        self._reduced_motion = False
        self._movable = False
        self._grab: QPoint | None = None
        self.setObjectName("miniPacer")
        self.setWindowTitle("Unbrace pacer")
        self.setAccessibleName("Breathing pacer")
        self.setAccessibleDescription("An orb that grows as you breathe in and shrinks as you out.")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if overlay:
            self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
            self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
            self.setAttribute(Qt.WidgetAttribute.WA_X11DoNotAcceptFocus)
        self.set_side(size)

    # ---------------------------------------------------------------------------- state

    @property
    def overlay(self) -> bool:
        return self._overlay

    @property
    def frame(self) -> MiniFrame | None:
        return self._frame

    @property
    def movable(self) -> bool:
        return self._movable

    @property
    def dragging(self) -> bool:
        return self._grab is not None

    @property
    def reduced_motion(self) -> bool:
        return self._reduced_motion

    def pixels_per_breath(self) -> float:
        """How far a whole breath moves what is drawn: the orb's edge, or the ring's end."""
        largest = self.width() / 2 - 6
        if self._reduced_motion:
            return 2 * math.pi * largest
        return (ORB_MAX - ORB_MIN) * largest

    def set_frame(self, frame: MiniFrame) -> None:
        if frame != self._frame:
            self._frame = frame
            self.update()  # only this small window is drawn again

    def set_reduced_motion(self, reduced: bool) -> None:
        if reduced != self._reduced_motion:
            self._reduced_motion = reduced
            self.update()

    def set_side(self, size: int) -> None:
        size = max(PACER_MIN_PX, min(PACER_MAX_PX, size))
        self.setFixedSize(size, size)
        if self._overlay and not self._composited and QGuiApplication.platformName() == "xcb":
            # No compositor: transparent pixels would show black, so the window is the disc.
            self.setMask(QRegion(0, 0, size, size, QRegion.RegionType.Ellipse))

    def set_movable(self, movable: bool) -> None:
        """Move mode: the window takes the mouse (drag to move, wheel to resize); otherwise
        clicks go through it to the window beneath."""
        if movable == self._movable:
            return
        self._movable = movable
        self._grab = None
        if self._overlay:
            handle: QWindow | None = self.windowHandle()  # None until first shown
            if handle is not None:  # changed on the native window, which keeps its place
                handle.setFlag(Qt.WindowType.WindowTransparentForInput, not movable)
            else:
                self.setWindowFlag(Qt.WindowType.WindowTransparentForInput, not movable)
        self.setCursor(Qt.CursorShape.SizeAllCursor if movable else Qt.CursorShape.ArrowCursor)
        self.update()

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():
            self.closed_by_user.emit()
        super().closeEvent(event)

    # ---------------------------------------------------------------------------- moving

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._movable and event.button() == Qt.MouseButton.LeftButton:
            self._grab = event.globalPosition().toPoint() - self.pos()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._grab is not None:
            self.move(event.globalPosition().toPoint() - self._grab)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._grab is not None:
            self._grab = None
            self.moved.emit(self.pos())
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self._movable:
            event.ignore()
            return
        notches = event.angleDelta().y() // 120
        if notches:
            self.set_side(self.width() + notches * RESIZE_STEP_PX)
            self.resized.emit(self.width())
        event.accept()

    # ---------------------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        frame = self._frame
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(self.width())
        centre = QPointF(side / 2, side / 2)
        largest = side / 2 - 6
        backing = QColor(SESSION.background)
        painter.setPen(Qt.PenStyle.NoPen)
        if self._overlay and self._composited:
            # a soft shade that fades out at the edge: the orb reads on light and dark work
            shade = QRadialGradient(centre, side / 2)
            for at, alpha in ((0.0, 0.5), (0.8, 0.4), (1.0, 0.0)):
                tint = QColor(backing)
                tint.setAlphaF(alpha)
                shade.setColorAt(at, tint)
            painter.setBrush(shade)
            painter.drawEllipse(centre, side / 2, side / 2)
        elif self._overlay:  # no compositor: the window is shaped to this opaque disc
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.setBrush(backing)
            painter.drawEllipse(centre, side / 2, side / 2)
        else:
            painter.fillRect(self.rect(), backing)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        if frame is not None:
            painter.setOpacity(frame.opacity)
            colour = QColor(SESSION.tones[frame.tone])
            if self._reduced_motion:
                self._paint_ring(painter, centre, largest, frame, colour)
            else:
                self._paint_orb(painter, centre, largest, frame, colour)
            painter.setOpacity(1.0)
        if self._movable:
            edge = QPen(QColor(SESSION.accent), 2, Qt.PenStyle.DashLine)
            painter.setPen(edge)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, side / 2 - 2, side / 2 - 2)
        painter.end()

    def _paint_orb(
        self, painter: QPainter, centre: QPointF, largest: float, frame: MiniFrame, colour: QColor
    ) -> None:
        guide = QColor(colour)
        guide.setAlphaF(0.55)
        painter.setPen(QPen(guide, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, largest, largest)
        radius = largest * frame.scale
        gradient = QRadialGradient(centre, max(radius, 1.0))
        gradient.setColorAt(0.0, QColor(colour).lighter(130))
        gradient.setColorAt(1.0, colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawEllipse(centre, radius, radius)

    def _paint_ring(
        self, painter: QPainter, centre: QPointF, largest: float, frame: MiniFrame, colour: QColor
    ) -> None:
        """Reduced motion: nothing changes size; a ring fills as the breath comes in and
        empties as it goes out, around a still disc."""
        width = max(4.0, largest * 0.16)
        radius = largest - width / 2
        track = QColor(colour)
        track.setAlphaF(0.28)
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        pen = QPen(track, width)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
        pen.setColor(colour)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if frame.fill > 0.005:
            painter.drawArc(box, 90 * 16, -round(frame.fill * 360 * 16))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        core = largest * ORB_MIN * 0.8
        painter.drawEllipse(centre, core, core)
