"""The composition root: opens what the app keeps on disk and in the desktop, and builds every
collaborator once, in the order start-up needs.

``app.qt.shell.startup`` shows the window (or the tray icon) first, with nothing but Qt loaded,
and calls ``assemble`` once that is drawn: settings, sound, history, then the pages
(``app.qt.shell.application.build``), then the desktop side (tray, reminders, notifications,
idle, sleep), which starts last, in ``Desktop.start``. Constructors here do no I/O and start no
timers; what opens a file or the bus is named as it is done.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.core.files.paths import AppPaths
from app.core.history import HistoryStore
from app.core.session.clock import monotonic_clock
from app.core.settings.settings import SettingsStore
from app.desktop.autostart.login import autostart_path, config_home
from app.qt.design.follow import LookFollower
from app.qt.shell.application import Unbrace, build
from app.qt.shell.main_window import MainWindow
from app.qt.shell.notice_dialog import inform, warn
from app.qt.tray.icon import Tray, TrayHostWait
from app.qt.tray.reminder_popup import ReminderPopup
from app.qt.tray.reminder_service import ReminderService
from app.qt.tray.wiring import Desktop, attach_desktop, current_pause_routine

#: The voices are looked for this long after start-up, in a worker thread.
VOICE_SEARCH_DELAY_MS = 1_500


def assemble(
    qt_app: QApplication,
    paths: AppPaths,
    window: MainWindow,
    early_tray: tuple[Tray, TrayHostWait] | None,
    routine: str | None,
    start_in_tray: bool,
    guard_notice: str | None = None,
    look: LookFollower | None = None,
) -> tuple[Unbrace, Desktop]:
    """Everything behind the window (or the tray icon) that ``app.qt.shell.startup`` has shown:
    settings, sound, history, library, pages, tray, reminders; then *routine*, if asked for.
    The event loop is already running. *guard_notice* says why a second Unbrace could start
    beside this one, if it could; it is shown once, with the other notices. *look* keeps the
    colours in step with the appearance setting."""
    from app.audio.heap import map_large_buffers
    from app.audio.session_sound import SimpleSessionSound
    from app.core.reminders import (
        ReminderScheduler,
        SchedulerStateStore,
        SystemClocks,
        local_zone,
    )
    from app.desktop.fullscreen.abc import fullscreen_source
    from app.desktop.idle.abc import idle_source
    from app.desktop.notify.abc import notifier as make_notifier
    from app.desktop.sleep.abc import sleep_watch
    from app.desktop.tray_host.abc import tray_host_probe

    map_large_buffers()  # a long session's sound buffers would otherwise fragment the heap
    icons = paths.assets / "icons"
    store = SettingsStore(paths.settings_file)
    loaded = store.load()
    sound = SimpleSessionSound.open(
        monotonic_clock, voices_dir=paths.voices_dir, cache_dir=paths.speech_cache
    )
    history = HistoryStore.open(paths.history_db, lambda: datetime.now(UTC))
    if history.store is not None:  # a session's writes never wait on the disk on this thread
        history.store.start_background_writes()
    app = build(paths, monotonic_clock, sound, store, loaded.settings, history, window=window)
    if look is not None:
        look.set_appearance(loaded.settings.appearance)
        app.preferences.changed.connect(lambda settings: look.set_appearance(settings.appearance))
    # the voices are looked for once, off the GUI thread (flite lists its voices in a
    # subprocess), once start-up is over
    QTimer.singleShot(
        VOICE_SEARCH_DELAY_MS,
        threading.Thread(target=sound.voice_choices, name="unbrace-voices", daemon=True).start,
    )
    autostart_file = autostart_path(config_home())

    def show_settings() -> None:
        from app.qt.settings.flow import open_settings  # the dialog loads when first asked for

        open_settings(
            app.window,
            app.preferences,
            app.library.library,
            autostart_file,
            voices=sound.voice_choices,
        )

    app.window.settings_action.triggered.connect(show_settings)
    bus = QDBusConnection.sessionBus()
    hidden = start_in_tray or loaded.settings.start_in_tray
    tray, host_wait = early_tray or (
        Tray(QIcon(str(icons / "unbrace-tray.svg"))),
        # Started by hand, the desktop is up already: a tray host is there or is not.
        TrayHostWait(bus, tray_host_probe(QApplication.platformName()), 1_000),
    )
    clocks = SystemClocks(local_zone())
    state_store = SchedulerStateStore(paths.reminder_state_file)
    state = state_store.load(clocks.now())
    notifier = make_notifier(bus, icon=str(icons / "unbrace.svg"), parent=app.owner)
    scheduler = ReminderScheduler(app.preferences.current.reminders.to_rules(), clocks, state.state)
    popup = ReminderPopup(anchor=tray.geometry)
    reminders = ReminderService(
        scheduler,
        clocks,
        state_store,
        notifier,
        popup,
        idle_source(bus),
        lambda: current_pause_routine(app),
        app.owner,
        fullscreen_source(),
    )
    desktop = attach_desktop(app, clocks, reminders, popup, tray, host_wait, start_hidden=hidden)
    # Wake the reminders when do-not-disturb changes and around a suspend, not on a timer.
    notifier.inhibited_changed.connect(lambda _inhibited: desktop.reminders.wake())
    sleep = sleep_watch(QDBusConnection.systemBus(), app.owner)
    sleep.sleeping_changed.connect(lambda _sleeping: desktop.reminders.wake())
    desktop.reminders.save_failed.connect(lambda text: warn(app.window, "Reminders", text))
    # Everything is built and connected: now the window, the tray and the timers start.
    desktop.start()
    sleep.start()
    notifier.start()  # asks whether a notification server is there; the answer comes later
    qt_app.aboutToQuit.connect(app.shut_down)
    for title, notice in (
        ("Settings", loaded.notice),
        ("History", history.notice),
        ("Reminders", state.notice),
        ("Unbrace", guard_notice),
    ):
        if notice:
            inform(app.window, title, notice)
    if routine is not None:
        app.start_named(routine)  # when it cannot start, the user is told and the library stays
    return app, desktop
