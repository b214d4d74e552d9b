"""The session page, driven by a fake clock through the real driver, controller and view."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.session.clock import FakeClock
from app.core.session.pacer_model import ORB_MAX, ORB_MIN
from app.core.session.recorder import SessionRecorder
from app.core.settings.settings import Settings, SettingsStore
from app.qt.session.controller import SessionController
from app.qt.session.driver import SessionDriver
from app.qt.session.view import SessionView
from app.qt.settings.preferences import Preferences
from tests.qt.fakes import RecordingSound
from tests.support.routines import routine_from_yaml

ROUTINE = """
    name: Short practice
    summary: A bit of everything.
    steps:
      - breathe: {label: Belly breathing, pattern: {inhale: 4, exhale: 6}, cycles: 2,
                  labels: {exhale: Hum}}
      - guide: {label: Upper back, prompt: Notice the shoulder blades., duration: 10s,
                region: upper_back}
      - hold: {label: Hold the breath out, max: 1m}
      - move: {label: Cat-cow, reps: 2, sides: [left, right],
               rep: [{label: Arch, duration: 3}, {label: Round, duration: 3}]}
"""


class Session:
    def __init__(self, qtbot: QtBot, tmp_path: Path, settings: Settings) -> None:
        self.clock = FakeClock()
        self.sound = RecordingSound()
        self.view = SessionView(clock=self.clock, fade_ms=0)
        qtbot.addWidget(self.view, before_close_func=lambda _view: self.close())
        self.view.resize(700, 600)
        self.view.show()
        self.driver = SessionDriver(self.clock)
        self.preferences = Preferences(SettingsStore(tmp_path / "settings.json"), settings)
        self.confirmed: list[list[str]] = []
        self.recorder = SessionRecorder(None, "History is off in this test.")
        self.controller = SessionController(
            self.driver, self.view, self.sound, self.preferences, self._confirm, self.recorder
        )
        self.answer = True

    def close(self) -> None:
        """What the window does when it closes: leave the session, save the settings."""
        self.controller.close()
        self.preferences.flush()

    def _confirm(self, parent: object, notices: list) -> bool:  # type: ignore[type-arg]
        self.confirmed.append([n.title for n in notices])
        return self.answer

    def at(self, seconds: float) -> None:
        """Move the clock to *seconds* after the start and let the driver wake."""
        self.clock.set(self.t0 + round(seconds * 1e9))
        self.driver.wake()

    def start(self, text: str = ROUTINE) -> bool:
        self.t0 = self.clock()
        return self.controller.start(routine_from_yaml(text))

    @property
    def word(self) -> str:
        return self.view.word_label.text()

    @property
    def countdown(self) -> str:
        return self.view.countdown_label.text()

    @property
    def scale(self) -> float:
        frame = self.view.pacer.frame
        assert frame is not None
        return frame.scale


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path) -> Session:
    settings = Settings(medical_notice_seen=True, count_in=False, check_ins=False)
    return Session(qtbot, tmp_path, settings)


def test_breath_phases_show_word_countdown_and_orb_size(session: Session) -> None:
    """The orb is smallest as an inhale begins, half-grown midway, largest at its end; the word
    and countdown follow the phase, and each phase's cue is played at its boundary."""
    assert session.start()
    assert session.word == "In"
    assert session.countdown == "4"
    assert session.scale == pytest.approx(ORB_MIN)
    assert session.sound.cue_names == ["bell", "inhale"]

    session.at(2)
    assert session.countdown == "2"
    assert session.scale == pytest.approx((ORB_MIN + ORB_MAX) / 2, abs=1e-6)

    session.at(4)
    assert session.word == "Hum"
    assert session.countdown == "6"
    assert session.scale == pytest.approx(ORB_MAX)
    assert session.sound.cue_names == ["bell", "inhale", "exhale"]
    assert session.view.counter_label.text() == "Breath 1 of 2"
    # 20 s of breath + 10 s of guide + 24 s of moves (2 reps × 6 s × 2 sides), 4 s gone
    assert session.view.time_left_label.text() == "0:50 left"


def test_progress_and_region_highlight(session: Session) -> None:
    """A guide step lights its region on the back silhouette; progress counts fixed time only."""
    session.start()
    session.at(25)
    assert session.view.step_label.text() == "Upper back"
    assert session.view.silhouette.isVisible()
    assert session.view.silhouette.region == "upper_back"
    assert session.view.prompt_label.text() == "Notice the shoulder blades."
    assert session.view.progress.value() == round(25 / 54 * 1000)
    assert session.countdown == "0:05"


def test_pause_excludes_time_and_resume_continues(session: Session) -> None:
    """While paused nothing moves, however long; after resuming the session goes on from there."""
    session.start()
    session.at(1)
    session.view.toggle_requested.emit()
    assert session.view.toggle_button.text() == "Resume"
    session.at(500)
    assert session.word == "In"  # the phase stays on screen, dimmed, with "Paused" apart
    assert session.view.paused_label.isVisible()
    assert session.countdown == "3"
    session.view.toggle_requested.emit()
    assert session.view.toggle_button.text() == "Pause"
    session.at(503)
    assert session.word == "Hum"


