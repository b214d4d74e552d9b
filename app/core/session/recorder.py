"""Writes a session into the history as it goes: started, progress, journal, finished.

A session in progress is saved every few seconds of practice, so a crash leaves it recorded as
partial. Only its start is written at once (the session needs its id); everything after is handed
to the store's ``later``, which writes on the store's worker thread once background writes have
started, so the thread that sounds the cues never waits on the disk. The history being
unavailable (no store, a full disk) never stops a session: the first failure becomes
``problem``, one sentence for the user, and the session runs on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta, tzinfo
from functools import partial
from typing import TypeVar

from app.core.history import CheckIn, HistoryStore, HistoryUnavailable, Moment, routine_hash
from app.core.history.stats import local_day, streak_of_days
from app.core.history.store import WriteError
from app.core.routine.model import Routine
from app.core.session.player import Finished, Snapshot
from app.core.session.timeline import Segment

PROGRESS_EVERY_MS = 5_000
#: How many days back the close page's streak first looks (further only for a longer streak).
STREAK_LOOK_BACK_DAYS = 62

T = TypeVar("T")


class SessionRecorder:
    def __init__(self, store: HistoryStore | None, unavailable: str | None = None) -> None:
        self._store = store
        self._problem = unavailable if store is None else None
        self._session: int | None = None
        self._began_at: datetime | None = None  # when the session began, by the store's clock
        self._next_progress_ms = PROGRESS_EVERY_MS
        self._journal_segment: Segment | None = None
        self._has_before = False
        self._check_ins: dict[Moment, CheckIn] = {}

    @property
    def problem(self) -> str | None:
        """Why history is not being saved, or None while all is well."""
        return self._problem

    @property
    def session_id(self) -> int | None:
        return self._session

    def begin(self, routine: Routine, before: CheckIn | None) -> None:
        self._session = None
        self._next_progress_ms = PROGRESS_EVERY_MS
        self._journal_segment = None
        self._has_before = before is not None
        self._check_ins = {} if before is None else {"before": before}
        store = self._store
        self._began_at = None
        if store is not None:
            self._began_at = self._safely(store.now)
            self._session = self._safely(
                lambda: store.begin_session(routine.id, routine.name, routine_hash(routine), before)
            )

    def progress(self, snapshot: Snapshot) -> None:
        """Save where the session stands once per few seconds of practice (not per frame)."""
        if snapshot.elapsed_ms < self._next_progress_ms:
            return
        self._next_progress_ms = (snapshot.elapsed_ms // PROGRESS_EVERY_MS + 1) * PROGRESS_EVERY_MS
        self._write(
            lambda store, session: store.record_progress(
                session, snapshot.elapsed_ms / 1000, snapshot.segment.step
            )
        )

    def segment_changed(self, segment: Segment, journal_text: str) -> None:
        """A new segment began: a journal step that just ended has its text saved."""
        self._save_journal(journal_text)
        self._journal_segment = segment if segment.kind == "journal" else None

    def finish(self, finished: Finished, journal_text: str) -> None:
        self._save_journal(journal_text)
        self._journal_segment = None
        self._write(
            lambda store, session: store.finish_session(
                session,
                completed=finished.completed,
                practised_s=finished.practised_ms / 1000,
                step=finished.step,
            ),
            wait=True,
        )

    def check_in(self, moment: Moment) -> CheckIn | None:
        """The session's check-in at *moment*, as answered (saved or not)."""
        return self._check_ins.get(moment)

    def streak(self, practised_ms: int, tz: tzinfo | None = None) -> int | None:
        """Days in a row with practice as this session closes, by the History's rule
        (``streak_of_days``): its day counts if *practised_ms* is more than nothing, even before
        its time is saved. None without a history to count in.

        Only the last weeks are read (the days with practice, not whole sessions), further
        back only while the streak reaches the edge of what was read."""
        store = self._store
        if store is None:
            return None
        now = self._safely(store.now)
        if now is None:
            return None
        today = local_day(now, tz)
        look_back = STREAK_LOOK_BACK_DAYS
        while True:
            first = today - timedelta(days=look_back)
            since = datetime.combine(first, time(), tzinfo=tz).astimezone(tz)
            starts = self._safely(partial(store.practice_starts, since))
            if starts is None:
                return None
            days = {local_day(start, tz) for start in starts}
            if practised_ms > 0 and self._began_at is not None:
                days.add(local_day(self._began_at, tz))
            streak = streak_of_days(days, today)
            if streak < look_back - 1:  # its first day is well inside what was read
                return streak
            look_back *= 4

    def after_check_in(self, check_in: CheckIn) -> None:
        self._check_ins["after"] = check_in
        self._write(
            lambda store, session: store.record_check_in(session, "after", check_in), wait=True
        )

    def step_check_in(self, check_in: CheckIn) -> None:
        """A routine's own check-in step: the one before, if there is none yet, else the one
        after (a later one replaces it)."""
        moment: Moment = "after" if self._has_before else "before"
        self._has_before = True
        self._check_ins[moment] = check_in
        self._write(
            lambda store, session: store.record_check_in(session, moment, check_in), wait=True
        )

    def _save_journal(self, text: str) -> None:
        segment = self._journal_segment
        if segment is None or not text.strip():
            return
        prompt = segment.prompt or segment.label
        self._write(lambda store, session: store.add_journal(session, prompt, text.strip()))

    def _write(self, action: Callable[[HistoryStore, int], object], *, wait: bool = False) -> None:
        """Hand *action* to the store's writes; with *wait*, return once it is written (for the
        moments with no cue to keep on time: the end, a check-in), so ``problem`` is up to date.
        """
        store, session = self._store, self._session
        if store is not None and session is not None:
            store.later(lambda written_to: action(written_to, session), self._failed)
            if wait:
                store.wait_for_writes()

    def _safely(self, action: Callable[[], T]) -> T | None:
        try:
            return action()
        except (HistoryUnavailable, ValueError) as error:
            self._failed(error)
        return None

    def _failed(self, error: WriteError) -> None:
        """Keep the first failure as the problem (called on the store's worker, for writes)."""
        if self._problem is not None:
            return
        if isinstance(error, HistoryUnavailable):
            self._problem = error.message
        else:  # e.g. a journal entry beyond the length kept
            self._problem = f"History kept the session, but not this: {error}."
