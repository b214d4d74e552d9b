"""A centred, word-wrapped label whose type steps down until its text fits its place.

The session page gives the prompt a fixed place (nothing may move when a step changes); a long
prompt is set a little smaller rather than cut off. The place is computed from the label's
``base_font``, never from the size it is drawn at, so the page's layout stays put.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

#: each step down is this much smaller than the one before
STEP = 0.94


class FittingLabel(QLabel):
    """Shows its text at the base size if it fits, else at the largest smaller size (down to
    *smallest*, a share of the base size) that does; text too long even then is cut at the
    bottom and shown whole in the tooltip."""

    def __init__(self, base_font: QFont, smallest: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_font = QFont(base_font)
        self._smallest = smallest
        self.setWordWrap(True)
        self.setFont(self.base_font)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def fits(self, font: QFont) -> bool:
        """Whether the whole text, wrapped at this label's width, fits its height in *font*."""
        if self.width() <= 0 or not self.text():
            return True
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter)
        needed = QFontMetrics(font).boundingRect(
            QRect(0, 0, self.width(), 1_000_000), flags, self.text()
        )
        return needed.height() <= self.height() and needed.width() <= self.width()

    def _fit(self) -> None:
        font = QFont(self.base_font)
        base = self.base_font.pointSizeF()
        if base > 0:
            scale = 1.0
            while not self.fits(font) and scale * STEP >= self._smallest:
                scale *= STEP
                font.setPointSizeF(base * scale)
        if font != self.font():
            self.setFont(font)
        # what cannot fit even at the smallest size can still be read whole on hover
        self.setToolTip("" if self.fits(font) else self.text())
