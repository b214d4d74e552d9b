"""Light or dark: follow the desktop (or the user's choice) and apply the look to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from app.core.settings.appearance import Appearance
from app.qt.design.stylesheet import app_style_sheet
from app.qt.design.tokens import TYPE, Palette, Scheme, palette_for

if TYPE_CHECKING:
    from PySide6.QtCore import Qt


def resolve_scheme(appearance: Appearance, desktop_dark: bool) -> Scheme:
    """The scheme to draw in: the user's choice, else the desktop's (light when it doesn't say)."""
    if appearance != "system":
        return appearance
    return "dark" if desktop_dark else "light"


def is_dark_scheme(scheme: Qt.ColorScheme) -> bool:
    # by name: the first use of the ``Qt`` namespace builds all its enums, at start-up's cost
    return scheme.name == "Dark"


def qt_palette(p: Palette) -> QPalette:
    """A QPalette carrying the tokens, for widgets the style sheet does not reach."""
    palette = QPalette()
    roles = QPalette.ColorRole
    pairs = {
        roles.Window: p.background,
        roles.WindowText: p.ink,
        roles.Base: p.surface,
        roles.AlternateBase: p.surface_alt,
        roles.Text: p.ink,
        roles.PlaceholderText: p.ink_muted,
        roles.Button: p.surface,
        roles.ButtonText: p.ink,
        # a chosen row is a soft wash, not a block of colour; text stays ink
        roles.Highlight: p.accent_soft,
        roles.HighlightedText: p.ink,
        roles.Accent: p.accent,
        roles.ToolTipBase: p.surface,
        roles.ToolTipText: p.ink,
        roles.Link: p.accent,
        roles.Mid: p.line,
        roles.Midlight: p.surface_alt,
        roles.Light: p.surface,
        roles.Dark: p.line,
        roles.Shadow: p.background,
        roles.BrightText: p.danger_ink,
    }
    for role, colour in pairs.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(p.ink_muted))
    return palette


def calm_font(base: QFont) -> QFont:
    """The first of the type scale's families that is installed, at the desktop's size."""
    installed = set(QFontDatabase.families())
    font = QFont(base)
    for family in TYPE.families:
        if family in installed:
            font.setFamily(family)
            break
    return font


def apply_look(qt_app: QApplication, scheme: Scheme) -> Palette:
    """Give the whole app the palette, font and style sheet of *scheme*; return the palette."""
    tokens = palette_for(scheme)
    # Fusion, unless it is in place already (a new style object costs the start 6 ms); once a
    # style sheet is applied, the style is that sheet's proxy over Fusion, with no name
    if qt_app.style().name().lower() not in ("fusion", ""):
        qt_app.setStyle("Fusion")
    qt_app.setPalette(qt_palette(tokens))
    qt_app.setFont(calm_font(qt_app.font()))
    qt_app.setStyleSheet(app_style_sheet(tokens))
    return tokens
