"""A reminder that comes while the mini pacer breathes waits until the pacer is done."""

from __future__ import annotations

from pathlib import Path

from tests.qt.tray.test_reminder_service import FakeReminder, Rig


def test_a_reminder_due_while_the_pacer_runs_waits_until_it_ends(
    tmp_path: Path, qapp: object
) -> None:
    rig = Rig(tmp_path, FakeReminder())
    try:
        reminded_after_the_pacer(rig)
    finally:
        rig.service.stop()  # as when the app quits


def reminded_after_the_pacer(rig: Rig) -> None:
    pacing = [True]
    rig.service.runner.practising = lambda: pacing[0]
    rig.service.start()
    rig.sleep_until_timer()  # the reminder is due: the user is breathing with the pacer
    assert rig.server is not None and rig.server.shown == []
    assert rig.statuses[-1] == "Pause reminder waiting (breathing with the pacer)"
    pacing[0] = False  # the pacer ended: the app wakes the reminders
    rig.service.wake()
    assert len(rig.server.shown) == 1
