"""Starting the app for real: the window is on screen before the routines load, and then they
are there; started in the tray with no tray, the window opens all the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.desktop.instance.socket import InstanceRequest
from app.qt.shell.main_window import MainWindow
from app.qt.shell.startup import AfterFirstPaint, RequestsUntilBuilt
from tests.conftest import REPO

#: Runs ``unbrace ARGS`` in this process with a spy on the application: what was loaded when
#: the window was first drawn, then, once the app is built, what the window holds. One JSON line.
HARNESS = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    seen = {}

    class Spy(QObject):
        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Paint and watched.objectName() == "main-window"
                    and "first_paint" not in seen):
                seen["first_paint"] = {
                    "model_loaded": "app.core.routine.model" in sys.modules,
                    "pydantic_loaded": "pydantic" in sys.modules,
                    "yaml_loaded": "yaml" in sys.modules,
                }
            return False

    qt_app = QApplication(["unbrace"])
    spy = Spy()
    qt_app.installEventFilter(spy)

    def look():
        window = next(
            (w for w in qt_app.topLevelWidgets() if w.objectName() == "main-window"), None
        )
        if window is None or window._library is None:
            return  # not built yet
        if window.isVisible() and "first_paint" not in seen:
            return  # shown, not drawn yet
        poll.stop()
        seen["visible"] = window.isVisible()
        seen["routines"] = window.library_view.list.model().rowCount()
        seen["library_keys"] = window.library_action.shortcut().toString()
        seen["pages"] = window.current_page().objectName()
        print(json.dumps(seen), flush=True)
        window.quit_action.trigger()

    poll = QTimer()
    poll.timeout.connect(look)
    poll.start(20)
    QTimer.singleShot(30_000, qt_app.quit)
    if sys.argv[1:2] == ["--break-assembly"]:
        import app.qt.shell.compose

        def broken(*args, **kwargs):
            raise RuntimeError("a bug while building the app")

        app.qt.shell.compose.assemble = broken
        del sys.argv[1]
    from app.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def run_harness(
    tmp_path: Path, *args: str, real_display: bool = False
) -> subprocess.CompletedProcess[str]:
    """The harness offscreen without a session bus, or on the real display (Xvfb, jwm's tray,
    the session bus) that .ci/with-xvfb provides."""
    hidden = () if real_display else ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")
    env = {key: value for key, value in os.environ.items() if key not in hidden}
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(XDG_RUNTIME_DIR=str(runtime))
    if not real_display:
        env.update(QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", HARNESS, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def start(tmp_path: Path, *args: str, real_display: bool = False) -> dict[str, object]:
    done = run_harness(tmp_path, *args, real_display=real_display)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the window never held the library: {done.stderr}"
    found: dict[str, object] = json.loads(lines[-1])
    return found


def test_the_window_is_drawn_before_the_routines_load_and_then_holds_them(
    tmp_path: Path,
) -> None:
    found = start(tmp_path)
    assert found["first_paint"] == dict.fromkeys(
        ("model_loaded", "pydantic_loaded", "yaml_loaded"), False
    )
    assert found["routines"] == len(list((REPO / "routines").glob("*.yaml")))
    assert found["library_keys"] == "Ctrl+1"
    assert found["pages"] == "libraryView"


def test_started_in_the_tray_where_there_is_none_the_window_opens(tmp_path: Path) -> None:
    found = start(tmp_path, "--tray")
    assert found["routines"] == len(list((REPO / "routines").glob("*.yaml")))
    assert found["first_paint"] == dict.fromkeys(
        ("model_loaded", "pydantic_loaded", "yaml_loaded"), True
    )  # shown once
    # the app was built and knew there is no tray


real_display = pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") != "xcb",
    reason="needs the real X display, tray host and session bus that .ci/with-xvfb provides",
)


def settings_file_saying(text: str) -> Path:
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "unbrace" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(text, encoding="utf-8")
    return settings


@pytest.mark.xvfb
@real_display
def test_settings_that_ask_for_the_tray_but_are_damaged_open_the_window(tmp_path: Path) -> None:
    """The quick look says "start in the tray"; the settings as a whole are damaged, so the
    defaults apply, and with them the window opens (telling what happened to the file)."""
    settings = settings_file_saying('{"version": 1, "start_in_tray": true, "volume": "loud"}')
    found = start(tmp_path, real_display=True)
    assert found["visible"] is True
    assert found["routines"] == len(list((REPO / "routines").glob("*.yaml")))
    assert list(settings.parent.glob("settings.json.broken-*"))  # kept, as the user was told


def test_a_bug_while_building_the_app_ends_it_with_the_error(tmp_path: Path) -> None:
    """Rather than a blank window whose menus do nothing: the error, and exit status 1."""
    done = run_harness(tmp_path, "--break-assembly")
    assert done.returncode == 1
    assert "RuntimeError: a bug while building the app" in done.stderr
    assert "unbrace: the app could not start; the error is above" in done.stderr


def test_requests_from_later_starts_wait_for_the_app_and_keep_their_order(qtbot: QtBot) -> None:
    seen: list[InstanceRequest] = []
    requests = RequestsUntilBuilt()
    first, second = InstanceRequest("run", "box-breathing"), InstanceRequest("show")
    requests.receive(first)
    requests.receive(second)
    assert seen == []
    requests.hand_to(seen.append)
    assert seen == [first, second]
    third = InstanceRequest("tray")
    requests.receive(third)
    assert seen == [first, second]  # handled from the event loop, not inside the signal
    qtbot.waitUntil(lambda: seen == [first, second, third], timeout=1_000)


def test_what_waits_for_the_first_paint_runs_after_it(qtbot: QtBot) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    painted: list[bool] = []
    calls: list[bool] = []

    class Window(QWidget):
        def paintEvent(self, event: object) -> None:
            painted.append(True)

    window = Window()
    qtbot.addWidget(window)
    AfterFirstPaint(qt_app, lambda: calls.append(bool(painted)), wait_ms=10_000)
    assert not calls
    window.show()
    qtbot.waitUntil(lambda: bool(calls), timeout=5_000)
    assert calls == [True]  # after the paint, and once
    window.update()
    qtbot.wait(50)
    assert calls == [True]


def test_when_nothing_is_drawn_the_rest_is_built_after_a_short_wait(qtbot: QtBot) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    calls: list[int] = []
    AfterFirstPaint(qt_app, lambda: calls.append(1), wait_ms=50)
    qtbot.waitUntil(lambda: bool(calls), timeout=2_000)
    qtbot.wait(100)
    assert calls == [1]


def test_the_window_can_be_shown_before_its_pages(qtbot: QtBot) -> None:
    """Shown empty, the window answers what the app asks of it; the pages come later."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert not window.showing_session
    assert not window.is_session_watched()
    window.escape()  # nothing to stop yet
    window.toggle_focus_mode()  # nor a session to focus on
    assert not window.isFullScreen()
    assert window.library_action.shortcut().isEmpty()  # set with the pages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"version": 1, "start_in_tray": true}', True),
        ('{"version": 1, "start_in_tray": false}', False),
        ('{"version": 1, "start_in_tray": "yes"}', False),
        ("[1, 2]", False),
        ("{not json", False),
    ],
)
def test_the_tray_start_setting_is_read_before_the_rest(
    tmp_path: Path, text: str, expected: bool
) -> None:
    from app.core.settings.peek import starts_in_tray

    settings = tmp_path / "settings.json"
    settings.write_text(text, encoding="utf-8")
    assert starts_in_tray(settings) is expected
    assert starts_in_tray(tmp_path / "missing.json") is False
