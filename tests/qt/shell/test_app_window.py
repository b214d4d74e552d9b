"""The assembled app (composition root) on the offscreen platform, with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from app.core.files.paths import AppPaths
from app.core.history import HistoryStore
from app.core.routine.library import library_folders, load_library
from app.core.session.clock import FakeClock
from app.core.session.player import PlayerState
from app.core.settings.settings import Settings, SettingsStore
from app.qt.shell.application import Unbrace, build
from tests.conftest import BUILTIN_ROUTINES
from tests.qt.fakes import RecordingSound


class AppUnderTest:
    def __init__(self, qtbot: QtBot, tmp_path: Path, check_ins: bool = False) -> None:
        self.clock = FakeClock()
        self.wall = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
        self.sound = RecordingSound()
        self.opened: list[QUrl] = []
        paths = AppPaths.default()
        self.paths = AppPaths(
            builtin_routines=BUILTIN_ROUTINES,
            assets=paths.assets,
            config_dir=tmp_path / "config",
            data_dir=tmp_path / "data",
        )
        store = SettingsStore(self.paths.settings_file)
        settings = Settings(medical_notice_seen=True, count_in=False, check_ins=check_ins)
        self.history = HistoryStore.open(self.paths.history_db, lambda: self.wall)
        self.app: Unbrace = build(
            self.paths,
            self.clock,
            self.sound,
            store,
            settings,
            self.history,
            confirm=lambda parent, notices: True,
            open_url=self._open,
        )
        # closed for good at the end, even where a test let it hide in the tray
        qtbot.addWidget(self.app.window, before_close_func=lambda window: window.quit())
        self.app.window.show()

    def _open(self, url: QUrl) -> bool:
        self.opened.append(url)
        return True

    def run_for(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.wall += timedelta(seconds=seconds)
        self.app.driver.wake()


@pytest.fixture
def unbrace(qtbot: QtBot, tmp_path: Path) -> AppUnderTest:
    return AppUnderTest(qtbot, tmp_path)


def test_start_from_the_library_and_return(unbrace: AppUnderTest) -> None:
    """Start in the library opens the session page and plays; Stop, then Back to the library."""
    window = unbrace.app.window
    assert not window.showing_session
    unbrace.app.window.library_view.start_requested.emit("diaphragmatic-3min")
    assert window.showing_session
    assert window.session_view.word_label.text() == "In"
    assert unbrace.app.driver.animating  # on screen and playing
    unbrace.run_for(4)
    assert window.session_view.word_label.text() == "Out"
    window.session_view.stop_requested.emit()
    assert window.session_view.showing_finished
    window.session_view.done_requested.emit()
    assert not window.showing_session
    assert unbrace.app.driver.player is None
    assert not unbrace.app.driver.animating


def test_minimising_stops_the_frames_but_not_the_session(unbrace: AppUnderTest) -> None:
    """A minimised window draws nothing, yet the session keeps time and its cues still sound."""
    unbrace.app.start_by_id("box-breathing")
    unbrace.app.window.showMinimized()
    assert not unbrace.app.driver.animating
    before = len(unbrace.sound.played)
    unbrace.run_for(30)
    assert len(unbrace.sound.played) > before
    unbrace.app.window.showNormal()
    assert unbrace.app.driver.animating


def test_new_routine_lands_in_the_user_folder_and_opens(unbrace: AppUnderTest) -> None:
    """New routine writes a template into the user's folder, lists it and opens it to edit."""
    unbrace.app.window.new_routine_action.trigger()
    created = unbrace.paths.user_routines / "my-routine.yaml"
    assert created.is_file()
    assert unbrace.opened == [QUrl.fromLocalFile(str(created))]
    assert unbrace.app.library.find("my-routine") is not None


@pytest.mark.parametrize("routine_id", sorted(p.stem for p in BUILTIN_ROUTINES.glob("*.yaml")))
def test_every_builtin_routine_plays_to_the_end(unbrace: AppUnderTest, routine_id: str) -> None:
    """Each built-in routine starts, can be stepped through (Next, Back) and finishes."""
    app = unbrace.app
    assert app.start_by_id(routine_id)
    player = app.driver.player
    assert player is not None
    view = app.window.session_view
    view.skip_requested.emit()
    if app.sessions.ending:  # a routine of one step: Next on it ends it early; undo that
        app.sessions.undo_ending()
    view.back_requested.emit()
    for _ in range(10_000):
        if player.state.is_over:
            break
        if player.segment.is_open:
            view.continue_requested.emit()
        else:
            unbrace.run_for(60)
    assert player.state is PlayerState.FINISHED
    assert view.showing_finished
    assert unbrace.sound.cue_names[-1] == "end"


