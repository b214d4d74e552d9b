"""The mini pacer in the assembled app: started from the tray, the library and a second start;
out of sight during a session; reminders wait for it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.desktop.instance.request import InstanceRequest
from app.desktop.overlay.mode import overlay_mode
from app.qt.library.view import LibraryView
from app.qt.mini_pacer.controller import MiniPacerController
from app.qt.mini_pacer.on_demand import PacerOnDemand
from app.qt.mini_pacer.wiring import attach_pacer
from tests.qt.mini_pacer.test_controller import Desk
from tests.qt.tray.test_tray import DesktopRig


class PacedApp:
    def __init__(self, qtbot: QtBot, tmp_path: Path) -> None:
        self.rig = DesktopRig(qtbot, tmp_path)
        self.app = self.rig.unbrace.app
        self.clock = self.rig.unbrace.clock
        self.pacer = MiniPacerController(
            self.clock,
            lambda: datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
            self.app.preferences,
            lambda: self.app.history,
            Desk(),
            Desk(),
            overlay_mode("xcb"),
            lambda: True,
            self.app.owner,
        )
        self.warnings: list[str] = []
        self.on_demand = PacerOnDemand(
            lambda: self.pacer, self.app.routine_named, self.warnings.append
        )
        self.app.pacer = self.on_demand
        attach_pacer(self.app, self.on_demand, self.rig.desktop.tray, self.rig.desktop.reminders)

    @property
    def visible(self) -> bool:
        return self.pacer.orb is not None and self.pacer.orb.isVisible()


@pytest.fixture
def paced(qtbot: QtBot, tmp_path: Path) -> Iterator[PacedApp]:
    made = PacedApp(qtbot, tmp_path)
    yield made
    made.pacer.stop()
    if made.pacer.orb is not None:
        made.pacer.orb.close()
    made.rig.desktop.stop()  # as when the app quits: the reminders the pacer woke stop
    made.app.preferences.flush()


def test_the_tray_starts_resonance_breathing_for_the_time_chosen(paced: PacedApp) -> None:
    tray = paced.rig.desktop.tray
    assert not tray.pacer_stop_action.isEnabled()
    assert paced.on_demand.built is None  # nothing of the pacer is made until it is asked for
    fifteen = next(a for a in tray.pacer_menu.actions() if a.text() == "15 min")
    fifteen.trigger()
    assert paced.visible and paced.pacer.pacer is not None
    assert paced.pacer.pacer.minutes == 15
    assert paced.pacer.pacer.pattern.name == "Resonance breathing"
    assert tray.pacer_stop_action.isEnabled() and tray.pacer_move_action.isEnabled()
    assert not paced.app.window.showing_session  # the window was left as it was
    tray.pacer_stop_action.trigger()
    assert not paced.visible and not tray.pacer_stop_action.isEnabled()


def test_the_library_button_breathes_the_routine_shown(paced: PacedApp) -> None:
    library = _library_view(paced)
    details = library.details
    library.select("box-breathing")
    assert details.pacer_button.isVisibleTo(details)
    details.pacer_button.click()
    running = paced.pacer.pacer
    assert running is not None
    assert running.pattern.routine_id == "box-breathing" and running.minutes == 15
    assert [s.word for s in running.pattern.segments] == ["In", "Hold", "Out", "Hold"]
    library.select("gentle-shaking")  # no breathe step: nothing to pace
    assert not details.pacer_button.isVisibleTo(details)


def test_a_second_start_hands_the_pacer_over(paced: PacedApp) -> None:
    paced.app.handle_request(InstanceRequest("pacer", "physiological-sigh", 5, 1))
    running = paced.pacer.pacer
    assert running is not None and running.minutes == 5
    assert running.pattern.routine_id == "physiological-sigh"


def test_a_session_in_the_main_window_puts_the_orb_out_of_sight(paced: PacedApp) -> None:
    paced.app.start_pacer(None, None)
    paced.app.start_by_id("box-breathing")
    assert not paced.visible
    paced.app.window.session_view.stop_requested.emit()
    assert not paced.visible  # an early ending can still be undone: the session may go on
    paced.rig.unbrace.run_for(5)  # the undo window passes: the ending is final
    assert paced.visible


def test_a_pacer_first_started_during_a_session_waits_out_of_sight(paced: PacedApp) -> None:
    paced.app.start_by_id("box-breathing")
    assert paced.on_demand.built is None
    assert paced.app.start_pacer(None, 5)
    assert paced.pacer.running and not paced.visible
    paced.app.window.session_view.stop_requested.emit()
    paced.rig.unbrace.run_for(5)  # the undo window passes: the ending is final
    assert paced.visible


def test_a_routine_without_that_breathe_step_is_refused_with_a_reason(paced: PacedApp) -> None:
    assert not paced.app.start_pacer("box-breathing", 5, step=3)
    assert not paced.pacer.running
    assert paced.warnings == ["box-breathing has 1 breathe step(s), not 3."]


def test_reminders_wait_while_it_runs(paced: PacedApp) -> None:
    runner = paced.rig.desktop.reminders.runner
    paced.app.start_pacer(None, 5)
    assert runner.practising()
    paced.pacer.stop()
    assert not runner.practising()


def _library_view(paced: PacedApp) -> LibraryView:
    found = paced.app.window.findChild(LibraryView)
    assert found is not None
    return found


def test_the_breath_tone_is_a_choice_in_the_tray_and_is_kept(paced: PacedApp) -> None:
    tray = paced.rig.desktop.tray
    assert not tray.pacer_tone_action.isChecked()  # silent by default
    tray.pacer_tone_action.trigger()
    assert paced.app.preferences.current.mini_pacer.breath_tone
