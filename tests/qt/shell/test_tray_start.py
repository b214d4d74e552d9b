"""Started in the tray, the app builds only what the reminders need; the window, its pages and
the library are built when the user first opens them, and then show what was asked for.

Each test runs ``unbrace`` for real in a child process on the real display (Xvfb, jwm's tray,
the session bus that .ci/with-xvfb provides), so that what the process loaded can be seen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="needs the real X display, tray host and session bus that .ci/with-xvfb provides",
    ),
]

#: Runs ``unbrace`` (started in the tray by its settings) in this process, keeping what the
#: composition root assembled. Once the tray icon is up it notes what is built and loaded, then
#: opens the app as asked (``open``: the tray's Open; ``reminder``: a reminder's Start;
#: ``socket``: ``unbrace run ID`` from another process; ``menu``: the tray menu opens, nothing
#: more; ``pacer``: the tray's "Breathe while working ▸ 5 min"; ``pacer-socket``: ``unbrace
#: pacer ROUTINE`` from another process), and once the window shows, what it shows, or once the
#: mini pacer breathes, what is built and loaded then. One JSON line.
HARNESS = textwrap.dedent(
    """
    import json, subprocess, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import app.qt.shell.compose as compose

    ROUTINE = "diaphragmatic-3min"
    HEAVY = (
        "app.qt.shell.application", "app.qt.library.view", "app.qt.session.view",
        "app.core.routine.model", "yaml", "numpy", "app.qt.tray.reminder_popup",
        "app.core.history", "sqlite3", "app.qt.shell.main_window",
    )
    how = sys.argv.pop(1)
    qt_app = QApplication(["unbrace"])
    made = {}
    real_assemble = compose.assemble

    def assemble(*args, **kwargs):
        made["app"], made["desktop"] = real_assemble(*args, **kwargs)
        return made["app"], made["desktop"]

    compose.assemble = assemble
    seen = {}

    def state():
        return {
            "built": made["app"].built is not None,
            "windows": sum(w.objectName() == "main-window" for w in qt_app.topLevelWidgets()),
            "loaded": [name for name in HEAVY if name in sys.modules],
        }

    def in_tray():
        desktop = made.get("desktop")
        if desktop is None or not desktop.tray.visible:
            return
        wait.stop()
        seen["tray"] = state()
        if how == "open":
            desktop.tray.open_action.trigger()
        elif how == "reminder":
            desktop.reminders.start_requested.emit(ROUTINE)
        elif how == "socket":
            subprocess.Popen([sys.executable, "-m", "app", "run", ROUTINE])
        elif how == "pacer":
            pacing = next(a for a in desktop.tray.pacer_menu.actions() if a.text() == "5 min")
            pacing.trigger()
        elif how == "pacer-socket":
            subprocess.Popen([sys.executable, "-m", "app", "pacer", ROUTINE, "--minutes", "5"])
        elif how == "menu":
            desktop.tray.menu.aboutToShow.emit()
            seen["menu"] = {
                "start": desktop.tray.start_action.text(),
                "routines": [a.text() for a in desktop.tray.routines_menu.actions()],
            }
            QTimer.singleShot(100, lambda: finish(desktop))
            return
        opened.start(20)

    def finish(desktop):
        seen["after_menu"] = state()
        print(json.dumps(seen), flush=True)
        desktop.tray.quit_action.trigger()

    def look():
        pacer = made["app"].pacer.built
        if how.startswith("pacer"):
            if pacer is None or not pacer.running:
                return
            opened.stop()
            seen["pacing"] = {"pattern": pacer.pacer.pattern.name, **state()}
            print(json.dumps(seen), flush=True)
            made["desktop"].tray.quit_action.trigger()
            return
        built = made["app"].built
        if built is None or not built.window.isVisible():
            return
        window = built.window
        if how != "open" and not window.showing_session:
            return
        opened.stop()
        seen["opened"] = {
            "routines": window.library_view.list.model().rowCount(),
            "session": window.session_view.title.text() if window.showing_session else None,
        }
        print(json.dumps(seen), flush=True)
        built.quit()

    wait, opened = QTimer(), QTimer()
    wait.timeout.connect(in_tray)
    wait.start(20)
    opened.timeout.connect(look)
    QTimer.singleShot(30_000, qt_app.quit)
    from app.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)

BUILTIN = len(list((REPO / "routines").glob("*.yaml")))


def start_in_tray(tmp_path: Path, how: str) -> dict[str, dict[str, object]]:
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "unbrace" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(
        json.dumps(
            {
                "version": 1,
                "medical_notice_seen": True,
                "start_in_tray": True,
                "check_ins": False,
                "count_in": False,
            }
        ),
        encoding="utf-8",
    )
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, how],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the app never showed what was asked: {done.stderr}"
    found: dict[str, dict[str, object]] = json.loads(lines[-1])
    return found


#: In the tray: no window, no pages, no library, nor what they load.
NOTHING_BUILT = {"built": False, "windows": 0, "loaded": []}


def test_the_tray_alone_builds_no_window_and_the_tray_open_shows_the_library(
    tmp_path: Path,
) -> None:
    found = start_in_tray(tmp_path, "open")
    assert found["tray"] == NOTHING_BUILT
    assert found["opened"] == {"routines": BUILTIN, "session": None}


def test_a_reminder_start_builds_the_window_on_the_routine(tmp_path: Path) -> None:
    found = start_in_tray(tmp_path, "reminder")
    assert found["tray"] == NOTHING_BUILT
    assert found["opened"] == {
        "routines": BUILTIN,
        "session": "3-Minute Diaphragmatic Breathing",
    }


def test_a_later_unbrace_run_builds_the_window_on_the_routine(tmp_path: Path) -> None:
    found = start_in_tray(tmp_path, "socket")
    assert found["tray"] == NOTHING_BUILT
    assert found["opened"] == {
        "routines": BUILTIN,
        "session": "3-Minute Diaphragmatic Breathing",
    }


#: What the mini pacer loads when it first breathes: the routine model it paces from, no more.
PACING = {"built": False, "windows": 0, "loaded": ["app.core.routine.model"]}


def test_the_tray_breathes_resonance_breathing_without_building_the_window(
    tmp_path: Path,
) -> None:
    found = start_in_tray(tmp_path, "pacer")
    assert found["tray"] == NOTHING_BUILT
    assert found["pacing"] == {"pattern": "Resonance breathing", **PACING}


def test_a_later_unbrace_pacer_breathes_a_routine_without_building_the_window(
    tmp_path: Path,
) -> None:
    found = start_in_tray(tmp_path, "pacer-socket")
    assert found["tray"] == NOTHING_BUILT
    assert found["pacing"]["pattern"] == "Belly breathing (3-Minute Diaphragmatic Breathing)"
    assert found["pacing"]["built"] is False and found["pacing"]["windows"] == 0
    # the routine folders were read for the name: the model and yaml, and nothing of the window
    assert found["pacing"]["loaded"] == ["app.core.routine.model", "yaml"]


def test_the_tray_menu_names_the_routines_without_building_the_window(tmp_path: Path) -> None:
    found = start_in_tray(tmp_path, "menu")
    assert found["tray"] == NOTHING_BUILT
    assert found["menu"]["start"] == "Start 3-Minute Diaphragmatic Breathing"
    assert "Box Breathing" not in found["menu"]["routines"]  # nothing practised: the gentle ones
    assert found["menu"]["routines"][0] == "3-Minute Diaphragmatic Breathing"
    assert found["after_menu"]["built"] is False
    assert found["after_menu"]["windows"] == 0
