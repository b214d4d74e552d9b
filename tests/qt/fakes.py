"""Test doubles for the collaborators a session needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.routine.model import Routine
from app.core.session.player import CueDue
from app.core.session.timeline import Timeline
from app.core.settings.settings import Settings

if TYPE_CHECKING:
    from app.audio.session_sound import SpeechJob
    from app.audio.speech import SessionSpeech


@dataclass
class RecordingSound:
    """A SessionSound that remembers what it was asked to do."""

    problem: str | None = None
    notice: str | None = None
    prepared: list[Timeline] = field(default_factory=list)
    played: list[CueDue] = field(default_factory=list)
    volume: float = 0.8
    muted: bool = False
    stopped: int = 0

    #: what ``speech_job`` hands the session (None: nothing to say, the session starts at once)
    job: SpeechJob | None = None
    speech: list[SessionSpeech | None] = field(default_factory=list)

    def speech_job(
        self, routine: Routine, timeline: Timeline, settings: Settings
    ) -> SpeechJob | None:
        return self.job

    def prepare(
        self,
        routine: Routine,
        timeline: Timeline,
        settings: Settings,
        speech: SessionSpeech | None = None,
    ) -> None:
        self.prepared.append(timeline)
        self.speech.append(speech)
        self.volume, self.muted = settings.volume, settings.muted

    def play(self, event: CueDue) -> None:
        self.played.append(event)

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def stop(self) -> None:
        self.stopped += 1

    @property
    def cue_names(self) -> list[str]:
        return [event.cue for event in self.played]
