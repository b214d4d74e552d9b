"""The user's settings as the running app sees them: one place that saves and announces changes.

A change is announced at once and saved shortly after, so dragging the volume slider writes the
file once, not once per step. Every change is validated by the settings model, so a mistyped
field or an out-of-range value never reaches the file.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.settings.settings import Settings, SettingsStore

SAVE_DELAY_MS = 400


class Preferences(QObject):
    changed = Signal(Settings)
    save_failed = Signal(str)

    def __init__(
        self, store: SettingsStore, settings: Settings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._save_timer = QTimer(self)
        self._save_timer.setObjectName("settings-save")
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._save_timer.timeout.connect(self.flush)

    @property
    def current(self) -> Settings:
        return self._settings

    @property
    def unsaved(self) -> bool:
        return self._save_timer.isActive()

    def replace(self, settings: Settings) -> None:
        if settings == self._settings:
            return
        self._settings = settings
        self._save_timer.start()
        self.changed.emit(settings)

    def update(self, **changes: Any) -> None:
        """Change some fields; raises ``pydantic.ValidationError`` for a bad field or value."""
        self.replace(Settings.model_validate({**self._settings.model_dump(), **changes}))

    def flush(self) -> None:
        """Save now (called shortly after a change, and when the app quits)."""
        self._save_timer.stop()
        try:
            self._store.save(self._settings)
        except OSError as error:
            self.save_failed.emit(f"Settings could not be saved: {error.strerror or error}")
