"""The settings dialog's spoken guidance: what is said, which voice, pace and loudness."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core.settings.reminder_settings import ReminderSettings
from app.core.settings.settings import Settings
from app.qt.settings.dialog import SettingsDialog

VOICES = [("flite:slt", "flite (slt)"), ("espeak-ng", "espeak-ng")]


def shown(qtbot: QtBot, settings: Settings, voices: list[tuple[str, str]]) -> SettingsDialog:
    dialog = SettingsDialog(
        settings,
        [],
        autostart_enabled=False,
        reminders=ReminderSettings(),
        start_in_tray=False,
        voices=voices,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_voice_starts_calm_and_on_with_the_best_installed(qtbot: QtBot) -> None:
    dialog = shown(qtbot, Settings(), VOICES)
    group = dialog.voice_settings
    assert group.mode_combo.currentText() == "Speak each step"
    assert group.voice_combo.currentText() == "The best installed (flite (slt))"
    assert [group.voice_combo.itemText(i) for i in range(1, 3)] == ["flite (slt)", "espeak-ng"]
    assert group.rate_spin.value() == 140
    assert group.volume_slider.value() == 100
    assert not group.no_voice_label.isVisibleTo(group)


def test_the_edited_voice_settings_are_handed_back(qtbot: QtBot) -> None:
    dialog = shown(qtbot, Settings(), VOICES)
    group = dialog.voice_settings
    group.mode_combo.setCurrentIndex(group.mode_combo.findData("breath_words"))
    group.voice_combo.setCurrentIndex(group.voice_combo.findData("espeak-ng"))
    group.rate_spin.setValue(120)
    group.volume_slider.setValue(60)
    dialog.ok_button.click()
    result = dialog.result_settings()
    assert (result.voice_mode, result.voice, result.speech_rate, result.voice_volume) == (
        "breath_words",
        "espeak-ng",
        120,
        0.6,
    )


def test_voice_off_greys_out_the_rest_and_no_voice_is_said(qtbot: QtBot) -> None:
    dialog = shown(qtbot, Settings(voice_mode="off", voice="piper:gone"), [])
    group = dialog.voice_settings
    assert not group.voice_combo.isEnabled() and not group.rate_spin.isEnabled()
    assert group.voice_combo.currentText() == "piper:gone (not installed)"
    assert group.no_voice_label.isVisibleTo(group)
    group.mode_combo.setCurrentIndex(group.mode_combo.findData("prompts"))
    assert group.voice_combo.isEnabled()
