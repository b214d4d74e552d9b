"""The scheduler's memory across restarts: a versioned JSON file, written atomically.

Instants that must survive a reboot are wall datetimes; the three clock readings taken at the save
let the next start tell how long the app was not running. Loading never fails: a file that cannot
be used is renamed with a timestamp, a fresh state takes its place, and the caller gets one
sentence for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from app.core.files.state_files import OUT_OF_RANGE, StateFileDamaged, check_instant, parse_json
from app.core.files.state_load import JsonStateStore, StateFileWords, load_json_state

STATE_VERSION: Literal[1] = 1
#: a damaged state file is kept as ``reminders.json.broken-<timestamp>``
BROKEN_MARK = "broken"
#: a saved instant further ahead of the present than this is damage (a pause is hours or days)
MAX_AHEAD = timedelta(days=400)
#: clock readings and counts are nanoseconds that fit 63 bits
_NS = Annotated[int, Field(ge=0, le=2**63 - 1)]


_Instant = Annotated[AwareDatetime, AfterValidator(check_instant)]


class SchedulerState(BaseModel):
    """A snapshot of the scheduler. The default is a fresh start (no readings: nothing to carry)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = STATE_VERSION
    #: work time counted towards the next reminder
    accrued_work_ns: _NS = 0
    last_session_end: _Instant | None = None
    snooze_until: _Instant | None = None
    pause_until: _Instant | None = None
    #: the pause was asked as a length (pause_for), not as a time of day
    pause_relative: bool = False
    reminder_pending: bool = False
    #: the user was last seen (an input) then; the quiet time before the save counts towards an
    #: absence together with the time the app was not running
    last_seen_at: _Instant | None = None
    #: the clocks when this snapshot was taken
    saved_at: _Instant | None = None
    saved_monotonic_ns: _NS | None = None
    saved_boottime_ns: _NS | None = None


@dataclass(frozen=True, slots=True)
class LoadedState:
    state: SchedulerState
    notice: str | None = None  # one sentence for the user when the file could not be used


_WORDS = StateFileWords(
    folder="The reminder state could not be read: {path} is a folder, not a file; starting "
    "afresh. Move that folder away so that reminders can be saved.",
    refused="The reminder state could not be read ({reason}); starting afresh. Check the "
    "permissions of {path}.",
    set_aside="The reminder state {what}, so it starts afresh.{where}",
    stuck="Move {path} away, or reminders cannot be saved.",
    mark=BROKEN_MARK,
)


class SchedulerStateStore(JsonStateStore[SchedulerState]):
    def load(self, now: datetime | None = None) -> LoadedState:
        """The saved state, or a fresh one and a sentence saying why.

        With *now* (an aware datetime), an instant saved further ahead of it than
        ``MAX_AHEAD`` is damage too: no reminder is held off for years by a bad file.
        """

        def parse(raw: bytes) -> SchedulerState:
            try:
                state = SchedulerState.model_validate(_migrate(parse_json(raw)))
            except ValueError as error:  # pydantic's ValidationError is one; so is JSON too deep
                found = "holds a date out of range" if OUT_OF_RANGE in str(error) else "was damaged"
                raise StateFileDamaged(found) from None
            if now is not None and too_far_ahead(state, now):
                raise StateFileDamaged("holds a date too far in the future")
            return state

        state, notice = load_json_state(self.path, parse, SchedulerState, _WORDS, datetime.now)
        return LoadedState(state, notice)


def too_far_ahead(state: SchedulerState, now: datetime) -> bool:
    """True when an instant of *state* lies more than ``MAX_AHEAD`` after *now*."""
    horizon = now + MAX_AHEAD
    moments = (getattr(state, name) for name in type(state).model_fields)  # every instant
    return any(isinstance(moment, date) and moment > horizon for moment in moments)


def _migrate(data: Any) -> Any:
    """Bring an older layout up to the current one. Version 1 is the first; nothing to do yet."""
    return data
