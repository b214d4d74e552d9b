"""Ending early is deliberate and the close page shows what changed: the assembled app on the
offscreen platform, a fake clock, a real history file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.history import CheckIn
from app.core.history.summary import relief_rows
from app.core.session.player import PlayerState
from tests.qt.shell.test_app_window import AppUnderTest


def test_undo_within_five_seconds_carries_on_and_nothing_is_stored_as_ended(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Esc at 20 s shows the close page and the undo bar; Undo 3 s later brings back the
    running session at 20 s, playing, and the history still has it in progress."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    unbrace.run_for(20)
    view.stop_requested.emit()  # Stop, or Esc
    assert view.showing_finished and view.undo_bar.isVisible()
    assert unbrace.sound.stopped  # silent at once
    unbrace.run_for(3)
    qtbot.mouseClick(view.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    player = app.driver.player
    assert player is not None and player.state is PlayerState.PLAYING
    assert not view.showing_finished and not view.undo_bar.isVisible()
    assert player.snapshot().elapsed_ms == 20_000
    unbrace.run_for(10)  # well past the 5 s the ending had: it is gone, the session plays on
    assert player.snapshot().elapsed_ms == 30_000
    assert app.history is not None
    (session,) = app.history.sessions()
    assert session.status == "in_progress" and session.ended_at is None


def test_without_undo_it_is_stored_as_ended_early_with_the_real_practice_time(
    qtbot: QtBot, tmp_path: Path
) -> None:
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    unbrace.run_for(20)
    view.stop_requested.emit()
    assert app.history is not None
    assert app.history.sessions()[0].status == "in_progress"  # not yet: it can be undone
    unbrace.run_for(5)
    (session,) = app.history.sessions()
    assert session.ended_early and session.status == "stopped"
    assert session.practised_s == 20.0  # the 5 s of the undo window are not practice
    assert not view.undo_bar.isVisible() and view.showing_finished
    assert view.close_page.headline.text() == "Session ended"


def test_next_on_the_last_step_is_an_early_ending_too(qtbot: QtBot, tmp_path: Path) -> None:
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    unbrace.run_for(2)
    while not app.sessions.ending:
        view.skip_requested.emit()  # Next, or Right
    assert view.undo_bar.isVisible()
    unbrace.run_for(5)
    assert app.history is not None
    (session,) = app.history.sessions()
    assert session.status == "stopped" and session.practised_s == 2.0


def test_leaving_the_close_page_makes_the_ending_final_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    unbrace.run_for(12)
    view.stop_requested.emit()
    qtbot.mouseClick(view.close_page.library_button, Qt.MouseButton.LeftButton)
    assert not app.window.showing_session
    assert app.history is not None
    (session,) = app.history.sessions()
    assert (session.status, session.practised_s) == ("stopped", 12.0)


def test_an_early_ending_with_only_the_check_in_before_stays_out_of_the_relief(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ended after 20 s (too short to be asked after): kept with its before, not averaged."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    view.check_in.set_value("upper", 7)
    view.check_in.save_button.click()
    unbrace.run_for(20)
    view.stop_requested.emit()
    assert view.showing_finished  # no check-in after 20 s
    unbrace.run_for(5)
    assert app.history is not None
    (session,) = app.history.sessions()
    assert session.ended_early and session.before == CheckIn(7, None, None)
    assert relief_rows(app.history.sessions()) == ()


def test_the_close_page_shows_before_and_after_the_time_the_streak_and_the_note(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ended at 70 s: the check-in after is asked under the undo bar; answering it makes the
    ending final and the close page shows each region's change on the back, the note, the time
    and the streak; its journal button opens the journal."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    view.check_in.set_value("upper", 6)
    view.check_in.set_value("lower", 5)
    view.check_in.save_button.click()
    unbrace.run_for(70)
    view.stop_requested.emit()
    assert view.asking_check_in and view.undo_bar.isVisible()
    view.check_in.set_value("upper", 2)
    view.check_in.note_edit.setPlainText("Shoulders dropped.")
    view.check_in.save_button.click()
    assert view.showing_finished and not view.undo_bar.isVisible()
    page = view.close_page
    assert page.headline.text() == "Session ended"
    assert page.practised_label.text() == "You practised for 1:10."
    assert page.streak_label.text() == "1 day of practice: a start"
    assert page.changes.isVisibleTo(page)
    texts = [label.text() for label in page.region_labels]
    assert texts[:2] == ["Upper back 6 → 2, 4 less", "Lower back 5 → not rated"]  # no mid
    assert not page.region_labels[2].isVisibleTo(page)
    assert page.back.value("upper") == 2 and page.back.mark("upper") == 6
    assert page.notes_label.text() == "After: Shoulders dropped."
    assert app.history is not None
    (session,) = app.history.sessions()
    assert session.status == "stopped" and session.after == CheckIn(
        2, None, None, (), "Shoulders dropped."
    )
    qtbot.mouseClick(page.journal_button, Qt.MouseButton.LeftButton)
    assert not app.window.showing_session
    assert app.records._journal is not None and app.window.current_page() is app.records._journal


def test_with_check_ins_off_the_close_page_shows_the_time_and_the_streak_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=False)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("diaphragmatic-3min")
    unbrace.run_for(200)
    page = view.close_page
    assert view.showing_finished and not view.undo_bar.isVisible()
    assert page.headline.text() == "Well done"
    assert page.practised_label.text() == "You practised for 3:00."
    assert page.streak_label.text() == "1 day of practice: a start"
    assert not page.changes.isVisibleTo(page) and not page.notes_label.isVisibleTo(page)


def test_an_undo_after_the_five_seconds_does_not_resume(qtbot: QtBot, tmp_path: Path) -> None:
    """Esc at 20 s; the Undo click comes 30 s later, before any timer woke the session (a busy
    GUI thread): the ending is final, stored as ended early at 20 s, the close page stays."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    unbrace.run_for(20)
    view.stop_requested.emit()
    unbrace.clock.advance(30)  # no wake-up
    view.undo_bar.undo_requested.emit()
    player = app.driver.player
    assert player is not None and player.state is PlayerState.STOPPED
    assert view.showing_finished and not view.undo_bar.isVisible()
    assert app.history is not None
    (session,) = app.history.sessions()
    assert (session.status, session.practised_s) == ("stopped", 20.0)


