"""User settings: a versioned JSON file, written atomically; a broken one is moved aside.

Every bound lives in the model, so a value out of range is caught when the file is read, never
clamped later. Loading never fails: a file that cannot be used is renamed with a timestamp,
defaults take its place, and the caller gets one sentence to show the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.files.state_files import StateFileDamaged
from app.core.files.state_load import JsonStateStore, StateFileWords, load_json_state
from app.core.settings.appearance import Appearance
from app.core.settings.mini_pacer_settings import MiniPacerSettings
from app.core.settings.reminder_settings import ReminderSettings, RoutineId

SETTINGS_VERSION: Literal[1] = 1
#: a damaged settings file is kept as ``settings.json.broken-<timestamp>``
BROKEN_MARK = "broken"

#: What the voice says: nothing, each step's label and prompt, or those and each breath's word.
VoiceMode = Literal["off", "prompts", "breath_words"]
#: The voice setting that means "the best voice installed".
BEST_VOICE = "auto"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = SETTINGS_VERSION
    volume: Annotated[float, Field(ge=0, le=1)] = 0.8
    muted: bool = False
    breath_tone: bool = False
    reduced_motion: bool = False
    count_in: bool = True
    medical_notice_seen: bool = False
    #: routine id → the safety text the user acknowledged (a changed text asks again)
    safety_acknowledged: dict[str, str] = {}
    #: pause reminders: days, hours, interval, idle threshold, the routine offered
    reminders: ReminderSettings = ReminderSettings()
    #: start hidden in the tray even without --tray (when there is a tray)
    start_in_tray: bool = False
    #: the one-time notice that closing the window keeps the app in the tray was shown
    tray_notice_seen: bool = False
    #: ask how the back feels before and after each routine
    check_ins: bool = True
    #: routines kept at the top of the tray's Routines menu, by id
    favourites: Annotated[list[RoutineId], Field(max_length=50)] = []
    #: spoken guidance: what is said, by which voice (an id, or "auto": the best installed),
    #: how fast (words a minute) and how loud relative to the cues
    voice_mode: VoiceMode = "prompts"
    voice: Annotated[str, Field(min_length=1, max_length=200)] = BEST_VOICE
    speech_rate: Annotated[int, Field(ge=80, le=240)] = 140
    voice_volume: Annotated[float, Field(ge=0, le=1)] = 1.0
    #: the colour scheme of the library, journal and history (a session is always dark)
    appearance: Appearance = "system"
    #: the mini pacer at the edge of the screen: size, breath tone, its place per screen layout
    mini_pacer: MiniPacerSettings = MiniPacerSettings()


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    settings: Settings
    notice: str | None = None  # one sentence for the user when the file could not be used


_WORDS = StateFileWords(
    folder="Settings could not be read: {path} is a folder, not a file; using defaults. Move "
    "that folder away so that your settings can be saved.",
    refused="Settings could not be read ({reason}); using defaults. Check the permissions of "
    "{path}.",
    set_aside="Your settings file {what}, so the defaults are in use.{where}",
    stuck="Move {path} away, or Unbrace cannot save your settings.",
    mark=BROKEN_MARK,
)


class SettingsStore(JsonStateStore[Settings]):
    def load(self) -> LoadedSettings:
        """The saved settings, or the defaults and a sentence saying why; a damaged file is
        renamed to ``settings.json.broken-<timestamp>`` (an earlier one is kept)."""
        settings, notice = load_json_state(self.path, _parse, Settings, _WORDS, datetime.now)
        return LoadedSettings(settings, notice)


def _parse(raw: bytes) -> Settings:
    try:
        # Strict: a string where a number or true/false belongs is damage, not a value.
        return Settings.model_validate_json(raw, strict=True)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        version = _other_version(error)
    raise StateFileDamaged(
        "was damaged"
        if version is None
        else f"is from another version of Unbrace (settings version {version})"
    )


def _other_version(error: ValueError) -> object | None:
    """The version a file names when it is a whole number other than the one this app reads."""
    if not isinstance(error, ValidationError):
        return None
    for detail in error.errors():
        value = detail.get("input")
        if detail["loc"] == ("version",) and type(value) is int and value != SETTINGS_VERSION:
            return value
    return None
