"""Reminders inside the app: the timer the service arms, the reminder it shows, the answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Signal

from app.core.reminders import FakeClocks, ReminderRules, ReminderScheduler, SchedulerStateStore
from app.desktop.notify.freedesktop import ReminderChoice
from app.qt.tray.reminder_service import FullScreenSource, IdleSource, NoIdle, ReminderService

BERLIN = ZoneInfo("Europe/Berlin")
MIN_MS = 60_000


class FakeReminder(QObject):
    """A notification server or popup that records what it was asked to show."""

    choice_made = Signal(ReminderChoice)
    show_failed = Signal()

    def __init__(self, available: bool = True, inhibited: bool = False) -> None:
        super().__init__()
        self.is_available = available
        self.is_inhibited = inhibited
        self.shown: list[tuple[str, str, str]] = []
        self.snooze_lengths: list[int] = []
        self.closed = 0

    def available(self) -> bool:
        return self.is_available

    def inhibited(self) -> bool | None:
        return self.is_inhibited

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        if not self.is_available:
            return False
        self.shown.append((title, body, routine_name))
        self.snooze_lengths.append(snooze_min)
        return True

    def close(self) -> bool:
        self.closed += 1
        return True


class Idle:
    def __init__(self) -> None:
        self.seconds: float | None = 0.0

    def idle_seconds(self) -> float | None:
        return self.seconds


class Rig:
    def __init__(
        self,
        tmp_path: Path,
        server: FakeReminder | None,
        idle: IdleSource | None = None,
        fullscreen: FullScreenSource | None = None,
    ) -> None:
        self.clocks = FakeClocks(datetime(2026, 3, 4, 9, 0, tzinfo=BERLIN))  # a Wednesday
        self.scheduler = ReminderScheduler(ReminderRules(interval_min=30), self.clocks)
        self.store = SchedulerStateStore(tmp_path / "reminders.json")
        self.server = server
        self.popup = FakeReminder()
        self.idle = idle if isinstance(idle, Idle) else Idle()
        self.service = ReminderService(
            self.scheduler,
            self.clocks,
            self.store,
            server,
            self.popup,
            idle or NoIdle(),
            lambda: ("diaphragmatic-3min", "3-Minute Diaphragmatic Breathing"),
            fullscreen=fullscreen,
        )
        self.started: list[str] = []
        self.service.start_requested.connect(self.started.append)
        self.statuses: list[str] = []
        self.service.status_changed.connect(self.statuses.append)

    def sleep_until_timer(self) -> None:
        """Let awake time pass until the instant the service's timer stands for, then fire it."""
        due = self.service.next_wake_ns()
        assert due is not None, "the service armed no timer"
        self.clocks.advance_to(due)
        self.service.wake()


MakeRig = Callable[..., Rig]


@pytest.fixture
def make_rig(tmp_path: Path, qapp: object) -> Iterator[MakeRig]:
    """Rigs for the test; at its end each service stops, as when the app quits."""
    rigs: list[Rig] = []

    def make(
        server: FakeReminder | None,
        idle: IdleSource | None = None,
        fullscreen: FullScreenSource | None = None,
    ) -> Rig:
        rigs.append(Rig(tmp_path, server, idle, fullscreen))
        return rigs[-1]

    yield make
    for rig in rigs:
        rig.service.stop()


@pytest.fixture
def rig(make_rig: MakeRig) -> Rig:
    return make_rig(FakeReminder())


def test_one_timer_is_armed_for_the_due_instant(rig: Rig) -> None:
    """At 09:00 with a 30-minute interval the service sleeps exactly 30 minutes: no polling."""
    rig.service.start()
    assert rig.service.wake_in_ms() == pytest.approx(30 * MIN_MS, abs=5)
    assert rig.statuses[-1] == "Next pause around 09:30"


def test_the_reminder_is_a_notification_offering_the_pause_routine(rig: Rig) -> None:
    """When due, one notification offers the pause routine; the state is saved."""
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None
    assert rig.server.shown == [
        (
            "Time for a pause",
            "Your back has been working for a while. 3-Minute Diaphragmatic Breathing is ready "
            "when you are.",
            "3-Minute Diaphragmatic Breathing",
        )
    ]
    assert rig.popup.shown == []
    assert rig.store.load().state.reminder_pending


def test_start_asks_for_the_routine(rig: Rig) -> None:
    """Start on the reminder starts the offered routine."""
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None
    rig.server.choice_made.emit(ReminderChoice.START)
    assert rig.started == ["diaphragmatic-3min"]
    assert not rig.scheduler.reminder_pending


def test_snooze_brings_it_back_in_ten_minutes(rig: Rig) -> None:
    """Snooze 10 min re-arms the timer for exactly ten minutes."""
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None
    rig.server.choice_made.emit(ReminderChoice.SNOOZE)
    assert rig.service.wake_in_ms() == pytest.approx(10 * MIN_MS, abs=5)
    rig.sleep_until_timer()
    assert len(rig.server.shown) == 2


def test_skip_starts_a_fresh_interval(rig: Rig) -> None:
    """Skip: the next reminder is a whole interval away."""
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None
    rig.server.choice_made.emit(ReminderChoice.SKIP)
    assert rig.service.wake_in_ms() == pytest.approx(30 * MIN_MS, abs=5)


def test_without_a_notification_server_the_popup_shows(make_rig: MakeRig) -> None:
    """No server answering: the popup shows the same reminder, and its answers count."""
    rig = make_rig(FakeReminder(available=False))
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None and rig.server.shown == []
    assert len(rig.popup.shown) == 1
    rig.popup.choice_made.emit(ReminderChoice.MISSED)  # it closed itself after a while
    assert not rig.scheduler.reminder_pending


