"""The settings dialog: reminders, sound, sessions and how Unbrace starts.

It edits copies and does no I/O: the caller reads :meth:`SettingsDialog.result_settings`,
:meth:`~SettingsDialog.result_reminders`, :meth:`~SettingsDialog.start_in_tray_requested` and
:meth:`~SettingsDialog.autostart_requested` after the dialog was accepted, and saves. Until then
(and after Cancel) they return the values the dialog was opened with. Problems that would stop
the values being saved (no day chosen, an end equal to the start) are shown in the dialog and
keep OK disabled; the words come from the model's own check, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.reminders.rules import SNOOZE_CHOICES_MIN
from app.core.settings.appearance import Appearance
from app.core.settings.reminder_settings import (
    IDLE_THRESHOLD_RANGE,
    INTERVAL_RANGE,
    ReminderSettings,
    schedule_problems,
)
from app.core.settings.settings import Settings
from app.qt.settings.voice_settings import VoiceSettings
from app.qt.shell.widgets import percent_slider

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME_FORMAT = "HH:mm"
_APPEARANCE_CHOICES: tuple[tuple[Appearance, str], ...] = (
    ("system", "Follow the desktop"),
    ("light", "Light"),
    ("dark", "Dark"),
)


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _pytime(value: QTime) -> time:
    return time(value.hour(), value.minute())


class SettingsDialog(QDialog):
    """Built with the current values; shows them; hands back edited copies when accepted."""

    def __init__(
        self,
        settings: Settings,
        routines: Sequence[tuple[str, str]],
        autostart_enabled: bool,
        *,
        reminders: ReminderSettings,
        start_in_tray: bool,
        voices: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._reminders = reminders
        self._start_in_tray = start_in_tray
        self._autostart = autostart_enabled
        self.setObjectName("settings-dialog")
        self.setWindowTitle("Unbrace settings")
        self.setAccessibleName("Unbrace settings")

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_reminders(reminders, routines))
        layout.addWidget(self._build_sound(settings))
        self.voice_settings = VoiceSettings(settings, voices)
        layout.addWidget(self.voice_settings)
        layout.addWidget(self._build_sessions(settings))
        layout.addWidget(self._build_starting(autostart_enabled, start_in_tray))

        self.problems_label = QLabel()
        self.problems_label.setObjectName("settings-problems")
        self.problems_label.setAccessibleName("Problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.problems_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setAccessibleName("OK")
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._refresh()

    # -- building ---------------------------------------------------------------------------

    def _build_reminders(
        self, reminders: ReminderSettings, routines: Sequence[tuple[str, str]]
    ) -> QGroupBox:
        group = QGroupBox("Pause reminders")
        outer = QVBoxLayout(group)
        self.reminders_box = QCheckBox("Remind me to take a pause during work hours")
        self.reminders_box.setAccessibleName("Pause reminders")
        self.reminders_box.setChecked(reminders.enabled)
        outer.addWidget(self.reminders_box)

        self.reminder_controls = QWidget()
        form = QFormLayout(self.reminder_controls)
        form.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.reminder_controls)

        days_row = QHBoxLayout()
        days: list[QCheckBox] = []
        for index, day in enumerate(DAY_NAMES):
            box = QCheckBox(day[:3])
            box.setObjectName(f"day-{index}")
            box.setAccessibleName(day)
            box.setChecked(index in reminders.days)
            days_row.addWidget(box)
            days.append(box)
        days_row.addStretch(1)
        self.day_boxes = tuple(days)
        form.addRow(self._caption("Work days:", days[0]), days_row)

        self.start_edit = self._time_edit(reminders.start, "Work hours start")
        self.end_edit = self._time_edit(reminders.end, "Work hours end")
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.start_edit)
        hours_row.addWidget(QLabel("to"))
        hours_row.addWidget(self.end_edit)
        hours_row.addStretch(1)
        form.addRow(self._caption("Work hours:", self.start_edit), hours_row)
        self.hours_hint = QLabel()
        self.hours_hint.setObjectName("hours-hint")
        self.hours_hint.setAccessibleName("Work hours note")
        self.hours_hint.setWordWrap(True)
        form.addRow("", self.hours_hint)

        self.interval_spin = QSpinBox()
        self.interval_spin.setRange(*INTERVAL_RANGE)
        self.interval_spin.setSingleStep(5)
        self.interval_spin.setSuffix(" min")
        self.interval_spin.setValue(reminders.interval_min)
        self.interval_spin.setAccessibleName("Minutes of work between reminders")
        form.addRow("Remind me every:", self.interval_spin)

        self.routine_combo = QComboBox()
        self.routine_combo.setAccessibleName("Routine a reminder offers")
        for routine_id, name in routines:
            self.routine_combo.addItem(name, routine_id)
        current = self.routine_combo.findData(reminders.pause_routine)
        if current < 0:  # kept, though the library no longer has it
            self.routine_combo.addItem(
                f"{reminders.pause_routine} (not found)", reminders.pause_routine
            )
            current = self.routine_combo.count() - 1
        self.routine_combo.setCurrentIndex(current)
        form.addRow("Pause routine:", self.routine_combo)

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(*IDLE_THRESHOLD_RANGE)
        self.idle_spin.setSuffix(" min")
        self.idle_spin.setValue(reminders.idle_threshold_min)
        self.idle_spin.setAccessibleName("Minutes away from the computer that count as a pause")
        form.addRow("Away this long counts as a pause:", self.idle_spin)

        self.snooze_combo = QComboBox()
        self.snooze_combo.setAccessibleName("How long Snooze puts a reminder off")
        for minutes in SNOOZE_CHOICES_MIN:
            self.snooze_combo.addItem(f"{minutes} min", minutes)
        self.snooze_combo.setCurrentIndex(max(0, self.snooze_combo.findData(reminders.snooze_min)))
        form.addRow("Snooze for:", self.snooze_combo)

        self.reminders_box.toggled.connect(self.reminder_controls.setEnabled)
        self.reminder_controls.setEnabled(reminders.enabled)
        for box in self.day_boxes:
            box.toggled.connect(self._refresh)
        self.start_edit.timeChanged.connect(self._refresh)
        self.end_edit.timeChanged.connect(self._refresh)
        return group

    def _build_sound(self, settings: Settings) -> QGroupBox:
        group = QGroupBox("Sound")
        form = QFormLayout(group)
        self.sound_box = QCheckBox("Play sounds")
        self.sound_box.setAccessibleName("Play sounds")
        self.sound_box.setChecked(not settings.muted)
        form.addRow(self.sound_box)

        self._initial_volume = round(settings.volume * 100)
        self.volume_slider, self.volume_label, row = percent_slider("Volume", self._initial_volume)
        form.addRow(self._caption("Volume:", self.volume_slider), row)

        self.breath_tone_box = QCheckBox("Breath tone for eyes-closed practice")
        self.breath_tone_box.setAccessibleName("Breath tone")
        self.breath_tone_box.setChecked(settings.breath_tone)
        form.addRow(self.breath_tone_box)

        self.sound_box.toggled.connect(self.volume_slider.setEnabled)
        self.volume_slider.setEnabled(not settings.muted)
        return group

    def _build_sessions(self, settings: Settings) -> QGroupBox:
        group = QGroupBox("Sessions")
        column = QVBoxLayout(group)
        self.reduced_motion_box = QCheckBox("Reduced motion (a bar instead of the orb)")
        self.reduced_motion_box.setAccessibleName("Reduced motion")
        self.reduced_motion_box.setChecked(settings.reduced_motion)
        self.count_in_box = QCheckBox("Count in before the first breath")
        self.count_in_box.setAccessibleName("Count in")
        self.count_in_box.setChecked(settings.count_in)
        self.check_ins_box = QCheckBox("Ask how my back feels before and after a routine")
        self.check_ins_box.setAccessibleName("Check-ins")
        self.check_ins_box.setChecked(settings.check_ins)
        self.appearance_box = QComboBox()
        self.appearance_box.setAccessibleName("Appearance")
        for value, text in _APPEARANCE_CHOICES:
            self.appearance_box.addItem(text, value)
        self.appearance_box.setCurrentIndex(self.appearance_box.findData(settings.appearance))
        appearance_row = QHBoxLayout()
        appearance_row.addWidget(self._caption("Appearance:", self.appearance_box))
        appearance_row.addWidget(self.appearance_box, 1)
        column.addLayout(appearance_row)
        column.addWidget(self.reduced_motion_box)
        column.addWidget(self.count_in_box)
        column.addWidget(self.check_ins_box)
        return group

    def _build_starting(self, autostart_enabled: bool, start_in_tray: bool) -> QGroupBox:
        group = QGroupBox("Starting")
        column = QVBoxLayout(group)
        self.start_at_login_box = QCheckBox("Start Unbrace at login, in the tray")
        self.start_at_login_box.setAccessibleName("Start at login")
        self.start_at_login_box.setChecked(autostart_enabled)
        self.start_in_tray_box = QCheckBox("Start in the tray, without opening the window")
        self.start_in_tray_box.setAccessibleName("Start in the tray")
        self.start_in_tray_box.setChecked(start_in_tray)
        column.addWidget(self.start_at_login_box)
        column.addWidget(self.start_in_tray_box)
        return group

    @staticmethod
    def _time_edit(value: time, accessible: str) -> QTimeEdit:
        edit = QTimeEdit(_qtime(value))
        edit.setDisplayFormat(TIME_FORMAT)
        edit.setAccessibleName(accessible)
        return edit

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        """A form label for a row that holds a layout (``addRow(str, widget)`` sets buddies)."""
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- state ------------------------------------------------------------------------------

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def cancel_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def problems(self) -> list[str]:
        """What keeps the edited values from being saved, in words for the user."""
        return schedule_problems(self._chosen_days(), self._start(), self._end())

    def _chosen_days(self) -> frozenset[int]:
        return frozenset(i for i, box in enumerate(self.day_boxes) if box.isChecked())

    def _start(self) -> time:
        return _pytime(self.start_edit.time())

    def _end(self) -> time:
        return _pytime(self.end_edit.time())

    def _refresh(self) -> None:
        problems = self.problems()
        text = "\n".join(problems)
        self.problems_label.setText(text)
        self.problems_label.setVisible(bool(problems))
        self.ok_button.setEnabled(not problems)
        self.ok_button.setAccessibleDescription(text)
        start, end = self._start(), self._end()
        crosses = end < start
        self.hours_hint.setText(
            f"These hours cross midnight: from {start:%H:%M} until {end:%H:%M} the next day. "
            "The days above are the days the hours begin."
            if crosses
            else ""
        )
        self.hours_hint.setVisible(crosses)

    def accept(self) -> None:
        if self.problems():  # OK is disabled then; this guards a programmatic accept too
            return
        super().accept()

    # -- results ----------------------------------------------------------------------------

    @property
    def accepted_changes(self) -> bool:
        return self.result() == QDialog.DialogCode.Accepted

    def result_settings(self) -> Settings:
        """The settings as edited, once accepted; else the settings the dialog was opened with."""
        if not self.accepted_changes:
            return self._settings
        volume = self.volume_slider.value()
        changes = {
            "muted": not self.sound_box.isChecked(),
            # unchanged slider: keep the exact stored value rather than its rounding
            "volume": self._settings.volume if volume == self._initial_volume else volume / 100,
            "breath_tone": self.breath_tone_box.isChecked(),
            "reduced_motion": self.reduced_motion_box.isChecked(),
            "appearance": self.appearance_box.currentData(),
            "count_in": self.count_in_box.isChecked(),
            "check_ins": self.check_ins_box.isChecked(),
            **self.voice_settings.changes(),
        }
        return Settings.model_validate({**self._settings.model_dump(), **changes})

    def result_reminders(self) -> ReminderSettings:
        """The reminder choices as edited, once accepted; else those the dialog was opened with."""
        if not self.accepted_changes:
            return self._reminders
        return ReminderSettings(
            enabled=self.reminders_box.isChecked(),
            days=self._chosen_days(),
            start=self._start(),
            end=self._end(),
            interval_min=self.interval_spin.value(),
            idle_threshold_min=self.idle_spin.value(),
            snooze_min=self.snooze_combo.currentData(),
            pause_routine=str(self.routine_combo.currentData()),
        )

    def start_in_tray_requested(self) -> bool:
        if not self.accepted_changes:
            return self._start_in_tray
        return self.start_in_tray_box.isChecked()

    def autostart_requested(self) -> bool:
        """Whether the user wants the login entry; the caller writes or removes it."""
        if not self.accepted_changes:
            return self._autostart
        return self.start_at_login_box.isChecked()
