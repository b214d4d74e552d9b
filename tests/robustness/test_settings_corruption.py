"""A settings file that cannot be used is moved aside with a timestamp, the defaults take its place,
and the user is told once, in one sentence; saving never leaves a half-written file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, tzinfo
from pathlib import Path

import pytest

from app.core.settings.settings import LoadedSettings, Settings, SettingsStore
from tests.conftest import REPO

STAMP = "20260314-150926"
KEPT = f"settings.json.broken-{STAMP}"
DAMAGED = (
    f"Your settings file was damaged, so the defaults are in use. The old file is kept as {KEPT}."
)


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _FrozenDatetime:
        return cls(2026, 3, 14, 15, 9, 26, tzinfo=tz)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SettingsStore:
    monkeypatch.setattr("app.core.settings.settings.datetime", _FrozenDatetime)
    return SettingsStore(tmp_path / "config" / "settings.json")


def write_settings(store: SettingsStore, content: bytes) -> None:
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(content)


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


DAMAGED_FILES = {
    "invalid JSON": b'{"volume": 0.5, "muted": tr',
    "empty file": b"",
    "zeros a crash left": b"\0" * 4096,
    "not text": bytes(range(256)),
    "nested 100,000 deep": b"[" * 100_000,
    "a list, not an object": b"[1, 2, 3]",
    "null": b"null",
    "volume as text": b'{"version": 1, "volume": "loud"}',
    "volume as a number in text": b'{"version": 1, "volume": "0.5"}',
    "muted as text": b'{"version": 1, "muted": "yes"}',
    "true as volume": b'{"version": 1, "volume": true}',
    "acknowledgements as a list": b'{"version": 1, "safety_acknowledged": ["cold-finish"]}',
    "version as text": b'{"version": "1"}',
    "volume above 1": b'{"version": 1, "volume": 1.5}',
    "volume below 0": b'{"version": 1, "volume": -0.1}',
    "volume NaN": b'{"version": 1, "volume": NaN}',
    "volume infinite": b'{"version": 1, "volume": 1e999}',
    "a number too long to read": b'{"version": 1, "volume": 1' + b"0" * 5000 + b"}",
    "unknown key": b'{"version": 1, "colour": "blue"}',
}


@pytest.mark.parametrize("content", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_a_damaged_file_is_moved_aside_and_the_defaults_used_with_one_notice(
    store: SettingsStore, content: bytes
) -> None:
    """Invalid JSON, wrong types or values out of range: the file is kept byte for byte as
    settings.json.broken-<timestamp>, the defaults are used, and the notice says so once."""
    write_settings(store, content)

    loaded = store.load()

    assert loaded.settings == Settings()
    assert loaded.notice == DAMAGED
    assert files_in(store.path.parent) == {KEPT: content}
    again = store.load()
    assert again.settings == Settings()
    assert again.notice is None  # told once
    assert files_in(store.path.parent) == {KEPT: content}


@pytest.mark.parametrize("version", [0, 2, 99])
def test_a_file_from_another_version_says_so_and_is_kept(
    store: SettingsStore, version: int
) -> None:
    """A settings version this app does not read is not called damage: the notice names the
    version; the file is kept beside the new one all the same."""
    content = json.dumps({"version": version, "volume": 0.3}).encode()
    write_settings(store, content)

    loaded = store.load()

    assert loaded.settings == Settings()
    assert loaded.notice == (
        f"Your settings file is from another version of Unbrace (settings version {version}), "
        f"so the defaults are in use. The old file is kept as {KEPT}."
    )
    assert files_in(store.path.parent) == {KEPT: content}
    assert store.load().notice is None


def test_a_second_damaged_file_in_the_same_second_does_not_replace_the_first(
    store: SettingsStore,
) -> None:
    """Nothing kept aside is lost: a second broken file gets its own name."""
    write_settings(store, b"first")
    store.load()
    write_settings(store, b"second")

    loaded = store.load()

    assert loaded.notice == DAMAGED.replace(KEPT, f"{KEPT}-2")
    assert files_in(store.path.parent) == {KEPT: b"first", f"{KEPT}-2": b"second"}


def test_when_the_file_cannot_be_moved_it_stays_and_the_user_is_told_without_a_name(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder (injected: the tests run as root): defaults, a notice without a file
    name, and the damaged file left where it is."""
    write_settings(store, b"{oops")

    def replace(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "replace", replace)
    loaded = store.load()

    assert loaded.settings == Settings()
    assert loaded.notice == (
        "Your settings file was damaged, so the defaults are in use. "
        f"Move {store.path} away, or Unbrace cannot save your settings."
    )
    assert files_in(store.path.parent) == {"settings.json": b"{oops"}


