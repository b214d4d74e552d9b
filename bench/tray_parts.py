"""What each part of the app costs in memory, on top of the bare tray program.

``python bench/tray_parts.py ICON``: what ``bench/bare_tray.py`` does, then, with the tray icon
up, loads the app's parts one after another, in the order the app builds them, and prints one
JSON line per part: its name, whether the app loads it while it waits in the tray (the rest loads
when the window, the tray menu or a reminder first needs it), and how much the process's
proportional set size grew with it (KiB). The parts are cumulative (a module two parts share
counts for the first). ``bench/idle.py`` reads the lines and prints them.
"""

from __future__ import annotations

import atexit
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

#: Kept alive, as the app keeps them.
KEPT: list[object] = []


def pydantic_itself() -> None:
    from pydantic import BaseModel

    class First(BaseModel):  # the first model loads pydantic's schema builder
        value: int = 0

    KEPT.append(First())


def settings_and_reminders() -> None:
    from app.core.reminders import ReminderScheduler, SchedulerStateStore
    from app.core.settings.settings import Settings

    KEPT.extend((Settings(), ReminderScheduler, SchedulerStateStore))


def history(folder: Path) -> None:
    from app.core.history import HistoryStore

    opened = HistoryStore.open(folder / "history.sqlite3", lambda: datetime.now(UTC))
    if opened.store is not None:
        opened.store.start_background_writes()
    KEPT.append(opened)


def desktop_side() -> None:
    import app.desktop.fullscreen.abc
    import app.desktop.idle.abc
    import app.desktop.instance.socket
    import app.desktop.notify.abc
    import app.desktop.sleep.abc

    KEPT.extend((app.desktop.fullscreen.abc, app.desktop.idle.abc, app.desktop.sleep.abc))
    KEPT.extend((app.desktop.instance.socket, app.desktop.notify.abc))


def tray_side(icon: QIcon) -> None:
    from app.qt.shell.compose import assemble
    from app.qt.tray.icon import Tray

    KEPT.extend((Tray(icon), assemble))


def reminder_popup() -> None:
    from app.qt.tray.reminder_popup import ReminderPopup

    KEPT.append(ReminderPopup())


def routine_model() -> None:
    import app.core.routine.library
    import app.core.routine.loader

    KEPT.extend((app.core.routine.library, app.core.routine.loader))


def builtin_routines() -> None:
    from app.core.files.paths import AppPaths
    from app.core.routine.library import RoutineFolder, load_library

    KEPT.append(load_library([RoutineFolder(AppPaths.default().builtin_routines, "builtin")]))


def window_and_pages() -> None:
    from app.qt.library.view import LibraryView
    from app.qt.session.view import SessionView
    from app.qt.shell.application import build
    from app.qt.shell.main_window import MainWindow

    KEPT.extend((MainWindow(LibraryView(), SessionView()), build))


def sound() -> None:
    import numpy

    import app.audio.session_sound

    KEPT.extend((numpy.zeros(1), app.audio.session_sound))


def parts(icon: QIcon, folder: Path) -> list[tuple[str, bool, Callable[[], object]]]:
    """(name, loaded in the tray, load it), in the order the app builds them."""
    return [
        ("pydantic (the library and its schema builder)", True, pydantic_itself),
        ("the settings and reminder models, the scheduler", True, settings_and_reminders),
        ("the desktop side (notifications, idle, sleep, one instance)", True, desktop_side),
        ("the tray menu, the reminder service and the wiring", True, lambda: tray_side(icon)),
        ("the reminder popup (only where no notification server answers)", False, reminder_popup),
        ("the history store (SQLite, its writer thread)", False, lambda: history(folder)),
        ("PyYAML and the routine model", False, routine_model),
        ("the built-in routines, loaded", False, builtin_routines),
        ("the main window and its pages", False, window_and_pages),
        ("numpy and the session's sound", False, sound),
    ]


def pss_kib() -> int:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise RuntimeError("no Pss line")


def main() -> int:
    qt_app = QApplication(["tray-parts"])
    icon_image = QIcon(sys.argv[1])
    icon = QSystemTrayIcon(icon_image)
    icon.show()
    # its own clean-up, not bench.common's: nothing the bench shares is loaded into what is measured
    folder = Path(tempfile.mkdtemp(prefix="unbrace-bench-parts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    steps = iter(parts(icon_image, folder))
    before = [0]

    def settle_then_next() -> None:
        qt_app.processEvents()
        now = pss_kib()
        step = next(steps, None)
        if step is None:
            qt_app.quit()
            return
        name, in_tray, load = step
        before[0] = now
        load()
        QTimer.singleShot(200, lambda: report(name, in_tray))

    def report(name: str, in_tray: bool) -> None:
        qt_app.processEvents()
        grown = pss_kib() - before[0]
        print(json.dumps({"part": name, "in_tray": in_tray, "kib": grown}), flush=True)
        settle_then_next()

    QTimer.singleShot(1_000, settle_then_next)  # the bare program settled, as the bench reads it
    return qt_app.exec()


if __name__ == "__main__":
    sys.exit(main())
