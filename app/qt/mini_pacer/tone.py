"""The mini pacer's breath tone (off by default): each phase's cue with the soft breath tone,
through the app's sound layer, as a session with the breath tone sounds.

The sound layer's buffers are made for one pattern at a time, and a session makes its own: the
pacer asks for its pattern's again after a session (``prepared`` goes false). The sound layer is
opened (shared with the window's sessions) only when the tone first sounds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from app.core.settings.settings import Settings

if TYPE_CHECKING:
    from app.core.session.mini_pacer import BreathPattern
    from app.core.session.timeline import Segment
    from app.qt.session.sound_port import SessionSound


class PacerTone(Protocol):
    def prepare(self, pattern: BreathPattern) -> None: ...

    def sound(self, segment: Segment, at_ns: int) -> None: ...


class SessionSoundTone:
    """The breath tone through the session's sound layer (*sound* opens it, or gives the one
    open; synthesis loads when first asked)."""

    def __init__(self, sound: Callable[[], SessionSound], settings: Callable[[], Settings]) -> None:
        self._sound = sound
        self._settings = settings

    def prepare(self, pattern: BreathPattern) -> None:
        if pattern.routine is None or pattern.timeline is None:
            return
        settings = self._settings().model_copy(update={"breath_tone": True})
        self._sound().prepare(pattern.routine, pattern.timeline, settings)

    def sound(self, segment: Segment, at_ns: int) -> None:
        if segment.cues:
            from app.core.session.player import CueDue

            self._sound().play(CueDue(segment.cues[0], segment, at_ns))
