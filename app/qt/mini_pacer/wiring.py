"""The mini pacer's place in the app: started from the tray, the library and the command line;
hidden during a session; a reminder waits while it runs.

Called by the composition root once the desktop side is attached; it only connects.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from app.core.session.mini_pacer import resonance
from app.qt.mini_pacer.controller import MiniPacerController
from app.qt.tray.icon import Tray
from app.qt.tray.reminder_service import ReminderService
from app.qt.tray.wiring import Unbrace


def attach_pacer(
    app: Unbrace, pacer: MiniPacerController, tray: Tray, reminders: ReminderService
) -> None:
    tray.pacer_requested.connect(lambda minutes: pacer.start(resonance(), minutes))
    tray.pacer_move_requested.connect(pacer.start_moving)
    tray.pacer_stop_requested.connect(pacer.stop)
    # A reminder that comes while the user breathes with the orb waits until it is done.
    reminders.runner.practising = lambda: pacer.running

    def running(on: bool) -> None:
        tray.set_pacer_running(on)
        if not on:
            reminders.wake()  # a reminder held back for the pacer may come now

    pacer.running_changed.connect(running)

    def tone(on: bool) -> None:
        settings = app.preferences.current.mini_pacer
        app.preferences.update(mini_pacer=settings.model_copy(update={"breath_tone": on}))

    tray.set_pacer_tone(app.preferences.current.mini_pacer.breath_tone)
    tray.pacer_tone_toggled.connect(tone)
    app.preferences.changed.connect(lambda s: tray.set_pacer_tone(s.mini_pacer.breath_tone))
    app.sessions.session_started.connect(lambda _timeline: pacer.set_session_running(True))
    app.sessions.session_ended.connect(lambda _finished: pacer.set_session_running(False))
    app.preferences.changed.connect(
        lambda settings: pacer.set_reduced_motion(settings.reduced_motion)
    )

    def say(text: str) -> None:
        icon = tray.icon
        if icon is not None and icon.isVisible():
            icon.showMessage("Unbrace", text, icon.icon(), 10_000)
        else:
            QMessageBox.information(None, "Unbrace", text)

    pacer.notice.connect(say)
    application = QCoreApplication.instance()

    def quitting() -> None:
        """Before the history closes: the practice is kept (the reminders have stopped)."""
        pacer.running_changed.disconnect(running)
        pacer.stop()

    if application is not None:
        application.aboutToQuit.connect(quitting)
