"""Painting with the design's colours: a colour at a given opacity."""

from __future__ import annotations

from PySide6.QtGui import QColor


def faded(colour: QColor, alpha: float) -> QColor:
    """A copy of *colour* with opacity *alpha* (0 to 1); *colour* is left as it was."""
    copy = QColor(colour)
    copy.setAlphaF(alpha)
    return copy
