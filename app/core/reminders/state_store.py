"""The scheduler's memory across restarts: a versioned JSON file, written atomically.

Instants that must survive a reboot are wall datetimes; the three clock readings taken at the save
let the next start tell how long the app was not running. Loading never fails: a file that cannot
be used is renamed with a timestamp, a fresh state takes its place, and the caller gets one
sentence for the user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from app.core.atomic import write_atomically

STATE_VERSION: Literal[1] = 1


class SchedulerState(BaseModel):
    """A snapshot of the scheduler. The default is a fresh start (no readings: nothing to carry)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = STATE_VERSION
    #: work time counted towards the next reminder
    accrued_work_ns: Annotated[int, Field(ge=0)] = 0
    last_session_end: AwareDatetime | None = None
    snooze_until: AwareDatetime | None = None
    pause_until: AwareDatetime | None = None
    #: the pause was asked as a length (pause_for), not as a time of day
    pause_relative: bool = False
    reminder_pending: bool = False
    #: the clocks when this snapshot was taken
    saved_at: AwareDatetime | None = None
    saved_monotonic_ns: int | None = None
    saved_boottime_ns: int | None = None


@dataclass(frozen=True, slots=True)
class LoadedState:
    state: SchedulerState
    notice: str | None = None  # one sentence for the user when the file could not be used


class SchedulerStateStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> LoadedState:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return LoadedState(SchedulerState())
        except OSError as error:
            return LoadedState(
                SchedulerState(),
                f"The reminder state could not be read ({error.strerror}); starting afresh.",
            )
        try:
            data: Any = json.loads(raw)
            return LoadedState(SchedulerState.model_validate(_migrate(data)))
        except (ValueError, ValidationError):
            moved = self._move_aside()
            where = f" The old file is kept as {moved.name}." if moved else ""
            return LoadedState(
                SchedulerState(), f"The reminder state was damaged, so it starts afresh.{where}"
            )

    def save(self, state: SchedulerState) -> None:
        text = json.dumps(state.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"))

    def _move_aside(self) -> Path | None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        try:
            self.path.replace(target)
        except OSError:
            return None
        return target


def _migrate(data: Any) -> Any:
    """Bring an older layout up to the current one. Version 1 is the first; nothing to do yet."""
    return data
