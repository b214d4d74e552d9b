"""A simulated workday run through the app's own reminder code (``bench/workday.py``).

The scheduler and the runner are the ones the app runs; only the world around them is made up:
fake clocks, a fake desktop that tells idle time, a presenter that answers each reminder as the
trace says, and the state file the app writes and reads on a restart. Nothing here decides about
reminders: the simulation only moves time, asks the runner to wake when it said so, and does what
the app does around a sleep (it wakes the runner just before and just after, as logind's
``PrepareForSleep`` does), a quit (``stop``, which saves) and a start (a new scheduler from the
saved state).

A trace, as JSON::

    {"start": "2026-12-07T08:55:00", "zone": "Europe/Berlin",
     "reminders": {"interval_min": 90, "idle_threshold_min": 5},
     "input_gap_s": 20, "answer": "start", "seed": 1,
     "spans": [["active", 120], ["away", 7], ["asleep", 45], ["closed", 30], ["active", 200]]}

``active``: at the computer; each time idle time is asked, the desktop says a random time since
the last input, uniform in ``[0, input_gap_s]`` (never more than the time since the user came back).
``away``: no input at all. ``asleep``: the machine suspended (awake time stops; real time and the
wall clock go on). ``closed``: Unbrace not running. Idle time is counted in awake time, as
desktops count it.
"""

from __future__ import annotations

import functools
import json
import random
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.reminders.clocks import NS_PER_MIN, NS_PER_S, FakeClocks
from app.core.reminders.runner import (
    REMINDER_TIMEOUT_MS,
    ReminderChoice,
    ReminderOffer,
    ReminderRunner,
)
from app.core.reminders.scheduler import ReminderScheduler
from app.core.reminders.state_store import SchedulerState, SchedulerStateStore
from app.core.settings.reminder_settings import ReminderSettings

NS_PER_MS = 1_000_000
#: the pause routine's length when the routine cannot be read (the default one lasts 3 minutes)
FALLBACK_SESSION_MIN = 3.0

State = Literal["active", "away", "asleep", "closed"]
Answer = Literal["start", "snooze", "skip", "ignore"]
ANSWERS: dict[str, ReminderChoice] = {
    "start": ReminderChoice.START,
    "snooze": ReminderChoice.SNOOZE,
    "skip": ReminderChoice.SKIP,
}


