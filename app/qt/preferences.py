"""The user's settings as the running app sees them: one place that saves and announces changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.settings import Settings, SettingsStore


class Preferences(QObject):
    changed = Signal(Settings)
    save_failed = Signal(str)

    def __init__(self, store: SettingsStore, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._settings = settings

    @property
    def current(self) -> Settings:
        return self._settings

    def replace(self, settings: Settings) -> None:
        if settings == self._settings:
            return
        self._settings = settings
        try:
            self._store.save(settings)
        except OSError as error:
            self.save_failed.emit(f"Settings could not be saved: {error.strerror or error}")
        self.changed.emit(settings)

    def update(self, **changes: Any) -> None:
        self.replace(self._settings.model_copy(update=changes))
