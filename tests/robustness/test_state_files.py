"""Whatever a user (or an unlucky crash) leaves at the app's own state files, the app starts: a
file nested thousands deep, a date in the year 9999, a named pipe, a device, a folder, a file of
megabytes. Each is set aside (never lost, even two in one second), the defaults take its place,
the user is told once in one sentence, and nothing blocks or reads without bound."""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest

from app.core.files.atomic import write_atomically
from app.core.files.state_files import MAX_STATE_BYTES, move_aside
from app.core.reminders import SchedulerState, SchedulerStateStore
from app.core.settings.peek import starts_in_tray
from app.core.settings.settings import Settings, SettingsStore
from tests.robustness.hang_guard import finishes

STAMP = "20260314-150926"
NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=timezone(timedelta(hours=1)))


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _FrozenDatetime:
        return cls(2026, 3, 14, 15, 9, 26, tzinfo=tz)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file set aside in a test gets the same second: the counter must keep them apart."""
    monkeypatch.setattr("app.core.settings.settings.datetime", _FrozenDatetime)
    monkeypatch.setattr("app.core.reminders.state_store.datetime", _FrozenDatetime)


def files_in(folder: Path) -> dict[str, str]:
    """Every entry in *folder*, by kind (a link by its target), content of small files."""
    entries: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            entries[path.name] = f"link to {path.readlink()}"
        elif stat.S_ISREG(mode):
            with path.open("rb") as stream:  # the start is enough (a sparse 3 GB file is not read)
                entries[path.name] = stream.read(60).decode("latin-1")
        elif stat.S_ISFIFO(mode):
            entries[path.name] = "pipe"
        elif stat.S_ISSOCK(mode):
            entries[path.name] = "socket"
        else:
            entries[path.name] = "folder" if stat.S_ISDIR(mode) else "other"
    return entries


# ------------------------------------------------------------------ stores, side by side

Loader = Callable[[Path], tuple[bool, str | None]]  # (defaults in use, notice)


def load_settings(path: Path) -> tuple[bool, str | None]:
    loaded = SettingsStore(path).load()
    return loaded.settings == Settings(), loaded.notice


def load_reminders(path: Path) -> tuple[bool, str | None]:
    loaded = SchedulerStateStore(path).load(NOW)
    return loaded.state == SchedulerState(), loaded.notice


STORES: dict[str, tuple[str, Loader, str]] = {
    # file name, loader, how its notice begins
    "settings": ("settings.json", load_settings, "Your settings file "),
    "reminders": ("reminders.json", load_reminders, "The reminder state "),
}


@pytest.fixture(params=STORES, ids=list(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Loader, str]]:
    name, loader, opening = STORES[request.param]
    yield tmp_path / name, loader, opening


def nested(depth: int, opening: str) -> bytes:
    closing = {"[": "]", "{": "}", '{"a": ': "}", '{"version": 1, "favourites": ': "}"}[opening]
    return (opening * depth + closing * depth).encode()


DEEP = {
    f"{opening.strip()[:12]}x{depth}": nested(depth, opening)
    for depth in (201, 1_000, 5_000, 100_000)
    for opening in ("[", '{"a": ')
}
DEEP["unclosed [x100000"] = b"[" * 100_000
DEEP["favourites nested"] = b'{"version": 1, "favourites": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"


@pytest.mark.parametrize("content", DEEP.values(), ids=DEEP.keys())
def test_json_nested_at_any_depth_is_set_aside_and_the_defaults_used_once(
    store: tuple[Path, Loader, str], content: bytes
) -> None:
    """No RecursionError at any depth: the file is kept byte for byte beside, defaults are in use,
    the notice says so once; the next start is quiet."""
    path, load, opening = store
    path.write_bytes(content)

    defaults, notice = load(path)

    assert defaults
    assert notice is not None and notice.startswith(opening)
    assert f"kept as {path.name}.broken-{STAMP}." in notice
    assert (path.parent / f"{path.name}.broken-{STAMP}").read_bytes() == content
    assert load(path) == (True, None)


# ------------------------------------------------------------------ instants out of range

DATES = {
    "pause in the year 9999 at -14:00": {"pause_until": "9999-12-31T23:59:59-14:00"},
    "pause in the year 9999 at +14:00": {"pause_until": "9999-12-31T23:59:59+14:00"},
    "saved in the year 1 at +14:00": {"saved_at": "0001-01-01T00:00:00+14:00"},
    "session ended in 1900": {"last_session_end": "1900-01-01T00:00:00+00:00"},
    "snooze in 2999": {"snooze_until": "2999-06-01T12:00:00+00:00"},
    "saved before the epoch": {"saved_at": "1969-12-31T23:59:59+00:00"},
    "last seen in the year 9999": {"last_seen_at": "9999-12-31T23:59:59-14:00"},
}
COUNTS = {
    "work of 10**30 ns": {"accrued_work_ns": 10**30},
    "negative boottime": {"saved_boottime_ns": -1, "saved_monotonic_ns": 5},
    "monotonic past 63 bits": {"saved_monotonic_ns": 2**63, "saved_boottime_ns": 2**63},
}
AHEAD = {
    "pause two years ahead": {"pause_until": (NOW + timedelta(days=730)).isoformat()},
    "session ended next year": {"last_session_end": (NOW + timedelta(days=401)).isoformat()},
    "saved in 2150": {"saved_at": "2150-01-01T00:00:00+00:00"},
    "last seen next year": {"last_seen_at": (NOW + timedelta(days=401)).isoformat()},
}


@pytest.mark.parametrize(
    ("content", "found"),
    [
        *[(data, "holds a date out of range") for data in DATES.values()],
        *[(data, "was damaged") for data in COUNTS.values()],
        *[(data, "holds a date too far in the future") for data in AHEAD.values()],
    ],
    ids=[*DATES, *COUNTS, *AHEAD],
)
def test_an_instant_or_count_out_of_range_is_damage(
    tmp_path: Path, content: dict[str, object], found: str
) -> None:
    """Every instant read from reminders.json is range-checked, and one further ahead than any
    pause could be is damage too: set aside, a fresh state, told once; the scheduler never sees
    it (the year 9999 once overflowed at every start)."""
    path = tmp_path / "reminders.json"
    path.write_text(json.dumps({"version": 1, **content}), encoding="utf-8")

    loaded = SchedulerStateStore(path).load(NOW)

    assert loaded.state == SchedulerState()
    assert loaded.notice == (
        f"The reminder state {found}, so it starts afresh. "
        f"The old file is kept as reminders.json.broken-{STAMP}."
    )
    assert SchedulerStateStore(path).load(NOW).notice is None


def test_a_far_future_pause_does_not_stop_the_scheduler_from_starting(tmp_path: Path) -> None:
    """The whole start: the year-9999 file once raised OverflowError in the restart code."""
    from app.core.reminders import FakeClocks, ReminderRules, ReminderScheduler

    path = tmp_path / "reminders.json"
    path.write_text('{"version": 1, "pause_until": "9999-12-31T23:59:59-14:00"}', "utf-8")
    clocks = FakeClocks(NOW)
    loaded = SchedulerStateStore(path).load(clocks.now())

    scheduler = ReminderScheduler(ReminderRules(), clocks, loaded.state)

    assert loaded.notice is not None
    assert "paused" not in scheduler.status_text()
    assert scheduler.state().pause_until is None


def test_a_pause_a_week_ahead_is_kept(tmp_path: Path) -> None:
    """The horizon is no limit on real use: a pause until next week loads as saved."""
    path = tmp_path / "reminders.json"
    until = NOW + timedelta(days=7)
    path.write_text(json.dumps({"version": 1, "pause_until": until.isoformat()}), "utf-8")

    loaded = SchedulerStateStore(path).load(NOW)

    assert loaded.notice is None
    assert loaded.state.pause_until == until


# -------------------------------------------------------------- not a regular file, too big


def make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return "is a named pipe, not a regular file"


def make_zero_link(path: Path) -> str:
    path.symlink_to("/dev/zero")
    return "is a character device, not a regular file"


def make_null_link(path: Path) -> str:
    path.symlink_to("/dev/null")
    return "is a character device, not a regular file"


def make_socket(path: Path) -> str:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return "is a socket, not a regular file"


def make_huge(path: Path) -> str:
    with path.open("wb") as out:
        out.truncate(3 * 1024**3)  # sparse: nothing is written
    return f"is {3 * 1024**3:,} bytes; at most {MAX_STATE_BYTES:,} are read"


def make_link_loop(path: Path) -> str:
    path.symlink_to(path.name)
    return "is a symbolic link loop"


ODD: dict[str, Callable[[Path], str]] = {
    "named pipe": make_fifo,
    "link to /dev/zero": make_zero_link,
    "link to /dev/null": make_null_link,
    "socket": make_socket,
    "3 GB file": make_huge,
    "link loop": make_link_loop,
}


@pytest.mark.parametrize("make", ODD.values(), ids=ODD.keys())
def test_a_file_that_is_not_a_regular_file_or_too_big_is_set_aside_without_blocking(
    store: tuple[Path, Loader, str], make: Callable[[Path], str]
) -> None:
    """Opened non-blocking, checked with fstat, never read past the cap: a pipe no one writes to,
    a device that never ends, a sparse 3 GB file. Each is named in the notice and moved aside
    (a link as the link: /dev/zero is untouched)."""
    path, load, opening = store
    found = make(path)
    before = files_in(path.parent)[path.name]

    defaults, notice = finishes(lambda: load(path))

    assert defaults
    assert notice == (
        f"{opening}{found}, so "
        + ("the defaults are in use." if path.name == "settings.json" else "it starts afresh.")
        + f" The old file is kept as {path.name}.broken-{STAMP}."
    )
    assert files_in(path.parent) == {f"{path.name}.broken-{STAMP}": before}
    assert finishes(lambda: load(path)) == (True, None)


@pytest.mark.parametrize("make", ODD.values(), ids=ODD.keys())
def test_the_early_tray_check_never_blocks_or_reads_a_device(
    tmp_path: Path, make: Callable[[Path], str]
) -> None:
    """Before the first paint the settings are peeked at for start_in_tray: anything odd is no."""
    path = tmp_path / "settings.json"
    make(path)
    assert finishes(lambda: starts_in_tray(path)) is False


def test_a_folder_at_a_state_path_is_left_where_it_is_with_a_notice_saying_what_to_do(
    tmp_path: Path,
) -> None:
    """A folder may hold anything: it is not moved; the notice names it and what to do."""
    path = tmp_path / "reminders.json"
    path.mkdir()
    (path / "keep.txt").write_text("mine", encoding="utf-8")

    loaded = SchedulerStateStore(path).load(NOW)

    assert loaded.state == SchedulerState()
    assert loaded.notice == (
        f"The reminder state could not be read: {path} is a folder, not a file; starting afresh. "
        "Move that folder away so that reminders can be saved."
    )
    assert (path / "keep.txt").read_text(encoding="utf-8") == "mine"


# --------------------------------------------------------------------- one move-aside


def test_damaged_files_in_the_same_second_are_all_kept(store: tuple[Path, Loader, str]) -> None:
    """Three damaged files in one second: -2 and -3 after the first, none lost (the reminder
    store once had no counter and replaced the first)."""
    path, load, _ = store
    for content in (b"first", b"second", b"third"):
        path.write_bytes(content)
        load(path)

    kept = f"{path.name}.broken-{STAMP}"
    assert files_in(path.parent) == {kept: "first", f"{kept}-2": "second", f"{kept}-3": "third"}


def test_the_one_move_aside_takes_side_files_along_and_never_overwrites(tmp_path: Path) -> None:
    """The history's damaged database moves with its -wal and -shm; a name that is taken, even
    by a dangling link, is skipped."""
    path = tmp_path / "history.sqlite3"
    when = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)
    (tmp_path / f"history.sqlite3.corrupt-{STAMP}").symlink_to("gone")
    path.write_bytes(b"db")
    (tmp_path / "history.sqlite3-wal").write_bytes(b"wal")

    moved = move_aside(path, "corrupt", when, ("-wal", "-shm"))

    assert moved.name == f"history.sqlite3.corrupt-{STAMP}-2"
    assert files_in(tmp_path) == {
        f"history.sqlite3.corrupt-{STAMP}": "link to gone",
        f"history.sqlite3.corrupt-{STAMP}-2": "db",
        f"history.sqlite3.corrupt-{STAMP}-2-wal": "wal",
    }


# ------------------------------------------------------------------------ modes


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_under_umask_000_every_folder_made_is_0700_and_private_files_0600(tmp_path: Path) -> None:
    """Settings, the reminder state, history and an export: each folder the app makes, parents
    included, is 0700; each file is 0600."""
    from app.core.history import HistoryStore

    home = tmp_path / "home"
    settings = home / ".config" / "unbrace" / "settings.json"
    reminders = home / ".local" / "share" / "unbrace" / "reminders.json"
    history = home / ".local" / "state" / "deep" / "history.sqlite3"
    SettingsStore(settings).save(Settings())
    SchedulerStateStore(reminders).save(SchedulerState())
    opened = HistoryStore.open(history, lambda: NOW)
    assert opened.store is not None
    opened.store.close()
    write_atomically(home / "exports" / "journal.csv", b"x")

    folders = [home, *(path for path in home.rglob("*") if path.is_dir())]
    assert len(folders) == 9
    assert {str(p.relative_to(home)): stat.S_IMODE(p.stat().st_mode) for p in folders} == {
        str(p.relative_to(home)): 0o700 for p in folders
    }
    for file in (settings, reminders, history, home / "exports" / "journal.csv"):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