def test_skip_back_and_open_hold_with_continue(session: Session) -> None:
    """Next goes to the next step, Back returns to the step's start (or the step before it
    within 3 s), and an open hold shows a stopwatch and Continue until the user ends it."""
    session.start()
    session.view.skip_requested.emit()
    assert session.view.step_label.text() == "Upper back"
    session.at(5)
    session.view.back_requested.emit()  # 5 s into the step: back to its start
    assert session.view.step_label.text() == "Upper back"
    assert session.countdown == "0:10"
    session.view.back_requested.emit()  # right at its start: the step before
    assert session.view.step_label.text() == "Belly breathing"
    session.view.skip_requested.emit()
    session.view.skip_requested.emit()
    assert session.view.step_label.text() == "Hold the breath out"
    assert session.view.continue_button.isVisible()
    session.at(12)
    assert session.countdown == "0:07"  # a stopwatch: 7 s since the hold began at 5 s
    assert session.view.counter_label.text() == "up to 1:00"
    session.view.continue_requested.emit()
    assert session.view.step_label.text() == "Cat-cow"
    assert not session.view.continue_button.isVisible()
    assert session.view.counter_label.text() == "Rep 1 of 2"
    assert session.view.side_label.text() == "Left side"
    assert session.word == "Arch"


def test_stop_shows_the_time_practised(session: Session) -> None:
    """Stop ends the session at once and the finish page says how long was practised."""
    session.start()
    session.at(65)
    session.view.stop_requested.emit()
    assert session.view.showing_finished
    assert session.view.finished_title.text() == "Session ended"
    assert "1:05" in session.view.finished_label.text()


def test_finishing_plays_the_end_bells(session: Session) -> None:
    """At the natural end the finish page says well done and the end cue sounds once."""
    session.start()
    session.at(30)  # into the open hold: it waits for the user
    assert session.view.step_label.text() == "Hold the breath out"
    session.at(90)  # its 1-minute cap ends it at 90 s; the move step takes 24 s more
    assert session.word == "Arch"
    session.at(114)
    assert session.view.showing_finished
    assert session.view.finished_title.text() == "Well done"
    assert "1:54" in session.view.finished_label.text()
    assert session.sound.cue_names.count("end") == 1


def test_frames_run_only_while_playing_and_watched(session: Session) -> None:
    """The animation timer runs only while a session plays on screen."""
    session.start()
    assert not session.driver.animating  # nobody watching yet
    session.controller.set_watched(True)
    assert session.driver.animating
    session.view.toggle_requested.emit()  # pause
    assert not session.driver.animating
    session.view.toggle_requested.emit()  # resume
    assert session.driver.animating
    session.controller.set_watched(False)  # minimised
    assert not session.driver.animating
    session.controller.set_watched(True)
    session.view.stop_requested.emit()
    assert not session.driver.animating


def test_count_in_precedes_the_first_breath(qtbot: QtBot, tmp_path: Path) -> None:
    """With the count-in on, the pacer says Get ready 3, 2, 1 before the first inhale."""
    session = Session(
        qtbot, tmp_path, Settings(medical_notice_seen=True, count_in=True, check_ins=False)
    )
    session.start()
    assert (session.word, session.countdown) == ("Get ready", "3")
    session.at(1.5)
    assert session.countdown == "2"
    session.at(3)
    assert session.word == "In"
    assert session.sound.cue_names == ["count", "count", "count", "bell", "inhale"]


def test_safety_note_is_asked_once_per_text(qtbot: QtBot, tmp_path: Path) -> None:
    """A routine's safety note (and the one-time medical notice) must be acknowledged before its
    first run; declining starts nothing; once acknowledged it is not asked again."""
    session = Session(qtbot, tmp_path, Settings(count_in=False, check_ins=False))
    risky = ROUTINE + "    safety: Never in water.\n"
    session.answer = False
    assert not session.start(risky)
    assert session.driver.player is None
    assert session.confirmed == [["Before you begin", "Safety: Short practice"]]
    session.answer = True
    assert session.start(risky)
    assert session.driver.player is not None
    session.controller.close()
    assert session.start(risky)
    assert len(session.confirmed) == 2
    qtbot.waitUntil(lambda: not session.preferences.unsaved)  # saved a moment after the change
    saved = SettingsStore(tmp_path / "settings.json").load().settings
    assert saved.safety_acknowledged == {"test": "Never in water."}
    assert saved.medical_notice_seen


def test_mute_and_volume_reach_the_sound_and_are_saved(
    session: Session, tmp_path: Path, qtbot: QtBot
) -> None:
    """The mute button mutes; the slider sets the volume; both are saved (once, after a drag)."""
    session.start()
    session.view.mute_button.click()
    assert session.sound.muted
    session.view.volume_slider.setValue(35)
    assert session.sound.volume == pytest.approx(0.35)
    qtbot.waitUntil(lambda: not session.preferences.unsaved)  # saved a moment after the change
    saved = SettingsStore(tmp_path / "settings.json").load().settings
    assert saved.muted and saved.volume == pytest.approx(0.35)


def test_sound_failing_mid_session_is_shown_and_the_session_goes_on(session: Session) -> None:
    """When the sound device fails during a session, the page says so once and time goes on."""
    session.start()
    assert "Sound" not in session.view.notice_label.text()
    session.sound.problem = "sound stopped working: the device was unplugged"
    session.at(4)
    assert session.view.notice_label.isVisible()
    assert session.view.notice_label.text().splitlines() == [
        "Sound unavailable: sound stopped working: the device was unplugged",
        "History not saved: History is off in this test.",
    ]
    session.at(10)
    assert session.word == "In"  # the next breath came on time
