"""Opening the settings dialog, and applying what the user chose (settings and start at login)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from app.core.routine.library import Library
from app.desktop.autostart.login import (
    disable_autostart,
    enable_autostart,
    is_autostart_enabled,
    launch_command,
)
from app.qt.settings.dialog import SettingsDialog
from app.qt.settings.preferences import Preferences
from app.qt.shell.notice_dialog import warn

RunDialog = Callable[[SettingsDialog], int]


def open_settings(
    parent: QWidget,
    preferences: Preferences,
    library: Library,
    autostart_file: Path,
    run_dialog: RunDialog = QDialog.exec,
    voices: Callable[[], Sequence[tuple[str, str]]] = tuple,
) -> bool:
    """Show the dialog; on OK save the settings and switch start at login. True if accepted."""
    current = preferences.current
    routines = [(e.id, e.routine.name) for e in library.routines if e.routine is not None]
    dialog = SettingsDialog(
        current,
        routines,
        is_autostart_enabled(autostart_file),
        reminders=current.reminders,
        start_in_tray=current.start_in_tray,
        voices=voices(),
        parent=parent,
    )
    if run_dialog(dialog) != QDialog.DialogCode.Accepted.value:
        return False
    preferences.replace(
        dialog.result_settings().model_copy(
            update={
                "reminders": dialog.result_reminders(),
                "start_in_tray": dialog.start_in_tray_requested(),
            }
        )
    )
    wanted = dialog.autostart_requested()
    if wanted != is_autostart_enabled(autostart_file):
        try:
            if wanted:
                enable_autostart(autostart_file, launch_command())
            else:
                disable_autostart(autostart_file)
        except OSError as error:
            warn(
                parent,
                "Start at login",
                f"The login entry could not be changed: {error.strerror or error}",
            )
    return True
