"""The mini pacer's place in the app: started from the tray, the library and the command line;
hidden during a session; a reminder waits while it runs.

Called by the composition root once the desktop side is attached; it only connects. The
controller is connected when it is built (``app.qt.mini_pacer.on_demand``), the sessions when
the window is (``app.qt.shell.on_demand``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.qt.mini_pacer.on_demand import PacerOnDemand
from app.qt.shell.notice_dialog import inform
from app.qt.tray.icon import Tray
from app.qt.tray.reminder_service import ReminderService
from app.qt.tray.wiring import Unbrace, Window

if TYPE_CHECKING:  # built when the pacer first starts
    from app.qt.mini_pacer.controller import MiniPacerController


def attach_pacer(
    app: Unbrace, pacer: PacerOnDemand, tray: Tray, reminders: ReminderService
) -> None:
    tray.pacer_requested.connect(lambda minutes: pacer.start(None, minutes))
    tray.pacer_move_requested.connect(pacer.start_moving)
    tray.pacer_stop_requested.connect(pacer.stop)
    # A reminder that comes while the user breathes with the orb waits until it is done.
    reminders.runner.practising = lambda: pacer.running

    def running(on: bool) -> None:
        tray.set_pacer_running(on)
        if not on:
            reminders.wake()  # a reminder held back for the pacer may come now

    def tone(on: bool) -> None:
        settings = app.preferences.current.mini_pacer
        app.preferences.update(mini_pacer=settings.model_copy(update={"breath_tone": on}))

    tray.set_pacer_tone(app.preferences.current.mini_pacer.breath_tone)
    tray.pacer_tone_toggled.connect(tone)
    app.preferences.changed.connect(lambda s: tray.set_pacer_tone(s.mini_pacer.breath_tone))
    app.preferences.changed.connect(
        lambda settings: pacer.set_reduced_motion(settings.reduced_motion)
    )

    def with_window(built: Window) -> None:
        built.sessions.session_started.connect(lambda _timeline: pacer.set_session_running(True))
        built.sessions.session_ended.connect(lambda _finished: pacer.set_session_running(False))

    app.when_built(with_window)

    def say(text: str) -> None:
        icon = tray.icon
        if icon is not None and icon.isVisible():
            icon.showMessage("Unbrace", text, icon.icon(), 10_000)
        else:
            inform(None, "Unbrace", text)

    def with_controller(controller: MiniPacerController) -> None:
        controller.running_changed.connect(running)
        controller.notice.connect(say)

    pacer.when_built(with_controller)
    application = QCoreApplication.instance()

    def quitting() -> None:
        """Before the history closes: the practice is kept (the reminders have stopped)."""
        controller = pacer.built
        if controller is not None:
            controller.running_changed.disconnect(running)
        pacer.stop()

    if application is not None:
        application.aboutToQuit.connect(quitting)