def test_a_notification_that_fails_after_it_was_sent_becomes_the_popup(rig: Rig) -> None:
    """The server took the reminder, then refused it (or never answered): the popup shows the
    same reminder, its answer counts, and a late answer from the notification does not."""
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None and len(rig.server.shown) == 1
    assert rig.popup.shown == []
    rig.server.show_failed.emit()
    assert rig.popup.shown == rig.server.shown
    assert rig.popup.snooze_lengths == [10]
    assert rig.service.shown is rig.popup
    rig.server.choice_made.emit(ReminderChoice.START)
    assert rig.started == []
    rig.popup.choice_made.emit(ReminderChoice.SKIP)
    assert not rig.scheduler.reminder_pending


def test_a_failure_reported_after_the_answer_shows_nothing(rig: Rig) -> None:
    """Once the reminder is answered, a failure the server reports late changes nothing."""
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None
    rig.server.choice_made.emit(ReminderChoice.SKIP)
    rig.server.show_failed.emit()
    assert rig.popup.shown == []


def test_an_answer_from_the_other_channel_is_ignored(rig: Rig) -> None:
    """Only the channel that shows the reminder settles it."""
    rig.service.start()
    rig.sleep_until_timer()
    rig.popup.choice_made.emit(ReminderChoice.SKIP)
    assert rig.scheduler.reminder_pending


def test_do_not_disturb_holds_the_reminder_until_it_clears(make_rig: MakeRig) -> None:
    """With do-not-disturb on nothing shows; once it clears, the reminder comes once."""
    rig = make_rig(FakeReminder(inhibited=True))
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None and rig.server.shown == []
    rig.server.is_inhibited = False
    rig.sleep_until_timer()  # the re-check a couple of minutes later
    assert len(rig.server.shown) == 1
    rig.service.wake()
    assert len(rig.server.shown) == 1


def test_a_session_closes_the_reminder_and_holds_the_timer(rig: Rig) -> None:
    """No reminders while a session runs; a completed session starts a fresh interval."""
    rig.service.start()
    rig.sleep_until_timer()
    rig.service.session_started()
    assert rig.server is not None and rig.server.closed == 1
    assert rig.service.wake_in_ms() is None
    rig.clocks.advance(minutes=3)
    rig.service.session_finished(completed=True)
    assert rig.service.wake_in_ms() == pytest.approx(30 * MIN_MS, abs=5)


def test_idle_beyond_the_threshold_counts_as_a_pause(make_rig: MakeRig) -> None:
    """The user away for 10 minutes at the due moment: no reminder, a fresh interval."""
    rig = make_rig(FakeReminder(), idle=Idle())
    rig.service.start()
    due = rig.service.next_wake_ns()
    assert due is not None
    rig.clocks.advance_to(due)
    rig.idle.seconds = 10 * 60
    rig.service.wake()
    assert rig.server is not None and rig.server.shown == []


def test_turning_reminders_off_stops_the_timer(rig: Rig) -> None:
    """Reminders off: no timer at all, and the tooltip says so."""
    rig.service.start()
    rig.service.set_rules(rig.service.scheduler.rules.model_copy(update={"enabled": False}))
    assert rig.service.wake_in_ms() is None
    assert rig.statuses[-1] == "Reminders are off"


def test_no_idle_source_means_present(make_rig: MakeRig) -> None:
    """Without an idle backend the user counts as present, and reminders still come."""
    rig = make_rig(FakeReminder(), idle=NoIdle())
    rig.service.start()
    assert rig.service.wake_in_ms() == pytest.approx(30 * MIN_MS, abs=5)
    rig.sleep_until_timer()
    assert rig.server is not None and len(rig.server.shown) == 1


def test_time_away_between_wakes_counts_as_a_pause(make_rig: MakeRig) -> None:
    """Away from minute 10 to minute 20 and back before the reminder was due: the service asks
    idle time when the gap would reach the threshold, sees the absence, and the reminder comes a
    full interval after the return (minute 50), not at minute 40."""
    rig = make_rig(FakeReminder(), idle=Idle())
    start = rig.clocks.monotonic_ns()

    def minutes() -> float:
        return (rig.clocks.monotonic_ns() - start) / 60e9

    rig.service.start()
    while not (rig.server is not None and rig.server.shown):
        due = rig.service.next_wake_ns()
        assert due is not None
        rig.clocks.advance_to(due)
        away = 10 <= minutes() < 20
        rig.idle.seconds = (minutes() - 10) * 60 if away else 0.0
        rig.service.wake()
        assert minutes() < 60, "no reminder came"
    assert minutes() == pytest.approx(50, abs=1)


def test_without_idle_time_the_service_sleeps_until_the_reminder(make_rig: MakeRig) -> None:
    """Where the desktop tells no idle time there is nothing to ask: one wake, at the due time."""
    rig = make_rig(FakeReminder(), idle=NoIdle())
    rig.service.start()
    due = rig.service.next_wake_ns()
    assert due is not None
    assert (due - rig.clocks.monotonic_ns()) / 60e9 == pytest.approx(30)


class FullScreen:
    def __init__(self) -> None:
        self.on: bool | None = True

    def active_window_fullscreen(self) -> bool | None:
        return self.on


def test_a_full_screen_window_holds_the_reminder_until_it_is_left(make_rig: MakeRig) -> None:
    """A film or a presentation in front: the reminder waits, then comes once it is left."""
    screen = FullScreen()
    rig = make_rig(FakeReminder(), fullscreen=screen)
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None and rig.server.shown == []
    assert rig.statuses[-1] == "Pause reminder waiting (full screen)"
    screen.on = False
    rig.sleep_until_timer()
    assert len(rig.server.shown) == 1
