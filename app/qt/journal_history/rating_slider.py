"""One region's tension slider for the check-in: quick to set, and honest about "not rated".

A click anywhere on the track puts the value there (not a page step towards it); a digit key sets
it (0–9; End gives 10); until one of these, or an arrow key, the region is *not rated*: no handle
is drawn and ``rating`` is None. A faint mark can show an earlier answer (the check-in before the
routine) without choosing it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget

from app.core.history.records import TENSION_MAX, TENSION_MIN
from app.qt.design.tokens import DARK, LIGHT
from app.qt.shell.palette import is_dark

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


class RatingSlider(QSlider):
    """A 0–10 slider that starts unrated; ``rating_changed`` carries the rating (None: unrated)."""

    rating_changed = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(TENSION_MIN, TENSION_MAX)
        self.setPageStep(2)
        self.setTickInterval(1)
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._rated = False
        self._mark: int | None = None
        self.valueChanged.connect(lambda _value: self._rate())
        self.actionTriggered.connect(self._on_action)

    # ------------------------------------------------------------------------------ state

    @property
    def rating(self) -> int | None:
        return self.value() if self._rated else None

    def set_rating(self, value: int | None) -> None:
        """Show *value* (clamped to 0–10), or no rating at all for None."""
        if value is None:
            changed = self._rated
            self._rated = False
            self.blockSignals(True)
            self.setValue(TENSION_MIN)
            self.blockSignals(False)
            self.update()
            if changed:
                self.rating_changed.emit(None)
            return
        clamped = max(TENSION_MIN, min(TENSION_MAX, value))
        if self._rated and self.value() == clamped:
            return
        self.blockSignals(True)
        self.setValue(clamped)
        self.blockSignals(False)
        self._rated = False
        self._rate()

    @property
    def mark(self) -> int | None:
        """The faint mark of an earlier answer, or None."""
        return self._mark

    def set_mark(self, value: int | None) -> None:
        self._mark = value
        self.update()

    def value_at(self, x: float) -> int:
        """The value a click at *x* (in this widget) stands for."""
        groove = self._groove()
        handle = self._handle_length()
        span = max(1, groove.width() - handle)
        offset = round(x - groove.x() - handle / 2)
        return QStyle.sliderValueFromPosition(
            self.minimum(), self.maximum(), max(0, min(span, offset)), span
        )

    # ------------------------------------------------------------------------------ input

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press on the track sets the value under the pointer, then drags from there."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.set_rating(self.value_at(event.position().x()))
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = _DIGITS.get(Qt.Key(event.key()))
        if digit is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.set_rating(digit)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_rating(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_action(self, _action: int) -> None:
        # an arrow at an end changes no value, but the user did answer
        if not self._rated:
            self._rated = True
            self.update()
            self.rating_changed.emit(self.value())

    def _rate(self) -> None:
        self._rated = True
        self.update()
        self.rating_changed.emit(self.value())

    # ------------------------------------------------------------------------------ paint

    def _option(self) -> QStyleOptionSlider:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return option

    def _groove(self) -> QRect:
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider,
            self._option(),
            QStyle.SubControl.SC_SliderGroove,
            self,
        )

    def _handle_length(self) -> int:
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider,
            self._option(),
            QStyle.SubControl.SC_SliderHandle,
            self,
        )
        return handle.width()

    def _x_of(self, value: int) -> float:
        groove = self._groove()
        handle = self._handle_length()
        span = max(1, groove.width() - handle)
        return (
            groove.x()
            + handle / 2
            + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span)
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = self._option()
        option.subControls = QStyle.SubControl.SC_SliderGroove
        if self.tickPosition() != QSlider.TickPosition.NoTicks:
            option.subControls |= QStyle.SubControl.SC_SliderTickmarks
        if self._rated:  # no handle while nothing is chosen
            option.subControls |= QStyle.SubControl.SC_SliderHandle
        self.style().drawComplexControl(QStyle.ComplexControl.CC_Slider, option, painter, self)
        if self._mark is not None:
            tokens = DARK if is_dark(self.palette()) else LIGHT
            colour = QColor(tokens.ink_muted)
            colour.setAlphaF(0.55)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            centre = QPointF(self._x_of(self._mark), self._groove().center().y() + 0.5)
            painter.drawEllipse(centre, 5.5, 5.5)
        painter.end()
