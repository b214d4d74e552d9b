"""The pacer tone's colour for the palette a widget is drawn with (light or dark tokens)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from app.qt.design.tokens import DARK, LIGHT

if TYPE_CHECKING:  # the tray uses these colours and needs no session model
    from app.core.session.pacer_model import Tone


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def tone_colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    return QColor((DARK if is_dark(palette) else LIGHT).tones[tone])