def test_a_session_ended_before_any_practice_claims_no_streak(qtbot: QtBot, tmp_path: Path) -> None:
    """Esc at 0:00: the close page says 0:00 practised and shows no streak line, as the History
    counts no day for it."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    view.stop_requested.emit()
    unbrace.run_for(5)
    page = view.close_page
    assert view.showing_finished
    assert page.practised_label.text() == "You practised for 0:00."
    assert not page.streak_label.isVisibleTo(page)


def test_next_near_the_end_of_a_routine_closes_it_as_done(qtbot: QtBot, tmp_path: Path) -> None:
    """→ at 2:50 of a 3-minute routine: the undo bar still shows, the close page says "Well
    done", and once the five seconds pass it is stored as completed with 2:50 practised."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("diaphragmatic-3min")
    unbrace.run_for(170)
    view.skip_requested.emit()
    assert view.showing_finished and view.undo_bar.isVisible()
    assert view.close_page.headline.text() == "Well done"
    unbrace.run_for(5)
    assert app.history is not None
    (session,) = app.history.sessions()
    assert (session.status, session.practised_s) == ("completed", 170.0)
    assert view.close_page.headline.text() == "Well done"


def test_esc_on_the_check_in_after_keeps_the_undo(qtbot: QtBot, tmp_path: Path) -> None:
    """Esc at 70 s asks the check-in after under the undo bar; a second Esc (Skip) shows the
    close page with the bar still there, and Undo still carries on at 70 s."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    view.check_in.skip_button.click()
    unbrace.run_for(70)
    view.stop_requested.emit()
    assert view.asking_check_in and view.undo_bar.isVisible()
    qtbot.keyClick(view.check_in, Qt.Key.Key_Escape)
    assert view.showing_finished and view.undo_bar.isVisible()
    player = app.driver.player
    assert player is not None and player.ending
    unbrace.run_for(2)
    view.undo_bar.undo_requested.emit()
    assert player.state is PlayerState.PLAYING and player.snapshot().elapsed_ms == 70_000


def test_a_skipped_check_in_after_ends_the_session_when_the_five_seconds_pass(
    qtbot: QtBot, tmp_path: Path
) -> None:
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app, view = unbrace.app, unbrace.app.window.session_view
    app.start_by_id("box-breathing")
    view.check_in.skip_button.click()
    unbrace.run_for(70)
    view.stop_requested.emit()
    view.check_in.skip_button.click()
    unbrace.run_for(5)
    assert view.showing_finished and not view.undo_bar.isVisible()
    assert app.history is not None
    (session,) = app.history.sessions()
    assert (session.status, session.practised_s, session.after) == ("stopped", 70.0, None)


def test_focus_mode_can_be_left_from_the_check_in_and_the_close_page(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ended at 70 s in focus mode: on the check-in after, Esc leaves focus mode (not Skip) and
    F11 goes in and out; on the close page Esc and F11 leave it too."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app, view = unbrace.app, unbrace.app.window.session_view
    window = app.window
    app.start_by_id("box-breathing")
    QApplication.processEvents()  # the window shown becomes the active one: keys reach it
    view.check_in.skip_button.click()
    qtbot.keyClick(view.running_page, Qt.Key.Key_F11)
    assert window.isFullScreen()
    unbrace.run_for(70)
    view.stop_requested.emit()
    assert view.asking_check_in and window.isFullScreen()
    qtbot.keyClick(view.check_in.sliders["upper"], Qt.Key.Key_Escape)
    assert not window.isFullScreen() and window.menuBar().isVisible()
    assert view.asking_check_in  # not skipped
    qtbot.keyClick(view.check_in, Qt.Key.Key_F11)
    assert window.isFullScreen()
    qtbot.keyClick(view.check_in, Qt.Key.Key_F11)
    assert not window.isFullScreen()
    qtbot.keyClick(view.check_in, Qt.Key.Key_Escape)  # out of focus mode, Esc is Skip
    assert view.showing_finished
    window.toggle_focus_mode()
    assert window.isFullScreen()
    qtbot.keyClick(view.close_page, Qt.Key.Key_Escape)
    assert not window.isFullScreen() and window.menuBar().isVisible()
    window.toggle_focus_mode()
    qtbot.keyClick(view.close_page.library_button, Qt.Key.Key_F11)
    assert not window.isFullScreen() and view.showing_finished


def test_ctrl_z_in_the_note_of_the_check_in_after_undoes_typing_then_the_ending(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Ended at 70 s, the note field has the focus: Ctrl+Z first undoes what was typed there,
    then (nothing of the note's left to undo) the ending, as the bar's tooltip promises."""
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app, view = unbrace.app, unbrace.app.window.session_view
    QApplication.processEvents()  # the window shown becomes the active one: keys reach it
    app.start_by_id("box-breathing")
    view.check_in.skip_button.click()
    unbrace.run_for(70)
    view.stop_requested.emit()
    note = view.check_in.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "tight")
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() == "" and app.sessions.ending
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    player = app.driver.player
    assert player is not None and player.state is PlayerState.PLAYING
    assert not app.sessions.ending and not view.undo_bar.isVisible()