def test_builtin_library_is_listed(unbrace: AppUnderTest) -> None:
    """The window lists every built-in routine."""
    expected = load_library(library_folders(unbrace.paths))
    assert {e.id for e in unbrace.app.library.library.routines} == {e.id for e in expected.routines}
    assert len(expected.routines) >= 16


def test_new_routine_in_an_unusable_folder_says_why(
    unbrace: AppUnderTest, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the routines folder cannot be made, the user is told in one sentence; no crash."""
    unbrace.paths.user_routines.parent.mkdir(parents=True, exist_ok=True)
    unbrace.paths.user_routines.write_text("a file where the folder should be", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        "app.qt.shell.application.warn",
        lambda parent, title, text: shown.append(text),
    )
    with qtbot.waitSignal(unbrace.app.library.problem) as signal:
        unbrace.app.window.new_routine_action.trigger()
    assert signal.args is not None
    assert str(signal.args[0]).startswith("A new routine could not be created in ")
    assert shown == [signal.args[0]]
    assert unbrace.opened == []


def test_keyboard_shortcuts_drive_the_session(unbrace: AppUnderTest, qtbot: QtBot) -> None:
    """Space pauses and resumes, Right skips, Left goes back, M mutes, F11 toggles focus mode,
    Esc ends the session (for good once the undo window has passed)."""
    from PySide6.QtCore import Qt

    app = unbrace.app
    app.start_by_id("body-scan-spine")
    view = app.window.session_view
    player = app.driver.player
    assert player is not None
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert player.state is PlayerState.PAUSED
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert player.state is PlayerState.PLAYING
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.step_label.text() == "Neck"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.step_label.text() == "Settling breaths"
    qtbot.keyClick(view, Qt.Key.Key_M)
    assert unbrace.sound.muted and view.mute_button.isChecked()
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert app.window.isFullScreen()
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert not app.window.isFullScreen()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.showing_finished and app.sessions.ending
    unbrace.run_for(5)
    assert player.state is PlayerState.STOPPED


def test_reduced_motion_paints_a_bar_instead_of_the_orb(
    unbrace: AppUnderTest, qtbot: QtBot
) -> None:
    """The Practice menu's reduced motion switches the pacer to a filling bar, and is saved."""
    app = unbrace.app
    app.window.reduced_motion_action.trigger()
    assert app.preferences.current.reduced_motion
    app.start_by_id("diaphragmatic-3min")
    pacer = app.window.session_view.pacer
    assert pacer.reduced_motion
    unbrace.run_for(2)  # half-way through the first inhale
    image = pacer.grab().toImage()
    middle_row = [image.pixelColor(x, image.height() // 2) for x in range(image.width())]
    top_row = [image.pixelColor(x, 12) for x in range(image.width())]
    background = top_row[0]
    assert any(colour != background for colour in middle_row)  # the bar is painted
    assert all(colour == background for colour in top_row)  # and no orb reaches the top
    qtbot.waitUntil(lambda: not app.preferences.unsaved)  # saved a moment after the change
    saved = SettingsStore(unbrace.paths.settings_file).load().settings
    assert saved.reduced_motion


def test_a_session_is_kept_in_history_with_its_journal(unbrace: AppUnderTest) -> None:
    """A finished session is saved with its time practised, the step it ended at, and what the
    user wrote at a journal step; a crash mid-way would leave it as partial."""
    app = unbrace.app
    assert app.history is not None
    assert app.start_by_id("somatic-journaling")
    player = app.driver.player
    assert player is not None
    view = app.window.session_view
    unbrace.run_for(12)
    (running,) = app.history.sessions()
    assert running.status == "in_progress"
    assert running.practised_s == 12.0  # saved at the first wake-up past each 5 s of practice
    while player.segment.kind != "journal":
        if player.segment.is_open:
            view.continue_requested.emit()
        else:
            unbrace.run_for(30)
    view.journal_edit.setPlainText("A knot below the left shoulder blade. Tired, not sad.")
    view.continue_requested.emit()
    view.stop_requested.emit()
    unbrace.run_for(5)  # the undo window passes: the ending is final
    (session,) = app.history.sessions()
    assert session.status == "stopped"
    assert session.routine_id == "somatic-journaling"
    assert session.ended_step == player.segment.step
    assert [entry.text for entry in session.journal] == [
        "A knot below the left shoulder blade. Tired, not sad."
    ]
    assert session.journal[0].prompt == next(
        s.prompt for s in player.timeline.segments if s.kind == "journal"
    )


def test_check_ins_before_and_after_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    """With check-ins on, the back is asked about before the routine plays and after it ends;
    the answers are saved with the session (a region left alone as not rated), and the 'after'
    page starts unrated, with the 'before' answers as faint marks."""
    from app.core.history import CheckIn

    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app = unbrace.app
    view = app.window.session_view
    assert app.start_by_id("diaphragmatic-3min")
    assert view.asking_check_in
    assert app.driver.player is not None and app.driver.player.state is PlayerState.READY
    view.check_in.set_value("lower", 7)
    view.check_in.set_emotion_checked("anxiety", True)
    view.check_in.save_button.click()
    assert not view.asking_check_in
    assert app.driver.player.state is PlayerState.PLAYING
    unbrace.run_for(180)
    assert view.asking_check_in
    assert view.check_in.value("lower") is None  # unrated, with the answer before as a mark
    assert view.check_in.sliders["lower"].mark == 7
    view.check_in.set_value("lower", 3)
    view.check_in.save_button.click()
    assert view.showing_finished
    assert app.history is not None
    (session,) = app.history.sessions()
    assert session.status == "completed"
    assert session.before == CheckIn(None, None, 7, ("anxiety",))
    assert session.after == CheckIn(None, None, 3)


def test_a_check_in_can_be_skipped_with_escape(qtbot: QtBot, tmp_path: Path) -> None:
    """Esc on the check-in skips it (and does not stop anything): the routine plays."""
    from PySide6.QtCore import Qt

    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app = unbrace.app
    view = app.window.session_view
    app.start_by_id("box-breathing")
    qtbot.keyClick(view.check_in, Qt.Key.Key_Escape)
    assert app.driver.player is not None and app.driver.player.state is PlayerState.PLAYING
    assert app.history is not None and app.history.sessions()[0].before is None


def test_a_routines_own_check_in_step_uses_the_same_page(qtbot: QtBot, tmp_path: Path) -> None:
    """Somatic journaling has its own check-in step: no extra one before or after it, the step
    shows the check-in page, and saving it goes on to the next step and is kept as 'before'."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app = unbrace.app
    view = app.window.session_view
    app.start_by_id("somatic-journaling")
    player = app.driver.player
    assert player is not None
    while player.segment.kind != "check_in":
        assert not view.asking_check_in
        unbrace.run_for(5)
    assert view.asking_check_in
    assert view.check_in.title_label.text() == player.segment.label
    view.check_in.set_value("upper", 5)
    view.check_in.save_button.click()
    assert player.segment.kind != "check_in"
    assert not view.asking_check_in
    assert app.history is not None
    before = app.history.sessions()[0].before
    assert before is not None and before.upper == 5


def test_starting_another_routine_ends_the_first_as_stopped(unbrace: AppUnderTest) -> None:
    """A second routine started mid-session (from the library, the tray or a reminder) ends the
    first one properly: it is kept in history as stopped, not left running or lost."""
    app = unbrace.app
    app.start_by_id("box-breathing")
    unbrace.run_for(20)
    app.start_by_id("diaphragmatic-3min")
    assert app.history is not None
    second, first = app.history.sessions()
    assert (first.routine_id, first.status, first.practised_s) == ("box-breathing", "stopped", 20)
    assert (second.routine_id, second.status) == ("diaphragmatic-3min", "in_progress")


def test_the_session_page_can_be_reached_from_the_view_menu(unbrace: AppUnderTest) -> None:
    """Looking at the journal mid-session, View ▸ Session under way leads back to it."""
    app = unbrace.app
    assert not app.window.session_action.isEnabled()
    app.start_by_id("box-breathing")
    app.window.journal_action.trigger()
    assert not app.window.showing_session
    assert app.window.session_action.isEnabled()
    app.window.session_action.trigger()
    assert app.window.showing_session
    app.window.session_view.stop_requested.emit()
    app.window.session_view.done_requested.emit()
    assert not app.window.session_action.isEnabled()


def test_keys_on_the_check_in_page_edit_the_check_in(qtbot: QtBot, tmp_path: Path) -> None:
    """On the check-in page, Space does not start the session behind it and the arrow keys move
    the focused slider instead of skipping steps."""
    from PySide6.QtCore import Qt

    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app = unbrace.app
    app.start_by_id("box-breathing")
    view = app.window.session_view
    slider = view.check_in.sliders["upper"]
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.keyClick(slider, Qt.Key.Key_Space)
    assert view.asking_check_in
    assert view.check_in.value("upper") == 2
    assert app.driver.player is not None and app.driver.player.state is PlayerState.READY


def test_pausing_on_a_check_in_step_keeps_the_answers(qtbot: QtBot, tmp_path: Path) -> None:
    """A routine's check-in step is asked once; pausing and resuming does not reset it."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    app = unbrace.app
    app.start_by_id("somatic-journaling")
    player = app.driver.player
    assert player is not None
    while player.segment.kind != "check_in":
        unbrace.run_for(5)
    view = app.window.session_view
    view.check_in.set_value("mid", 6)
    app.driver.pause()
    app.driver.resume()
    assert view.asking_check_in and view.check_in.value("mid") == 6


def test_escape_in_focus_mode_leaves_it_before_stopping(
    unbrace: AppUnderTest, qtbot: QtBot
) -> None:
    """In full-screen focus mode Esc first leaves it (menus back); a second Esc stops."""
    from PySide6.QtCore import Qt

    app = unbrace.app
    app.start_by_id("box-breathing")
    page = app.window.session_view.running_page
    qtbot.keyClick(page, Qt.Key.Key_F11)
    assert app.window.isFullScreen() and not app.window.menuBar().isVisible()
    assert app.window.session_view.focus_button.text() == "Leave focus"
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert not app.window.isFullScreen() and app.window.menuBar().isVisible()
    assert app.driver.player is not None and app.driver.player.state is PlayerState.PLAYING
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert app.sessions.ending
    unbrace.run_for(5)
    assert app.driver.player.state is PlayerState.STOPPED


def test_hiding_the_window_in_the_tray_pauses_the_session(unbrace: AppUnderTest) -> None:
    """Closing the window into the tray mid-session pauses it: nothing plays unseen."""
    app = unbrace.app
    app.preferences.update(tray_notice_seen=True)
    app.start_by_id("box-breathing")
    app.window.set_close_to_tray(True)
    app.window.close()
    assert not app.window.isVisible()
    assert app.driver.player is not None and app.driver.player.state is PlayerState.PAUSED


def test_mute_says_unmute_while_muted(unbrace: AppUnderTest) -> None:
    """The mute button says what it will do."""
    app = unbrace.app
    app.start_by_id("box-breathing")
    button = app.window.session_view.mute_button
    button.click()
    assert button.text() == "Unmute"
    button.click()
    assert button.text() == "Mute"


def test_a_routine_file_without_the_yaml_suffix_starts_like_a_routine_id(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`unbrace run mine` with a file called `mine` in the current folder starts that file,
    as `unbrace timeline mine` reads it (one rule for both)."""
    text = (BUILTIN_ROUTINES / "box-breathing.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine").write_text(text.replace("id: box-breathing", "id: mine"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    unbrace = AppUnderTest(qtbot, tmp_path)
    assert unbrace.app.start_named("mine")
    assert unbrace.app.window.showing_session


def test_a_routine_run_by_id_stays_selected_in_the_library(unbrace: AppUnderTest) -> None:
    """`unbrace run ID` (at start-up, or handed to the running app): after the session the
    library shows that routine selected, even when another one was chosen or a search hid it."""
    from app.desktop.instance.request import InstanceRequest

    app = unbrace.app
    library = app.window.library_view
    library.select("body-scan-spine")
    library.search.setText("shoulder")
    assert "box-breathing" not in library.visible_ids()
    assert app.start_named("box-breathing")
    app.window.session_view.stop_requested.emit()
    app.window.session_view.done_requested.emit()
    assert app.window.current_page() is library
    assert library.selected_id() == "box-breathing"
    assert library.details.title.text() == "Box Breathing"
    app.handle_request(InstanceRequest("run", "breathing-4-7-8"))
    app.leave_session()
    assert library.selected_id() == "breathing-4-7-8"
