"""The settings dialog's "Spoken guidance": what is said, by which voice, how fast and loud."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.core.settings.settings import BEST_VOICE, Settings
from app.qt.shell.widgets import percent_slider

MODES = (
    ("off", "Off"),
    ("prompts", "Speak each step"),
    ("breath_words", "Speak each step and the breath words"),
)
CALM_WPM = 140


class VoiceSettings(QGroupBox):
    """Edits the voice settings; :meth:`changes` hands them back for ``Settings``."""

    def __init__(
        self, settings: Settings, voices: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__("Spoken guidance", parent)
        self.setObjectName("voice-settings")
        self._settings = settings
        form = QFormLayout(self)

        self.mode_combo = QComboBox()
        self.mode_combo.setAccessibleName("Spoken guidance")
        for value, text in MODES:
            self.mode_combo.addItem(text, value)
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(settings.voice_mode))
        form.addRow("Voice:", self.mode_combo)

        self.voice_combo = QComboBox()
        self.voice_combo.setAccessibleName("Which voice")
        best = voices[0][1] if voices else "none installed"
        self.voice_combo.addItem(f"The best installed ({best})", BEST_VOICE)
        for voice_id, name in voices:
            self.voice_combo.addItem(name, voice_id)
        chosen = self.voice_combo.findData(settings.voice)
        if chosen < 0:  # a voice since removed: kept, and said so
            self.voice_combo.addItem(f"{settings.voice} (not installed)", settings.voice)
            chosen = self.voice_combo.count() - 1
        self.voice_combo.setCurrentIndex(chosen)
        form.addRow("Speaker:", self.voice_combo)
        self.no_voice_label = QLabel(
            "No voice is installed: steps are shown, not spoken. Install flite or espeak-ng, "
            "or a Piper voice (see the README)."
        )
        self.no_voice_label.setWordWrap(True)
        self.no_voice_label.setVisible(not voices)
        form.addRow(self.no_voice_label)

        self.rate_spin = QSpinBox()
        self.rate_spin.setAccessibleName("Speaking rate")
        self.rate_spin.setRange(80, 240)
        self.rate_spin.setSingleStep(10)
        self.rate_spin.setSuffix(" words a minute")
        self.rate_spin.setValue(settings.speech_rate)
        self.rate_spin.setToolTip(f"{CALM_WPM} is a calm pace")
        form.addRow("Pace:", self.rate_spin)

        self._initial_volume = round(settings.voice_volume * 100)
        self.volume_slider, self.volume_label, row = percent_slider(
            "Voice volume", self._initial_volume
        )
        self.volume_slider.setAccessibleDescription("How loud the voice is beside the cues")
        caption = QLabel("Voice volume:")
        caption.setBuddy(self.volume_slider)
        form.addRow(caption, row)

        self.mode_combo.currentIndexChanged.connect(self._follow_mode)
        self._follow_mode()

    def _follow_mode(self) -> None:
        on = self.mode_combo.currentData() != "off"
        for widget in (self.voice_combo, self.rate_spin, self.volume_slider):
            widget.setEnabled(on)

    def changes(self) -> dict[str, Any]:
        volume = self.volume_slider.value()
        return {
            "voice_mode": self.mode_combo.currentData(),
            "voice": self.voice_combo.currentData(),
            "speech_rate": self.rate_spin.value(),
            "voice_volume": (
                self._settings.voice_volume if volume == self._initial_volume else volume / 100
            ),
        }