class Trace(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: datetime
    zone: str
    reminders: dict[str, Any] = Field(default_factory=dict)
    input_gap_s: Annotated[float, Field(ge=0, le=24 * 3600)] = 0.0
    answer: Answer = "skip"
    spans: list[tuple[State, Annotated[float, Field(gt=0, le=7 * 24 * 60)]]]
    seed: int = 0

    @field_validator("start")
    @classmethod
    def _naive(cls, value: datetime) -> datetime:
        if value.tzinfo is not None:
            raise ValueError("start is a local wall time in the trace's zone, without an offset")
        return value

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("reminders")
    @classmethod
    def _settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        ReminderSettings.model_validate(value)  # the keys of settings.json's "reminders"
        return value


class TraceError(ValueError):
    """A trace that cannot be run; the message is one line naming the field."""


def read_trace(path: Path) -> Trace:
    try:
        return Trace.model_validate_json(path.read_bytes())
    except OSError as error:
        raise TraceError(f"{path}: {error.strerror or error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top)"
        raise TraceError(f"{path}: {where}: {first['msg']}") from error


@dataclass(frozen=True, slots=True)
class SimReminder:
    at: datetime  # local, in the trace's zone
    work_min: float  # the work counted when it came

    def as_json(self) -> dict[str, object]:
        return {"at": self.at.isoformat(timespec="seconds"), "work_min": round(self.work_min, 1)}


class FakeDesktop:
    """Idle time as the trace's user makes it, counted in awake time."""

    def __init__(self, clocks: FakeClocks, gap_s: float, seed: int) -> None:
        self._clocks = clocks
        self._gap_ns = round(gap_s * NS_PER_S)
        self._random = random.Random(seed)
        self.state: State = "active"
        self._since = clocks.mono  # the user came back (active) or left (away) then
        self._told: tuple[int, int] | None = None  # the last reading: (when, the input it told)

    def enter(self, state: State) -> None:
        """The user comes back (active) or leaves (anything else) now, or carries on. Leaving,
        the last input was now, unless idle time was read at this very moment (as the machine
        went to sleep, or the app quit): then it was where that reading said."""
        now = self._clocks.mono
        if state == "active" and self.state != "active":
            self._since = now
        elif state != "active" and self.state == "active":
            told = self._told
            self._since = told[1] if told is not None and told[0] == now else now
        self.state = state

    def idle_seconds(self) -> float | None:
        back_for = self._clocks.mono - self._since
        if self.state == "active":
            drawn = min(round(self._random.uniform(0, self._gap_ns)), back_for)
            self._told = (self._clocks.mono, self._clocks.mono - drawn)
            return drawn / NS_PER_S
        return back_for / NS_PER_S  # no input since the user left


class ScriptedUser:
    """The runner's presenter: records each reminder and answers it as the trace says."""

    def __init__(self, clocks: FakeClocks, answer: Answer) -> None:
        self._clocks = clocks
        self._answer = answer
        self.runner: ReminderRunner | None = None
        self.found: list[SimReminder] = []
        self.to_answer: ReminderChoice | None = None  # answered once the wake is over
        self.expires_at: int | None = None  # an ignored reminder counts as missed then

    def present(self, offer: ReminderOffer) -> None:
        assert self.runner is not None
        work = self.runner.scheduler.accrued_work_ns / NS_PER_MIN
        self.found.append(SimReminder(self._clocks.now(), work))
        if self._answer == "ignore":
            self.expires_at = self._clocks.mono + REMINDER_TIMEOUT_MS * NS_PER_MS
        else:
            self.to_answer = ANSWERS[self._answer]

    def withdraw(self) -> None:
        self.to_answer = None
        self.expires_at = None

    def inhibited(self) -> bool | None:
        return None


class SavedAtQuit:
    """The runner's store: the app saves at every wake; the simulation keeps the latest state
    and writes it with the app's own store when the app quits (the same file, the same bytes,
    without an fsync per simulated wake)."""

    def __init__(self, store: SchedulerStateStore) -> None:
        self.store = store
        self.latest: SchedulerState | None = None

    def save(self, state: SchedulerState) -> None:
        self.latest = state

    def flush(self) -> None:
        if self.latest is not None:
            self.store.save(self.latest)


@functools.cache
def session_minutes(routines: Path, routine_id: str) -> float:
    """How long the pause routine runs when left to the end."""
    from app.core.routine.loader import (
        load_routine_file,  # the routine model loads only when needed
    )
    from app.core.session.timeline import compile_routine

    try:
        total = compile_routine(load_routine_file(routines / f"{routine_id}.yaml")).total_ms
    except (OSError, ValueError):
        return FALLBACK_SESSION_MIN
    return FALLBACK_SESSION_MIN if total is None else total / 60_000


class Simulation:
    def __init__(self, trace: Trace, state_dir: Path, routines: Path) -> None:
        zone = ZoneInfo(trace.zone)
        self.clocks = FakeClocks(trace.start.replace(tzinfo=zone))
        self.settings = ReminderSettings.model_validate(trace.reminders)
        self.store = SchedulerStateStore(state_dir / "reminders.json")
        self.saved = SavedAtQuit(self.store)
        self.desktop = FakeDesktop(self.clocks, trace.input_gap_s, trace.seed)
        self.user = ScriptedUser(self.clocks, trace.answer)
        self.trace = trace
        routine = self.settings.pause_routine
        self.session_ns = round(session_minutes(routines, routine) * NS_PER_MIN)
        self.session_ends: int | None = None
        self.runner: ReminderRunner | None = None

    # ------------------------------------------------------------------ what the app does

    def launch(self) -> None:
        """The app starts: the scheduler from the state file, as ``attach_desktop`` builds it."""
        state = self.store.load().state
        scheduler = ReminderScheduler(self.settings.to_rules(), self.clocks, state)
        runner = ReminderRunner(
            scheduler,
            self.clocks,
            self.saved,
            self.user,
            self.desktop,
            lambda: (self.settings.pause_routine, self.settings.pause_routine),
        )
        runner.on_start = self._start_session
        self.user.runner = self.runner = runner
        runner.start()
        self._settle()

    def quit(self) -> None:
        """The app ends: a session stops unfinished; the runner saves its state."""
        if self.runner is None:
            return
        if self.session_ends is not None:
            self.session_ends = None
            self.runner.session_finished(completed=False)
        self.runner.stop()
        self.saved.flush()
        self.user.withdraw()
        self.runner = self.user.runner = None

    def _start_session(self, _routine_id: str) -> None:
        assert self.runner is not None
        self.runner.session_started()
        self.session_ends = self.clocks.mono + self.session_ns

    def _settle(self) -> None:
        """Answers given at once are given right after the wake that showed the reminder."""
        while self.runner is not None and self.user.to_answer is not None:
            choice, self.user.to_answer = self.user.to_answer, None
            self.runner.answer(choice)

    # ------------------------------------------------------------------ the day

    def run(self) -> list[SimReminder]:
        self.launch()
        for index, (state, minutes) in enumerate(self.trace.spans):
            span_ns = round(minutes * NS_PER_MIN)
            if state == "asleep":
                self._sleep(span_ns, self._next_state(index))
            elif state == "closed":
                self.quit()
                self.desktop.enter("closed")
                self.clocks.advance(span_ns / NS_PER_S)
                self.desktop.enter(self._next_state(index))  # as the user is found at the start
                self.launch()
            else:
                self.desktop.enter(state)
                self._awake_until(self.clocks.mono + span_ns)
        return self.user.found

    def _next_state(self, index: int) -> State:
        """How the user is found at a wake or a start: at the computer if the next span is
        active, else away."""
        following = self.trace.spans[index + 1 : index + 2]
        return "active" if following and following[0][0] == "active" else "away"

    def _sleep(self, span_ns: int, after: State) -> None:
        if self.session_ends is not None and self.runner is not None:
            self.session_ends = None  # the session stops with the machine
            self.runner.session_finished(completed=False)
        if self.runner is not None:
            self.runner.wake()  # PrepareForSleep(true)
            self._settle()
        self.desktop.enter("asleep")
        self.clocks.suspend(span_ns / NS_PER_S)
        self.desktop.enter(after)
        if self.runner is not None:
            self.runner.wake()  # PrepareForSleep(false)
            self._settle()

    def _awake_until(self, end: int) -> None:
        while True:
            runner = self.runner
            assert runner is not None
            events: list[int] = []
            wake = runner.next_wake_ns()
            if wake is not None:
                events.append(wake)
            if self.user.expires_at is not None:
                events.append(self.user.expires_at)
            if self.session_ends is not None:
                events.append(self.session_ends)
            if not events or min(events) > end:  # what falls due at the very end happens first
                self.clocks.advance_to(end)
                return
            at = max(self.clocks.mono, min(events))
            self.clocks.advance_to(at)
            if self.session_ends is not None and at >= self.session_ends:
                self.session_ends = None
                runner.session_finished(completed=True)
            elif self.user.expires_at is not None and at >= self.user.expires_at:
                self.user.expires_at = None
                runner.answer(ReminderChoice.MISSED)
            else:
                runner.wake()
            self._settle()


def simulate(trace: Trace, routines: Path) -> list[SimReminder]:
    with tempfile.TemporaryDirectory(prefix="unbrace-workday-") as folder:
        return Simulation(trace, Path(folder), routines).run()


def report(reminders: list[SimReminder]) -> str:
    return json.dumps({"reminders": [r.as_json() for r in reminders]})