def test_a_file_that_cannot_be_read_is_left_alone_with_a_notice(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied (injected) is not damage: the file is not moved, the notice says why."""
    write_settings(store, b'{"version": 1, "volume": 0.2}')

    real_open = os.open

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == store.path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)
    loaded = store.load()

    assert loaded.settings == Settings()
    assert loaded.notice == (
        "Settings could not be read (Permission denied); using defaults. "
        f"Check the permissions of {store.path}."
    )
    monkeypatch.undo()
    assert files_in(store.path.parent) == {"settings.json": b'{"version": 1, "volume": 0.2}'}


def test_a_folder_where_the_file_belongs_is_left_alone_with_a_notice(store: SettingsStore) -> None:
    """A folder named settings.json cannot be read; it is not moved either (it may hold anything),
    and the notice says what was found and what to do."""
    store.path.mkdir(parents=True)
    loaded = store.load()
    assert loaded.settings == Settings()
    assert loaded.notice == (
        f"Settings could not be read: {store.path} is a folder, not a file; using defaults. "
        "Move that folder away so that your settings can be saved."
    )
    assert store.path.is_dir()


def test_no_file_yet_means_defaults_and_no_notice(store: SettingsStore) -> None:
    """The first start: no file, no notice."""
    assert store.load() == LoadedSettings(Settings(), None)


def test_saved_settings_load_back_as_they_were(store: SettingsStore) -> None:
    """What is saved loads back equal, without a notice, readable by the user alone."""
    saved = Settings(
        volume=0.35,
        muted=True,
        count_in=False,
        medical_notice_seen=True,
        safety_acknowledged={"cold-finish": "Cold water can shock — start gently. ☃"},
    )
    store.save(saved)
    loaded = store.load()
    assert loaded.settings == saved
    assert loaded.notice is None
    assert files_in(store.path.parent).keys() == {"settings.json"}
    assert store.path.stat().st_mode & 0o777 == 0o600


# ------------------------------------------------------------------------- atomic saving

OLD = Settings(volume=0.25, muted=True)


def _crash(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    "where",
    [
        "app.core.files.atomic.Path.replace",
        "app.core.files.atomic.os.fsync",
        "app.core.files.atomic.os.fchmod",
    ],
)
def test_a_save_that_fails_midway_keeps_the_old_file_and_leaves_no_temporary_file(
    store: SettingsStore, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """If writing, syncing or the final rename fails, the error reaches the caller, the old
    settings are intact and no temporary file is left beside them."""
    store.save(OLD)
    old_bytes = store.path.read_bytes()
    monkeypatch.setattr(where, _crash)

    with pytest.raises(OSError, match="No space left on device"):
        store.save(Settings(volume=1.0))

    monkeypatch.undo()
    assert files_in(store.path.parent) == {"settings.json": old_bytes}
    assert store.load() == LoadedSettings(OLD, None)


def test_a_process_killed_midway_through_a_save_leaves_the_old_settings_readable(
    store: SettingsStore,
) -> None:
    """A real crash: the saving process is killed (SIGKILL) after writing the new content to the
    temporary file but before renaming it. The old file is intact and loads without a notice; the
    half-done temporary file is hidden (a dot file) and never read as settings."""
    store.save(OLD)
    old_bytes = store.path.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        import app.core.files.atomic as atomic
        from app.core.settings.settings import LoadedSettings, Settings, SettingsStore

        def killed(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        atomic.os.fsync = killed
        SettingsStore(Path({str(store.path)!r})).save(Settings(volume=1.0))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == -9

    left = files_in(store.path.parent)
    assert left.pop("settings.json") == old_bytes
    ((stray, _),) = left.items()  # what the killed process was writing, never renamed
    assert stray.startswith(".settings.json.") and stray.endswith(".tmp")
    assert store.load() == LoadedSettings(OLD, None)
