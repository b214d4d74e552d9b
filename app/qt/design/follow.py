"""Keeps the app in the right scheme when the desktop's changes or the user picks another."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.core.settings.appearance import Appearance
from app.qt.design.scheme import apply_look, is_dark_scheme, resolve_scheme
from app.qt.design.tokens import Scheme

if TYPE_CHECKING:
    from PySide6.QtCore import Qt


class LookFollower(QObject):
    """Applies the look for *appearance* now, and again whenever the answer changes."""

    scheme_changed = Signal(str)

    def __init__(self, qt_app: QApplication, appearance: Appearance) -> None:
        super().__init__(qt_app)
        self._qt_app = qt_app
        self._appearance: Appearance = appearance
        self._scheme: Scheme | None = None
        # The desktop's scheme as the platform's own palette shows it, read before ours replaces
        # it: asking the style hints returns a ``Qt`` enum, and the first use of that namespace
        # builds all ~100 of its enums (30 ms) before the first paint. Changes come as a signal.
        window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        self._desktop_dark = window.lightnessF() < 0.5
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.desktop_scheme_changed)

    @property
    def scheme(self) -> Scheme | None:
        return self._scheme

    def start(self) -> None:
        self._apply()

    def set_appearance(self, appearance: Appearance) -> None:
        self._appearance = appearance
        self._apply()

    def desktop_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._desktop_dark = is_dark_scheme(scheme)
        self._apply()

    def _apply(self) -> None:
        scheme = resolve_scheme(self._appearance, self._desktop_dark)
        if scheme == self._scheme:
            return
        self._scheme = scheme
        apply_look(self._qt_app, scheme)
        self.scheme_changed.emit(scheme)
