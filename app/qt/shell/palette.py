"""Calm colours for each pacer tone, chosen to read on both light and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from app.core.session.pacer_model import Tone

_TONES: dict[Tone, tuple[str, str]] = {
    # tone: (on a light window, on a dark window)
    "inhale": ("#5b9bd5", "#7fb3e6"),
    "hold": ("#8e7cc3", "#a998d9"),
    "exhale": ("#4fa58a", "#6cc3a6"),
    "rest": ("#b8a07e", "#cdb794"),
    "guide": ("#c98b6b", "#dca283"),
    "move": ("#d0a24c", "#e3b865"),
    "open": ("#7d8fa3", "#98a9bb"),
    "idle": ("#9aa5b1", "#7c8792"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def tone_colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    light, dark = _TONES[tone]
    return QColor(dark if is_dark(palette) else light)
