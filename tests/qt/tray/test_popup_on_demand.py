"""The reminder popup is made only when a reminder needs it, and then answers as itself."""

from __future__ import annotations

from pathlib import Path

from app.desktop.notify.freedesktop import ReminderChoice
from app.qt.tray.popup_on_demand import PopupOnDemand
from app.qt.tray.reminder_service import NoIdle, ReminderService
from tests.qt.tray.test_reminder_service import FakeReminder, Rig


def service_with_popup_on_demand(
    tmp_path: Path, server: FakeReminder
) -> tuple[Rig, list[FakeReminder], PopupOnDemand]:
    rig = Rig(tmp_path, server)
    made: list[FakeReminder] = []

    def make() -> FakeReminder:
        made.append(FakeReminder())
        return made[-1]

    popup = PopupOnDemand(make)
    rig.service = ReminderService(
        rig.scheduler,
        rig.clocks,
        rig.store,
        server,
        popup,
        NoIdle(),
        lambda: ("diaphragmatic-3min", "3-Minute Diaphragmatic Breathing"),
    )
    rig.service.start_requested.connect(rig.started.append)
    return rig, made, popup


def test_with_a_notification_server_the_popup_is_never_made(tmp_path: Path, qapp: object) -> None:
    rig, made, popup = service_with_popup_on_demand(tmp_path, FakeReminder())
    rig.service.start()
    rig.sleep_until_timer()
    assert rig.server is not None and len(rig.server.shown) == 1
    rig.service.session_started()  # takes the reminder away
    assert made == [] and popup.made is None
    rig.service.stop()  # as when the app quits


def test_without_one_the_popup_is_made_once_and_its_answers_count(
    tmp_path: Path, qapp: object
) -> None:
    rig, made, popup = service_with_popup_on_demand(tmp_path, FakeReminder(available=False))
    rig.service.start()
    assert made == []
    rig.sleep_until_timer()
    assert len(made) == 1 and popup.made is made[0]
    assert [shown[2] for shown in made[0].shown] == ["3-Minute Diaphragmatic Breathing"]
    made[0].choice_made.emit(ReminderChoice.START)
    assert rig.started == ["diaphragmatic-3min"]
    assert not rig.scheduler.reminder_pending
    rig.sleep_until_timer()  # the next reminder: the same popup again
    assert len(made) == 1 and len(made[0].shown) == 2
    rig.service.stop()  # as when the app quits
