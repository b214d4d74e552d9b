"""The settings dialog shows the current values and hands back edited copies; it saves nothing."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QSlider
from pytestqt.qtbot import QtBot

from app.core.settings.reminder_settings import NO_DAY, SAME_HOURS, ReminderSettings
from app.core.settings.settings import Settings
from app.qt.settings.dialog import SettingsDialog

ROUTINES = [
    ("diaphragmatic-3min", "3-Minute Diaphragmatic Breathing"),
    ("box-breathing", "Box Breathing"),
    ("body-scan", "Body Scan Along the Spine"),
]
SETTINGS = Settings(
    volume=0.35,
    muted=False,
    breath_tone=True,
    reduced_motion=False,
    count_in=True,
    medical_notice_seen=True,
    safety_acknowledged={"wim": "Hold with care."},
)
REMINDERS = ReminderSettings(
    enabled=True,
    days=frozenset({0, 2, 4}),
    start=time(8, 30),
    end=time(16, 0),
    interval_min=60,
    idle_threshold_min=10,
    snooze_min=15,
    pause_routine="box-breathing",
)


@pytest.fixture
def dialog(qtbot: QtBot) -> SettingsDialog:
    shown = SettingsDialog(
        SETTINGS, ROUTINES, autostart_enabled=False, reminders=REMINDERS, start_in_tray=True
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def click_ok(dialog: SettingsDialog) -> None:
    """Click OK as the user would (a disabled button ignores it)."""
    dialog.ok_button.click()


def test_the_dialog_shows_the_current_values(dialog: SettingsDialog) -> None:
    """Every control starts from the settings, reminder choices and login state passed in."""
    assert dialog.reminders_box.isChecked()
    assert [box.isChecked() for box in dialog.day_boxes] == [
        True,
        False,
        True,
        False,
        True,
        False,
        False,
    ]
    assert dialog.start_edit.time() == QTime(8, 30)
    assert dialog.end_edit.time() == QTime(16, 0)
    assert dialog.interval_spin.value() == 60
    assert dialog.idle_spin.value() == 10
    assert dialog.snooze_combo.currentData() == 15
    assert dialog.routine_combo.currentData() == "box-breathing"
    assert dialog.routine_combo.currentText() == "Box Breathing"
    assert dialog.sound_box.isChecked()
    assert dialog.volume_slider.value() == 35
    assert dialog.volume_label.text() == "35 %"
    assert dialog.breath_tone_box.isChecked()
    assert not dialog.reduced_motion_box.isChecked()
    assert dialog.count_in_box.isChecked()
    assert not dialog.start_at_login_box.isChecked()
    assert dialog.start_in_tray_box.isChecked()
    assert dialog.ok_button.isEnabled()
    assert not dialog.problems_label.isVisible()
    assert not dialog.hours_hint.isVisible()


def test_the_spin_boxes_offer_exactly_the_model_bounds(dialog: SettingsDialog) -> None:
    """The ranges come from the model's limits: 15–240 minutes apart, 1–60 minutes idle."""
    assert (dialog.interval_spin.minimum(), dialog.interval_spin.maximum()) == (15, 240)
    assert (dialog.idle_spin.minimum(), dialog.idle_spin.maximum()) == (1, 60)
    snoozes = [dialog.snooze_combo.itemText(i) for i in range(dialog.snooze_combo.count())]
    assert snoozes == ["5 min", "10 min", "15 min", "30 min"]


def test_edits_come_back_when_accepted(dialog: SettingsDialog) -> None:
    """After OK, the results carry every edit, and keep the fields the dialog does not show."""
    dialog.day_boxes[0].setChecked(False)
    dialog.day_boxes[5].setChecked(True)
    dialog.start_edit.setTime(QTime(10, 15))
    dialog.end_edit.setTime(QTime(18, 45))
    dialog.interval_spin.setValue(120)
    dialog.idle_spin.setValue(3)
    dialog.snooze_combo.setCurrentIndex(dialog.snooze_combo.findData(30))
    dialog.routine_combo.setCurrentIndex(dialog.routine_combo.findData("body-scan"))
    dialog.volume_slider.setValue(70)
    dialog.sound_box.setChecked(False)
    dialog.breath_tone_box.setChecked(False)
    dialog.reduced_motion_box.setChecked(True)
    dialog.count_in_box.setChecked(False)
    dialog.check_ins_box.setChecked(False)
    dialog.start_at_login_box.setChecked(True)
    dialog.start_in_tray_box.setChecked(False)
    click_ok(dialog)

    assert dialog.accepted_changes
    assert dialog.result_settings() == SETTINGS.model_copy(
        update={
            "volume": 0.7,
            "muted": True,
            "breath_tone": False,
            "reduced_motion": True,
            "count_in": False,
            "check_ins": False,
        }
    )
    assert dialog.result_reminders() == ReminderSettings(
        enabled=True,
        days=frozenset({2, 4, 5}),
        start=time(10, 15),
        end=time(18, 45),
        interval_min=120,
        idle_threshold_min=3,
        snooze_min=30,
        pause_routine="body-scan",
    )
    assert dialog.autostart_requested()
    assert not dialog.start_in_tray_requested()


def test_accepting_without_edits_changes_nothing(dialog: SettingsDialog) -> None:
    """OK straight away gives back equal values; the volume keeps its exact stored value."""
    click_ok(dialog)
    assert dialog.accepted_changes
    assert dialog.result_settings() == SETTINGS
    assert dialog.result_reminders() == REMINDERS
    assert not dialog.autostart_requested()
    assert dialog.start_in_tray_requested()


