"""The composition root: opens what the app keeps on disk and in the desktop, and builds every
collaborator once, in the order start-up needs.

``app.qt.shell.startup`` shows the window (or the tray icon) first, with nothing but Qt loaded,
and calls ``assemble`` once that is drawn: the settings; then the window's side (``make_window``:
history, sound, library, pages, wired by ``app.qt.shell.application.build``) at once if the
window shows, else when the user first opens it (``app.qt.shell.on_demand``); then the
desktop side (tray, reminders, notifications, idle, sleep, and the mini pacer, built when it
first starts: ``app.qt.mini_pacer.on_demand``), which starts last, in ``Desktop.start``. In the
tray, only what the reminders need is built. Constructors here do no
I/O and start no timers; what opens a file or the bus is named as it is done.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.core.files.paths import AppPaths
from app.core.session.clock import monotonic_clock
from app.core.settings.settings import SettingsStore
from app.qt.design.follow import LookFollower
from app.qt.mini_pacer.on_demand import PacerOnDemand
from app.qt.mini_pacer.wiring import attach_pacer
from app.qt.shell.notice_dialog import inform, warn
from app.qt.shell.on_demand import WindowOnDemand
from app.qt.tray.icon import Tray, TrayHostWait
from app.qt.tray.popup_on_demand import PopupOnDemand
from app.qt.tray.reminder_service import ReminderService
from app.qt.tray.wiring import Desktop, attach_desktop, current_pause_routine

if TYPE_CHECKING:
    from app.audio.session_sound import SimpleSessionSound
    from app.core.history import OpenedHistory
    from app.qt.mini_pacer.controller import MiniPacerController
    from app.qt.settings.preferences import Preferences
    from app.qt.shell.application import Unbrace
    from app.qt.shell.main_window import MainWindow
    from app.qt.tray.reminder_popup import ReminderPopup

#: The voices are looked for this long after start-up, in a worker thread.
VOICE_SEARCH_DELAY_MS = 1_500


def assemble(
    qt_app: QApplication,
    paths: AppPaths,
    window: MainWindow | None,
    early_tray: tuple[Tray, TrayHostWait] | None,
    routine: str | None,
    start_in_tray: bool,
    guard_notice: str | None = None,
    look: LookFollower | None = None,
) -> tuple[WindowOnDemand, Desktop]:
    """Everything behind the window (or the tray icon) that ``app.qt.shell.startup`` has shown:
    settings, tray and reminders at once; the history, sound, library, pages and the window
    (unless *window* is shown already) at once when the window shows, else when first opened
    (``make_window``); then *routine*, if asked for. The event loop is already running.
    *guard_notice* says why a second Unbrace could start beside this one, if it could; it is
    shown once, with the other notices. *look* keeps the colours in step with the appearance
    setting."""
    from app.audio.heap import map_large_buffers
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
    from app.qt.settings.preferences import Preferences

    map_large_buffers()  # a long session's sound buffers would otherwise fragment the heap
    icons = paths.assets / "icons"
    store = SettingsStore(paths.settings_file)
    loaded = store.load()
    owner = QObject()
    preferences = Preferences(store, loaded.settings, owner)
    hidden = start_in_tray or loaded.settings.start_in_tray
    if look is not None:
        look.set_appearance(loaded.settings.appearance)
        preferences.changed.connect(lambda settings: look.set_appearance(settings.appearance))

    def open_history() -> OpenedHistory:
        from app.core.history import HistoryStore

        history = HistoryStore.open(paths.history_db, lambda: datetime.now(UTC))
        if history.store is not None:  # a session's writes never wait on the disk on this thread
            history.store.start_background_writes()
        if history.notice:  # told once the current turn of the event loop is over
            notice = history.notice
            QTimer.singleShot(0, lambda: inform(_window_of(app), "History", notice))
        return history

    opened_sound: list[SimpleSessionSound] = []

    def sound() -> SimpleSessionSound:
        """The sound layer, opened when first needed (by the window, or the pacer's tone)."""
        if not opened_sound:
            from app.audio.session_sound import SimpleSessionSound

            opened_sound.append(
                SimpleSessionSound.open(
                    monotonic_clock, voices_dir=paths.voices_dir, cache_dir=paths.speech_cache
                )
            )
        return opened_sound[0]

    def make(history: OpenedHistory) -> Unbrace:
        return make_window(paths, store, preferences, owner, history, window, sound())

    app = WindowOnDemand(paths, preferences, owner, open_history, make)
    if not hidden or window is not None:  # the window is (or is about to be) on screen
        app.get()
    bus = QDBusConnection.sessionBus()
    tray, host_wait = early_tray or (
        Tray(QIcon(str(icons / "unbrace-tray.svg"))),
        # Started by hand, the desktop is up already: a tray host is there or is not.
        TrayHostWait(bus, tray_host_probe(QApplication.platformName()), 1_000),
    )
    clocks = SystemClocks(local_zone())
    state_store = SchedulerStateStore(paths.reminder_state_file)
    state = state_store.load(clocks.now())
    notifier = make_notifier(bus, icon=str(icons / "unbrace.svg"), parent=owner)
    scheduler = ReminderScheduler(preferences.current.reminders.to_rules(), clocks, state.state)
    popup = PopupOnDemand(lambda: make_popup(tray), owner)
    fullscreen, idle = fullscreen_source(), idle_source(bus)
    reminders = ReminderService(
        scheduler,
        clocks,
        state_store,
        notifier,
        popup,
        idle,
        lambda: current_pause_routine(app),
        owner,
        fullscreen,
    )
    desktop = attach_desktop(app, clocks, reminders, popup, tray, host_wait, start_hidden=hidden)

    def make_pacer() -> MiniPacerController:
        from app.qt.mini_pacer.controller import mini_pacer
        from app.qt.mini_pacer.tone import SessionSoundTone

        tone = SessionSoundTone(sound, lambda: preferences.current)
        return mini_pacer(preferences, lambda: app.history, owner, fullscreen, idle, tone)

    pacer = PacerOnDemand(
        make_pacer, app.routine_named, lambda text: warn(_window_of(app), "Unbrace", text)
    )
    app.pacer = pacer
    app.when_built(lambda built: setattr(built, "pacer", pacer))
    attach_pacer(app, pacer, tray, reminders)
    # Wake the reminders when do-not-disturb changes and around a suspend, not on a timer.
    notifier.inhibited_changed.connect(lambda _inhibited: desktop.reminders.wake())
    sleep = sleep_watch(QDBusConnection.systemBus(), owner)
    sleep.sleeping_changed.connect(lambda _sleeping: desktop.reminders.wake())
    desktop.reminders.save_failed.connect(lambda text: warn(_window_of(app), "Reminders", text))
    # settings changed from the tray before any window exists are saved (or not) all the same
    preferences.save_failed.connect(lambda text: warn(_window_of(app), "Settings", text))
    # Everything is built and connected: now the window, the tray and the timers start.
    desktop.start()
    sleep.start()
    notifier.start()  # asks whether a notification server is there; the answer comes later
    qt_app.aboutToQuit.connect(app.shut_down)
    for title, notice in (
        ("Settings", loaded.notice),
        ("Reminders", state.notice),
        ("Unbrace", guard_notice),
    ):
        if notice:
            inform(_window_of(app), title, notice)
    if routine is not None:
        app.start_named(routine)  # when it cannot start, the user is told and the library stays
    return app, desktop


def make_window(
    paths: AppPaths,
    store: SettingsStore,
    preferences: Preferences,
    owner: QObject,
    history: OpenedHistory,
    window: MainWindow | None,
    sound: SimpleSessionSound,
) -> Unbrace:
    """The window (*window*, when it is shown already), its pages, their controllers and the
    library, wired to the *preferences*, *history* and *sound* the tray shares."""
    from app.desktop.autostart.login import autostart_path, config_home
    from app.qt.shell.application import build
    from app.qt.shell.main_window import MainWindow

    app = build(
        paths,
        monotonic_clock,
        sound,
        store,
        preferences.current,
        history,
        window=window or MainWindow(),
        shared=(preferences, owner),
    )
    # the voices are looked for once, off the GUI thread (flite lists its voices in a
    # subprocess): once start-up is over, or at once when the window is built later, when the
    # settings dialog may be what asked for it
    search = threading.Thread(target=sound.voice_choices, name="unbrace-voices", daemon=True)
    QTimer.singleShot(0 if window is None else VOICE_SEARCH_DELAY_MS, search.start)
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
    return app


def make_popup(tray: Tray) -> ReminderPopup:
    """The reminder as a small window beside the tray icon, for when no notification server
    answers (made when a reminder first needs it)."""
    from app.qt.tray.reminder_popup import ReminderPopup

    return ReminderPopup(anchor=tray.geometry)


def _window_of(app: WindowOnDemand) -> MainWindow | None:
    """The window a message box belongs to: the main window if it is built, else none."""
    return app.built.window if app.built is not None else None
