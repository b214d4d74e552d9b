"""The history store: sessions, check-ins and journal entries in one SQLite file.

Opening never raises: a damaged file is moved aside and a new one started, an unusable folder
gives no store, and either way the caller gets one sentence for the user. After that every method
raises only ``HistoryUnavailable`` (plus ``ValueError`` for arguments that break the records'
rules). Each write is one transaction, so a failure or a kill leaves what was saved before as it
was; a session in progress is written as it goes, and one that was never finished is marked
``partial`` the next time the file is opened.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.history import reading
from app.core.history.connection import Damaged, connect, roll_back
from app.core.history.errors import (
    HistoryUnavailable,
    not_opened,
    not_read,
    not_saved,
    reason_of,
)
from app.core.history.export import write_export
from app.core.history.files import NotAFile, move_aside, remove_set_aside
from app.core.history.files import set_aside_files as _set_aside_files
from app.core.history.practices import PracticeRecord, insert_practice, load_practices
from app.core.history.records import (
    DEFAULT_EMOTIONS,
    CheckIn,
    DeletionSummary,
    JournalEntry,
    Moment,
    SessionRecord,
    check_journal_text,
    utc,
)
from app.core.history.recover import recover_all
from app.core.history.schema import NewerSchema
from app.core.history.write_behind import WriteBehind
from app.core.history.writes import check_progress, must_exist, put_check_in, update_session

WallClock = Callable[[], datetime]
#: What a write handed to ``later`` may raise for the caller to hear of.
WriteError = HistoryUnavailable | ValueError

_NEWER = (
    "Your history was written by a newer version of Unbrace, so this version leaves it "
    "untouched; sessions run but are not saved."
)
_DAMAGED = "Your history file was damaged."


@dataclass(frozen=True, slots=True)
class OpenedHistory:
    """The store (None when history cannot be kept) and a sentence for the user, if any."""

    store: HistoryStore | None
    notice: str | None = None
    set_aside: Path | None = None  # where a damaged file was moved; ``recover`` reads it


class HistoryStore:
    """Build with ``HistoryStore.open``; the constructor only keeps what it is given."""

    def __init__(self, conn: sqlite3.Connection, path: Path, wall_clock: WallClock) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._wall_clock = wall_clock
        self._lock = threading.RLock()  # one thread at a time on the connection
        self._writes = WriteBehind()
        self._handed_over = threading.local()  # on the worker: when the running write was given

    # ------------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: Path,
        wall_clock: WallClock,
        *,
        connection_factory: type[sqlite3.Connection] = sqlite3.Connection,
    ) -> OpenedHistory:
        """Open or create the file at *path*; never raises.

        *wall_clock* gives aware datetimes (history dates); *connection_factory* is a
        ``sqlite3.Connection`` subclass, for tests that make SQLite fail on purpose.
        """
        damaged = _DAMAGED
        try:
            return OpenedHistory(cls(connect(path, connection_factory), path, wall_clock))
        except NewerSchema:
            return OpenedHistory(None, _NEWER)
        except Damaged:
            pass
        except NotAFile as error:  # a link is not followed, a pipe not waited on: set aside
            damaged = f"Your history file was {error.found}, not a regular file."
        except (sqlite3.Error, OSError) as error:
            return OpenedHistory(None, not_opened(error).message)
        try:
            moved = move_aside(path, utc(wall_clock()))
        except OSError as error:
            return OpenedHistory(
                None,
                f"{damaged} It could not be moved aside ({reason_of(error)}), so sessions run "
                "but are not saved; move it away and restart Unbrace.",
            )
        try:
            store = cls(connect(path, connection_factory), path, wall_clock)
        except (Damaged, NewerSchema, sqlite3.Error, OSError) as error:
            return OpenedHistory(
                None, f"{damaged} It is kept as {moved.name}. {not_opened(error).message}", moved
            )
        return OpenedHistory(
            store,
            f"{damaged} It is kept as {moved.name} and a new history has been started; export "
            "can still read what is recoverable from the old file.",
            moved,
        )

    def close(self) -> None:
        """Finish the writes handed to ``later``, then close the file."""
        self._writes.stop()
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # ------------------------------------------------------------------------ write-behind

    def start_background_writes(self) -> None:
        """From now on, ``later`` runs writes on a worker thread (see ``write_behind``)."""
        self._writes.start()

    def wait_for_writes(self) -> None:
        """Return once every write handed to ``later`` so far has been made (or has failed)."""
        self._writes.drain()

    def later(
        self, write: Callable[[HistoryStore], object], on_error: Callable[[WriteError], None]
    ) -> None:
        """Run *write* with this store after every write handed over before it, without waiting
        for it (once background writes have started); what it raises goes to *on_error*, on the
        worker thread. Every read, and every write made directly, waits for these first."""

        given = self._now()  # the write says when it happened, not when the disk got to it

        def run() -> None:
            self._handed_over.at = given
            try:
                write(self)
            except (HistoryUnavailable, ValueError) as error:
                on_error(error)
            finally:
                self._handed_over.at = None

        self._writes.submit(run)

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------ writing

    def begin_session(
        self, routine_id: str, routine_name: str, routine_hash: str, before: CheckIn | None
    ) -> int:
        """Record that a session has started; returns its id."""
        now = reading.time_text(self._now())
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (routine_id, routine_name, routine_hash, started_at, "
                "status, practised_s, updated_at) VALUES (?, ?, ?, ?, 'in_progress', 0, ?)",
                (routine_id, routine_name, routine_hash, now, now),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            if before is not None:
                put_check_in(conn, session_id, "before", before)
        return session_id

    def record_progress(self, session_id: int, practised_s: float, step: int) -> None:
        """Where a running session stands: one small transaction, cheap to call often.

        A session already finished keeps its final state.
        """
        check_progress(practised_s, step)
        now = reading.time_text(self._now())
        with self._write() as conn:
            update_session(
                conn,
                session_id,
                "UPDATE sessions SET practised_s = ?, ended_step = ?, updated_at = ? "
                "WHERE id = ? AND status IN ('in_progress', 'partial')",
                (practised_s, step, now, session_id),
            )

    def finish_session(
        self,
        session_id: int,
        *,
        completed: bool,
        practised_s: float,
        step: int,
        after: CheckIn | None = None,
    ) -> None:
        """The session ended: ``completed``, or stopped at *step*."""
        check_progress(practised_s, step)
        now = reading.time_text(self._now())
        with self._write() as conn:
            update_session(
                conn,
                session_id,
                "UPDATE sessions SET status = ?, ended_at = ?, updated_at = ?, practised_s = ?, "
                "ended_step = ? WHERE id = ?",
                ("completed" if completed else "stopped", now, now, practised_s, step, session_id),
            )
            if after is not None:
                put_check_in(conn, session_id, "after", after)

    def record_check_in(self, session_id: int, moment: Moment, check_in: CheckIn) -> None:
        """Save (or replace) the check-in before or after a session."""
        with self._write() as conn:
            must_exist(conn, session_id)
            put_check_in(conn, session_id, moment, check_in)

    def add_journal(self, session_id: int, prompt: str, text: str) -> JournalEntry:
        check_journal_text(prompt, text)
        written = self._now()
        with self._write() as conn:
            must_exist(conn, session_id)
            cursor = conn.execute(
                "INSERT INTO journal (session_id, prompt, text, written_at) VALUES (?, ?, ?, ?)",
                (session_id, prompt, text, reading.time_text(written)),
            )
            entry_id = cursor.lastrowid
            assert entry_id is not None
        return JournalEntry(entry_id, session_id, prompt, text, written)

    def record_practice(self, record: PracticeRecord) -> int:
        """Keep a practice that is not a session (the mini pacer); returns its id."""
        with self._write() as conn:
            return insert_practice(conn, record)

    def delete_all(self) -> None:
        """Remove every session, check-in, journal entry and practice, and damaged files set
        aside."""
        with self._write() as conn:
            for table in ("checkin_emotions", "checkins", "journal", "sessions", "practices"):
                conn.execute(f"DELETE FROM {table}")
        try:
            # secure_delete zeroed the pages; fold the WAL back in so no copy lingers there.
            with self._lock:
                self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            remove_set_aside(self.path)
        except (sqlite3.Error, OSError) as error:
            raise not_saved(error) from error

    # ------------------------------------------------------------------------ reading

    def sessions(self, limit: int | None = None, offset: int = 0) -> list[SessionRecord]:
        """Whole sessions (check-ins, journal), newest first."""
        with self._read() as conn:
            return reading.load_sessions(conn, limit=limit, offset=offset)

    def practice_starts(self, since: datetime) -> list[datetime]:
        """When each session with some time practised began, for those begun at *since* or
        later: the days a streak counts, without loading whole sessions."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT started_at FROM sessions WHERE practised_s > 0 AND started_at >= ?",
                (reading.time_text(since),),
            ).fetchall()
        return [reading.parse_time(str(started)) for (started,) in rows]

    def session(self, session_id: int) -> SessionRecord | None:
        with self._read() as conn:
            found = reading.load_sessions(conn, "WHERE id = ?", (session_id,))
        return found[0] if found else None

    def practices(self, limit: int | None = None) -> list[PracticeRecord]:
        """Practices that are not sessions (the mini pacer's), newest first."""
        with self._read() as conn:
            return load_practices(conn, limit)

    def journal_sessions(self) -> list[SessionRecord]:
        """Whole sessions in which something was written, newest first: a journal entry, or a
        check-in with a note or feelings (what the Journal shows)."""
        with self._read() as conn:
            return reading.load_sessions(
                conn,
                "WHERE id IN (SELECT session_id FROM journal) "
                "OR id IN (SELECT session_id FROM checkins WHERE note != '') "
                "OR id IN (SELECT session_id FROM checkin_emotions)",
            )

    def custom_emotions(self) -> list[str]:
        """Emotion tags the user added (not in ``DEFAULT_EMOTIONS``), most recently used first."""
        marks = ",".join("?" * len(DEFAULT_EMOTIONS))
        with self._read() as conn:
            rows = conn.execute(
                "SELECT e.emotion FROM checkin_emotions e JOIN sessions s ON s.id = e.session_id "
                f"WHERE e.emotion NOT IN ({marks}) GROUP BY e.emotion "
                "ORDER BY max(s.started_at) DESC, e.emotion",
                DEFAULT_EMOTIONS,
            ).fetchall()
        return [str(row[0]) for row in rows]

    def summary_for_deletion(self) -> DeletionSummary:
        with self._read() as conn:
            sessions, check_ins, journal, practices = conn.execute(
                "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM checkins), "
                "(SELECT count(*) FROM journal), (SELECT count(*) FROM practices)"
            ).fetchone()
        return DeletionSummary(sessions, check_ins, journal, len(self.set_aside_files()), practices)

    def set_aside_files(self) -> list[Path]:
        """Damaged history files moved aside earlier (``recover`` reads them)."""
        return _set_aside_files(self.path)

    def export_all(self, folder: Path) -> list[Path]:
        """Write the JSON export and the two CSV files into *folder* (each mode 0600), and for
        each damaged file moved aside earlier, what can be read from it into a subfolder."""
        now = self._now()
        written = write_export(folder, self.sessions(), now, self.practices())
        for damaged in self.set_aside_files():
            sessions, practices = recover_all(damaged)
            if sessions or practices:
                written += write_export(
                    folder / f"recovered-{damaged.name}", sessions, now, practices
                )
        return written

    # ------------------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        """The wall clock's time, in UTC (what history dates are measured by)."""
        return utc(self._wall_clock())

    def _now(self) -> datetime:
        given: datetime | None = getattr(self._handed_over, "at", None)
        return given if given is not None else utc(self._wall_clock())

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise HistoryUnavailable("History is closed.", "closed")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._writes.drain()
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    roll_back(conn)
                    raise
            except (sqlite3.Error, OSError) as error:
                raise not_saved(error) from error

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        self._writes.drain()
        with self._lock:
            try:
                yield self._connection()
            except (sqlite3.Error, OSError) as error:
                raise not_read(error) from error
            except (ValueError, TypeError) as error:  # a row that is not what was written
                raise not_read(error) from error
