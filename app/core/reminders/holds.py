"""What keeps a reminder back for a while: a snooze, a pause, the gap after a session.

Lengths the user asked for (a snooze, ``pause_for``, the gap) are kept in boottime, which counts
real time, sleep included, and never jumps with the wall clock. A pause until a time of day is
kept as a wall instant and read against the wall clock as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.reminders.clocks import Readings


@dataclass(slots=True)
class Holds:
    snooze_until: int | None = None  # boottime
    pause_until_boot: int | None = None  # boottime (pause_for)
    pause_until_wall: int | None = None  # wall epoch ns (pause_until)
    last_session_end: int | None = None  # boottime

    def expire(self, now: Readings) -> None:
        if self.snooze_until is not None and self.snooze_until <= now.boot:
            self.snooze_until = None
        if self.pause_until_boot is not None and self.pause_until_boot <= now.boot:
            self.pause_until_boot = None
        if self.pause_until_wall is not None and self.pause_until_wall <= now.wall:
            self.pause_until_wall = None

    def clear_pause(self) -> None:
        self.pause_until_boot = self.pause_until_wall = None

    def blocked(self) -> bool:
        """Paused or snoozed (as of the last ``expire``)."""
        return any(t is not None for t in (self.snooze_until, *self._pauses()))

    def _pauses(self) -> tuple[int | None, int | None]:
        return self.pause_until_boot, self.pause_until_wall

    def pause_end_wall(self, now: Readings) -> int | None:
        """When the pause ends, as a wall instant."""
        if self.pause_until_wall is not None:
            return self.pause_until_wall
        return wall_of(self.pause_until_boot, now)

    def free_from(self, start: int, wall_off: int, boot_off: int) -> int:
        """The first monotonic instant at or after ``start`` that no hold covers, given how the
        span maps to the wall clock (``wall = mono + wall_off``) and to boottime."""
        free = start
        for deadline, off in (
            (self.snooze_until, boot_off),
            (self.pause_until_boot, boot_off),
            (self.pause_until_wall, wall_off),
        ):
            if deadline is not None:
                free = max(free, deadline - off)
        return free

    def gap_end(self, min_gap_ns: int) -> int | None:
        return None if self.last_session_end is None else self.last_session_end + min_gap_ns

    def ends(self, now: Readings) -> list[int]:
        """The monotonic instants at which a snooze or a pause ends, as the clocks read now."""
        boot_off, wall_off = now.boot - now.mono, now.wall - now.mono
        found = [t - boot_off for t in (self.snooze_until, self.pause_until_boot) if t is not None]
        if self.pause_until_wall is not None:
            found.append(self.pause_until_wall - wall_off)
        return found


def wall_of(boot: int | None, now: Readings) -> int | None:
    """A boottime instant as a wall instant, as the clocks read now."""
    return None if boot is None else now.wall + (boot - now.boot)
