"""Starting the app: what the user sees first is on screen before the rest is built.

The window (or, started in the tray, the tray icon) is shown with nothing but Qt and this
module loaded. Once it has been drawn, the composition root (``app.qt.shell.compose``) loads the
settings, the routines and the history and builds the pages into that window, in the same
event loop a moment later. The routine model, PyYAML and the history are more than half of a
start's time (``bench/startup.py``); the window does not wait for them.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

# Not ``Qt``: the first use of that namespace builds all its enums, which the paint would wait for.
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_ID
from app.core.files.paths import AppPaths
from app.core.settings.peek import appearance, starts_in_tray
from app.desktop.instance.socket import InstanceRequest, SingleInstance, default_instance_name

if TYPE_CHECKING:
    from app.qt.design.follow import LookFollower
    from app.qt.shell.main_window import MainWindow
    from app.qt.tray.icon import Tray, TrayHostWait

log = logging.getLogger("unbrace.startup")

#: When nothing is drawn at start (started in the tray, with no tray host yet), the rest is
#: built after this long all the same.
NOTHING_DRAWN_MS = 100
#: A window that was shown is drawn; on a busy machine its first paint can take longer than
#: ``NOTHING_DRAWN_MS``, and the rest must not be built before it. This only guards against a
#: platform that never draws.
WINDOW_PAINT_WAIT_MS = 3_000


class AfterFirstPaint(QObject):
    """Calls *then* once, in a later turn of the event loop, after the first thing the app
    draws (the window, the tray icon), or after *wait_ms* when nothing is drawn by then."""

    def __init__(self, qt_app: QApplication, then: Callable[[], None], wait_ms: int) -> None:
        super().__init__(qt_app)
        self._qt_app = qt_app
        self._then = then
        self._called = False
        self._timer = QTimer(self)  # one wake-up at the most: stopped once *then* has run
        self._timer.setObjectName("after-first-paint")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._go)
        qt_app.installEventFilter(self)
        self._timer.start(wait_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._called:
            self._qt_app.removeEventFilter(self)
            self._timer.start(0)  # once this paint is on screen
        return False

    def _go(self) -> None:
        if self._called:
            return
        self._called = True
        self._timer.stop()
        self._qt_app.removeEventFilter(self)
        then, self._then = self._then, _nothing  # what it holds need not outlive the call
        then()


def _nothing() -> None:
    pass


class RequestsUntilBuilt:
    """What later starts ask (``unbrace run X``, show the window) before the app is built: held,
    then handed over in order once there is a handler; after that, passed on from the event
    loop (not from inside the socket's own signal)."""

    def __init__(self) -> None:
        self._held: list[InstanceRequest] = []
        self._handler: Callable[[InstanceRequest], None] | None = None

    def receive(self, request: InstanceRequest) -> None:
        handler = self._handler
        if handler is None:
            self._held.append(request)
        else:
            QTimer.singleShot(0, lambda: handler(request))

    def hand_to(self, handler: Callable[[InstanceRequest], None]) -> None:
        self._handler = handler
        held, self._held = self._held, []
        for request in held:
            handler(request)


def run_application(
    paths: AppPaths,
    routine: str | None = None,
    start_in_tray: bool = False,
    pacer: InstanceRequest | None = None,
) -> int:
    # Qt's raster engine hands each large gradient fill (the orb, every frame) to a pool of
    # threads and waits for them: ~1,000 thread wake-ups a second while a session animates, for
    # no gain at the orb's size. Without the pool, fills run on the painting thread. A value the
    # user set is kept.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    qt_app = QApplication.instance() or QApplication(["unbrace"])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Unbrace")
    qt_app.setDesktopFileName(APP_ID)
    instance = SingleInstance(default_instance_name())
    if not instance.claim():
        if instance.send(pacer or InstanceRequest.from_command_line(routine, start_in_tray)):
            return 0
        log.error(
            "another Unbrace is running but did not answer; "
            "close it (or end its process) and try again"
        )
        return 1
    try:
        # `unbrace pacer` with no Unbrace running: the app starts in the tray, with the pacer.
        return _run(qt_app, instance, paths, routine, start_in_tray or pacer is not None, pacer)
    finally:
        instance.close()


def _run(
    qt_app: QApplication,
    instance: SingleInstance,
    paths: AppPaths,
    routine: str | None,
    start_in_tray: bool,
    pacer: InstanceRequest | None = None,
) -> int:
    icons = paths.assets / "icons"
    qt_app.setWindowIcon(QIcon(str(icons / "unbrace.svg")))
    # The validated settings have the last word: the window opens then if they disagree.
    hidden = start_in_tray or starts_in_tray(paths.settings_file)
    early_tray = _show_tray_icon(QIcon(str(icons / "unbrace-tray.svg"))) if hidden else None
    window: MainWindow | None = None  # in the tray: built when first opened
    look: LookFollower | None = None
    if not hidden:
        from app.qt.design.follow import LookFollower
        from app.qt.shell.main_window import MainWindow

        # the window's colours are right from its first paint; in the tray, the icon does not
        # wait for them (the composition root applies them with the validated settings)
        look = LookFollower(qt_app, appearance(paths.settings_file))
        look.start()

        window = MainWindow()
        window.show()
    requests = RequestsUntilBuilt()
    instance.request_received.connect(requests.receive)
    if pacer is not None:
        requests.receive(pacer)  # handed to the app as soon as it is built
    built: list[object] = []  # the assembled app, kept alive while the event loop runs

    def build_the_rest() -> None:
        try:
            from app.qt.design.follow import LookFollower
            from app.qt.shell.compose import assemble

            app, desktop = assemble(
                qt_app,
                paths,
                window,
                early_tray,
                routine,
                start_in_tray,
                instance.problem,
                look or LookFollower(qt_app, "system"),  # the settings say which, in there
            )
        except Exception:  # a bug: say so and end, rather than leave a window that does nothing
            log.critical("a bug while building the app", exc_info=True)
            log.critical("the app could not start; the error is above")
            if early_tray is not None:
                early_tray[0].hide()
            if window is not None:
                window.hide()
            qt_app.exit(1)
            return
        built.extend((app, desktop))
        requests.hand_to(app.handle_request)
        # What start-up made lives as long as the app: kept out of the collector's way, a full
        # collection in the middle of a session walks only what was made since, not all of it.
        # (A start-up object that later ends in a reference cycle is never freed: a bounded cost,
        # as nothing made at start-up is made again.)
        gc.collect()
        gc.freeze()

    AfterFirstPaint(qt_app, build_the_rest, NOTHING_DRAWN_MS if hidden else WINDOW_PAINT_WAIT_MS)
    return qt_app.exec()


def _show_tray_icon(icon: QIcon) -> tuple[Tray, TrayHostWait]:
    """Started in the tray: the icon is shown as soon as a tray host is there (at login it may
    still be starting: the wait is long); its menu is filled in once the app is built."""
    from PySide6.QtDBus import QDBusConnection
    from PySide6.QtGui import QGuiApplication

    from app.desktop.tray_host.abc import tray_host_probe
    from app.qt.tray.icon import TRAY_HOST_WAIT_MS, Tray, TrayHostWait

    tray = Tray(icon)
    host_wait = TrayHostWait(
        QDBusConnection.sessionBus(),
        tray_host_probe(QGuiApplication.platformName()),
        TRAY_HOST_WAIT_MS,
    )
    host_wait.ready.connect(tray.create_icon)
    host_wait.start()
    return tray, host_wait
