"""When a session's controls show: the rule that lets them fade while the user just breathes.

The buttons under the orb stay while the session is not playing (ready, paused, over) and for a
few seconds after the last mouse movement or key; then they fade, and the next movement or key
brings them back. Time comes from the caller, so the rule is tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.session.clock import NS_PER_S

#: How long the controls stay after the last movement or key.
CONTROLS_LINGER_NS = 3 * NS_PER_S


@dataclass(slots=True)
class ControlsFade:
    """Whether the controls show, from the last activity and whether a session is playing."""

    linger_ns: int = CONTROLS_LINGER_NS
    last_activity_ns: int = 0
    playing: bool = False

    def touch(self, now_ns: int) -> None:
        """The mouse moved or a key was pressed."""
        self.last_activity_ns = now_ns

    def set_playing(self, playing: bool, now_ns: int) -> None:
        """Playing or not; when play starts (or resumes) the controls get their full linger."""
        if playing and not self.playing:
            self.last_activity_ns = now_ns
        self.playing = playing

    def visible(self, now_ns: int) -> bool:
        return not self.playing or now_ns - self.last_activity_ns < self.linger_ns

    def next_change_ns(self, now_ns: int) -> int | None:
        """When the controls are due to fade (to wake up then), or None if they are not."""
        if not self.visible(now_ns):
            return None
        return self.last_activity_ns + self.linger_ns if self.playing else None