def test_an_unrounded_volume_survives_an_untouched_slider(qtbot: QtBot) -> None:
    """A stored 0.333 is shown as 33 % but not rewritten as 0.33 when the slider is not moved."""
    settings = Settings(volume=0.333)
    dialog = SettingsDialog(
        settings, ROUTINES, autostart_enabled=False, reminders=REMINDERS, start_in_tray=False
    )
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result_settings().volume == 0.333


def test_cancel_returns_the_values_it_was_given(dialog: SettingsDialog) -> None:
    """Edits followed by Cancel are dropped: the results are the values passed in."""
    dialog.day_boxes[6].setChecked(True)
    dialog.interval_spin.setValue(200)
    dialog.reduced_motion_box.setChecked(True)
    dialog.start_at_login_box.setChecked(True)
    dialog.start_in_tray_box.setChecked(False)
    dialog.cancel_button.click()
    assert not dialog.accepted_changes
    assert dialog.result_settings() is SETTINGS
    assert dialog.result_reminders() is REMINDERS
    assert not dialog.autostart_requested()
    assert dialog.start_in_tray_requested()


def test_no_day_chosen_disables_ok_and_says_why(dialog: SettingsDialog) -> None:
    """With every day unticked, OK is disabled and the message is shown; a day brings OK back."""
    for box in dialog.day_boxes:
        box.setChecked(False)
    assert not dialog.ok_button.isEnabled()
    assert dialog.problems_label.isVisible()
    assert dialog.problems_label.text() == NO_DAY
    assert dialog.ok_button.accessibleDescription() == NO_DAY
    dialog.accept()  # refused while the problem stands
    assert not dialog.accepted_changes
    assert dialog.isVisible()

    dialog.day_boxes[3].setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert not dialog.problems_label.isVisible()
    click_ok(dialog)
    assert dialog.result_reminders().days == frozenset({3})


def test_an_end_equal_to_the_start_is_refused(dialog: SettingsDialog) -> None:
    """Hours that end when they start mean nothing: OK is disabled with the model's words."""
    dialog.end_edit.setTime(QTime(8, 30))
    assert not dialog.ok_button.isEnabled()
    assert dialog.problems_label.text() == SAME_HOURS
    for box in dialog.day_boxes:
        box.setChecked(False)
    assert dialog.problems_label.text() == f"{NO_DAY}\n{SAME_HOURS}"


def test_hours_crossing_midnight_are_explained(dialog: SettingsDialog) -> None:
    """An end before the start is allowed, and a note says the hours run into the next day."""
    dialog.start_edit.setTime(QTime(22, 0))
    dialog.end_edit.setTime(QTime(6, 0))
    assert dialog.hours_hint.isVisible()
    assert "cross midnight" in dialog.hours_hint.text()
    assert "22:00" in dialog.hours_hint.text()
    assert "06:00 the next day" in dialog.hours_hint.text()
    assert dialog.ok_button.isEnabled()
    click_ok(dialog)
    assert dialog.result_reminders().crosses_midnight

    dialog.end_edit.setTime(QTime(23, 0))
    assert not dialog.hours_hint.isVisible()


def test_turning_reminders_off_greys_their_controls(dialog: SettingsDialog) -> None:
    """The reminder controls follow the checkbox; their values are kept for next time."""
    dialog.reminders_box.setChecked(False)
    assert not dialog.reminder_controls.isEnabled()
    assert not dialog.interval_spin.isEnabled()
    click_ok(dialog)
    assert dialog.result_reminders() == REMINDERS.model_copy(update={"enabled": False})


def test_the_volume_follows_the_sound_checkbox(dialog: SettingsDialog) -> None:
    """No sound, no volume to set; the label shows the slider's value."""
    dialog.sound_box.setChecked(False)
    assert not dialog.volume_slider.isEnabled()
    dialog.sound_box.setChecked(True)
    dialog.volume_slider.setValue(90)
    assert dialog.volume_label.text() == "90 %"


def test_a_missing_pause_routine_is_kept_and_marked(qtbot: QtBot) -> None:
    """A pause routine the library no longer has stays chosen, shown as not found."""
    reminders = REMINDERS.model_copy(update={"pause_routine": "deleted-one"})
    dialog = SettingsDialog(
        SETTINGS, ROUTINES, autostart_enabled=True, reminders=reminders, start_in_tray=False
    )
    qtbot.addWidget(dialog)
    assert dialog.routine_combo.currentText() == "deleted-one (not found)"
    assert dialog.routine_combo.count() == len(ROUTINES) + 1
    dialog.accept()
    assert dialog.result_reminders().pause_routine == "deleted-one"
    assert dialog.autostart_requested()


def test_every_control_has_an_accessible_name(dialog: SettingsDialog) -> None:
    """Screen readers get a name for each button, box, spin box, slider and list."""
    controls = [
        *dialog.findChildren(QAbstractButton),
        *dialog.findChildren(QAbstractSpinBox),
        *dialog.findChildren(QSlider),  # not the scroll bars inside the combo popup
        *dialog.findChildren(QComboBox),
    ]
    assert len(controls) >= 20
    unnamed = [type(c).__name__ + ":" + c.objectName() for c in controls if not c.accessibleName()]
    assert unnamed == []
    names = [c.accessibleName() for c in controls]
    assert len(names) == len(set(names)), "names tell the controls apart"
    assert {"Monday", "Sunday", "Volume", "Start at login", "Start in the tray"} <= set(names)


def test_the_appearance_is_chosen_here(dialog: SettingsDialog) -> None:
    box = dialog.appearance_box
    assert box.currentData() == "system"
    assert [box.itemText(i) for i in range(box.count())] == ["Follow the desktop", "Light", "Dark"]
    box.setCurrentIndex(box.findData("dark"))
    click_ok(dialog)
    assert dialog.result_settings().appearance == "dark"
