"""What a session needs from the sound layer, and a stand-in that plays nothing.

``SessionSound`` is implemented by ``app.audio.session_sound``; ``NoSound`` serves pictures of the
app and benches that measure something else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from app.core.routine.model import Routine
from app.core.session.player import CueDue
from app.core.session.timeline import Timeline
from app.core.settings.settings import Settings

if TYPE_CHECKING:
    from app.audio.session_sound import SpeechJob
    from app.audio.speech import SessionSpeech


class SessionSound(Protocol):
    """What a session needs from the sound layer (see app.audio.session_sound)."""

    @property
    def problem(self) -> str | None: ...

    @property
    def notice(self) -> str | None: ...

    def speech_job(
        self, routine: Routine, timeline: Timeline, settings: Settings
    ) -> SpeechJob | None: ...

    def prepare(
        self,
        routine: Routine,
        timeline: Timeline,
        settings: Settings,
        speech: SessionSpeech | None = None,
    ) -> None: ...

    def play(self, event: CueDue) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def stop(self) -> None: ...


class NoSound:
    """A ``SessionSound`` that plays nothing and has nothing to say: for pictures of the app and
    for benches that measure something else."""

    problem: str | None = None
    notice: str | None = None

    def speech_job(
        self, routine: Routine, timeline: Timeline, settings: Settings
    ) -> SpeechJob | None:
        return None

    def prepare(
        self,
        routine: Routine,
        timeline: Timeline,
        settings: Settings,
        speech: SessionSpeech | None = None,
    ) -> None: ...

    def play(self, event: CueDue) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def set_muted(self, muted: bool) -> None: ...

    def stop(self) -> None: ...
