"""Keeps the app in the right scheme when the desktop's changes or the user picks another."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.core.settings.appearance import Appearance
from app.qt.design.scheme import apply_look, resolve_scheme
from app.qt.design.tokens import Scheme


class LookFollower(QObject):
    """Applies the look for *appearance* now, and again whenever the answer changes."""

    scheme_changed = Signal(str)

    def __init__(self, qt_app: QApplication, appearance: Appearance) -> None:
        super().__init__(qt_app)
        self._qt_app = qt_app
        self._appearance: Appearance = appearance
        self._scheme: Scheme | None = None
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self._apply())

    @property
    def scheme(self) -> Scheme | None:
        return self._scheme

    def start(self) -> None:
        self._apply()

    def set_appearance(self, appearance: Appearance) -> None:
        self._appearance = appearance
        self._apply()

    def _apply(self) -> None:
        scheme = resolve_scheme(self._appearance, QGuiApplication.styleHints().colorScheme())
        if scheme == self._scheme:
            return
        self._scheme = scheme
        apply_look(self._qt_app, scheme)
        self.scheme_changed.emit(scheme)
