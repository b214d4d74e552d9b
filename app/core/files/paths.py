"""Where Unbrace finds its routines and keeps its data (XDG folders, through platformdirs)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "unbrace"
ROUTINES_ENV = "UNBRACE_ROUTINES"
#: What a routine file's name ends in.
ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class AppPaths:
    builtin_routines: Path
    assets: Path
    config_dir: Path
    data_dir: Path
    extra_routines: tuple[Path, ...] = ()
    cache_dir: Path | None = None  # None: a "cache" folder in the data folder

    @property
    def voices_dir(self) -> Path:
        """Where the user puts Piper voice models (``*.onnx`` with their ``.onnx.json``)."""
        return self.data_dir / "voices"

    @property
    def speech_cache(self) -> Path:
        """Speech already synthesised, by (voice, text, rate): safe to delete."""
        return (self.cache_dir or self.data_dir / "cache") / "speech"

    @property
    def user_routines(self) -> Path:
        return self.data_dir / "routines"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def reminder_state_file(self) -> Path:
        return self.data_dir / "reminders.json"

    @classmethod
    def default(
        cls, extra_routines: Sequence[Path] = (), env: Mapping[str, str] | None = None
    ) -> AppPaths:
        """The standard folders; extra routine folders from ``--routines`` and UNBRACE_ROUTINES."""
        env = os.environ if env is None else env
        from_env = [Path(p) for p in env.get(ROUTINES_ENV, "").split(os.pathsep) if p]
        data = package_data_dir()
        return cls(
            builtin_routines=data / "routines",
            assets=data / "assets",
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            extra_routines=(*from_env, *extra_routines),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )


def package_data_dir() -> Path:
    """The built-in routines and assets: inside the installed package, or the source checkout."""
    packaged = Path(__file__).resolve().parents[2] / "_data"  # app/_data in a wheel
    if (packaged / "routines").is_dir():
        return packaged
    return Path(__file__).resolve().parents[3]
