"""Starting a spoken session: the voice is prepared in a worker, with a line if it is slow."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.audio.narrators import SpeechCancelled
from app.audio.speech import SessionSpeech
from app.core.settings.settings import Settings
from app.qt.session.speech_preparation import SpeechPreparation
from tests.qt.session.test_session_view import Session

READY = SessionSpeech()


def test_a_slow_preparation_shows_a_line_then_the_session_starts_with_its_speech(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = Session(qtbot, tmp_path, Settings(check_ins=False))
    release = threading.Event()
    threads: list[str] = []

    def job(
        cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None
    ) -> SessionSpeech:
        threads.append(threading.current_thread().name)
        assert progress is not None
        progress(1, 3)
        release.wait(10)
        return READY

    session.sound.job = job
    assert session.start()
    assert session.sound.prepared == []  # not yet: the voice is being prepared
    assert session.controller.active and session.controller.preparing
    qtbot.waitUntil(session.view.preparing_label.isVisible)
    assert session.view.preparing_label.text() == "Preparing the voice… 1 of 3"
    assert session.view.cancel_preparing_button.isVisible()
    assert not session.view.toggle_button.isEnabled()  # nothing to start yet
    release.set()
    qtbot.waitUntil(lambda: session.sound.prepared != [])
    assert session.sound.speech == [READY]
    assert threads == ["unbrace-speech"]  # never the GUI thread
    assert not session.view.preparing_label.isVisible()
    assert not session.controller.preparing
    assert session.view.toggle_button.isEnabled()


def test_a_quick_preparation_shows_no_line(qtbot: QtBot, tmp_path: Path) -> None:
    session = Session(qtbot, tmp_path, Settings(check_ins=False))
    session.sound.job = lambda cancelled, progress: READY
    assert session.start()
    qtbot.waitUntil(lambda: session.sound.prepared != [])
    assert not session.view.preparing_label.isVisible()
    assert session.view.step_label.text() != ""


def test_cancelling_the_preparation_starts_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    session = Session(qtbot, tmp_path, Settings(check_ins=False))

    def job(
        cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None
    ) -> SessionSpeech:
        while not cancelled():
            threading.Event().wait(0.005)
        raise SpeechCancelled

    session.sound.job = job
    assert session.start()
    qtbot.waitUntil(session.view.cancel_preparing_button.isVisible)
    with qtbot.waitSignal(session.controller.start_cancelled):
        session.view.cancel_preparing_button.click()
    assert session.sound.prepared == []
    assert not session.controller.active
    assert not session.view.preparing_label.isVisible()


def test_a_voice_that_breaks_leaves_the_session_to_run_as_text(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = Session(qtbot, tmp_path, Settings(check_ins=False))

    def job(
        cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None
    ) -> SessionSpeech:
        raise RuntimeError("out of memory")

    session.sound.job = job
    assert session.start()
    qtbot.waitUntil(lambda: session.sound.prepared != [])
    assert session.sound.speech == [None]
    assert "Voice: the voice could not be prepared (out of memory)" in (
        session.view.notice_label.text()
    )


def test_pausing_silences_the_session_and_its_voice(qtbot: QtBot, tmp_path: Path) -> None:
    session = Session(qtbot, tmp_path, Settings(check_ins=False, count_in=False))
    assert session.start()
    session.at(1)
    assert session.sound.stopped == 0
    session.view.toggle_requested.emit()  # pause
    assert session.sound.stopped == 1
    session.view.toggle_requested.emit()  # resume: the next cue sounds as usual
    assert session.sound.stopped == 1


def test_a_result_already_on_its_way_when_cancel_is_pressed_starts_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The worker finishes just as the user cancels: its result is ignored, and the
    preparation does not outlive its worker."""
    session = Session(qtbot, tmp_path, Settings(check_ins=False))
    finished = threading.Event()

    def job(
        cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None
    ) -> SessionSpeech:
        finished.set()
        return READY  # never looks at cancelled: the result is sent all the same

    session.sound.job = job
    assert session.start()
    preparation = session.controller.findChild(SpeechPreparation)
    assert preparation is not None
    assert finished.wait(10)
    with qtbot.waitSignal(session.controller.start_cancelled):
        session.view.cancel_preparing_button.click()  # before the queued result is handled
    destroyed: list[bool] = []
    preparation.destroyed.connect(lambda: destroyed.append(True))
    qtbot.waitUntil(lambda: destroyed == [True])  # the result arrived, and was let go
    assert session.sound.prepared == []
    assert not session.controller.active


def test_stopping_a_session_being_prepared_frees_its_preparation(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = Session(qtbot, tmp_path, Settings(check_ins=False))

    def job(
        cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None
    ) -> SessionSpeech:
        while not cancelled():
            threading.Event().wait(0.005)
        raise SpeechCancelled

    session.sound.job = job
    assert session.start()
    preparation = session.controller.findChild(SpeechPreparation)
    assert preparation is not None
    destroyed: list[bool] = []
    preparation.destroyed.connect(lambda: destroyed.append(True))
    session.controller.close()
    qtbot.waitUntil(lambda: destroyed == [True])
    assert session.controller.findChild(SpeechPreparation) is None
    assert session.sound.prepared == []
