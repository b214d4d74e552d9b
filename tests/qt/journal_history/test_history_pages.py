"""Journal, History and the user's data, through the assembled app."""

from __future__ import annotations

import socket
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.history import DeletionSummary
from app.core.history.practices import PracticeRecord
from app.core.routine.model import Routine
from app.core.session.timeline import compile_routine
from tests.qt.shell.test_app_window import AppUnderTest


def _journaling(unbrace: AppUnderTest) -> Routine:
    entry = unbrace.app.library.find("somatic-journaling")
    assert entry is not None and entry.routine is not None
    return entry.routine


def _practise_with_journal(unbrace: AppUnderTest, text: str) -> None:
    app = unbrace.app
    assert app.start_by_id("somatic-journaling")
    player = app.driver.player
    assert player is not None
    view = app.window.session_view
    while not player.state.is_over:
        if player.segment.kind == "journal":
            view.journal_edit.setPlainText(text)
        if player.segment.is_open:
            view.continue_requested.emit()
        else:
            unbrace.run_for(30)
    app.leave_session()


def test_the_journal_lists_and_finds_what_was_written(qtbot: QtBot, tmp_path: Path) -> None:
    """Each session with journal steps is one card in the Journal, newest first, with every
    answer; search finds a session by its words."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    _practise_with_journal(unbrace, "Tight between the shoulder blades.")
    _practise_with_journal(unbrace, "Softer today; some grief came up.")
    unbrace.app.window.journal_action.trigger()
    journal = unbrace.app.records.journal_view
    assert journal is not None and unbrace.app.window.current_page() is journal
    steps = sum(s.kind == "journal" for s in compile_routine(_journaling(unbrace)).segments)
    assert steps >= 2

    def answers() -> list[list[str]]:
        return [[a.text for a in card.answers] for card in journal.shown_cards()]

    assert answers() == [
        ["Softer today; some grief came up."] * steps,
        ["Tight between the shoulder blades."] * steps,
    ]
    assert journal.shown_cards()[0].routine == "Somatic Journaling"
    journal.search_edit.setText("shoulder")
    journal.search_edit.returnPressed.emit()
    assert answers() == [["Tight between the shoulder blades."] * steps]


def test_history_opens_lazily_and_shows_the_practice(qtbot: QtBot, tmp_path: Path) -> None:
    """The History page is built on first opening only, and then shows the sessions."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    assert unbrace.app.records.history_view is None
    _practise_with_journal(unbrace, "Noticing.")
    unbrace.app.window.history_action.trigger()
    history = unbrace.app.records.history_view
    assert history is not None and not history.showing_empty
    assert "app.qt.journal_history.charts" in sys.modules


def test_history_tells_the_time_breathed_with_the_mini_pacer(qtbot: QtBot, tmp_path: Path) -> None:
    unbrace = AppUnderTest(qtbot, tmp_path)
    store = unbrace.app.history
    assert store is not None
    _practise_with_journal(unbrace, "Noticing.")
    start = datetime.now(UTC) - timedelta(minutes=30)
    store.record_practice(
        PracticeRecord(
            "mini_pacer",
            "resonance",
            "Resonance breathing",
            "in 5.5 s · out 5.5 s",
            start,
            start + timedelta(minutes=25),
            25 * 60,
        )
    )
    unbrace.app.window.history_action.trigger()
    history = unbrace.app.records.history_view
    assert history is not None
    assert history.pacer_label.text().endswith(", 25 min in all")  # whatever the weekday


def test_export_writes_private_files_and_delete_empties(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export all writes JSON and CSV files readable only by the user; Delete all, once
    confirmed with what will go, leaves nothing."""
    unbrace = AppUnderTest(qtbot, tmp_path)
    _practise_with_journal(unbrace, "Private words.")
    out = tmp_path / "export"
    out.mkdir()
    records = unbrace.app.records
    monkeypatch.setattr(records, "_choose_folder", lambda parent: out)
    reported: list[Any] = []
    monkeypatch.setattr(
        "app.qt.journal_history.controller.report_export", lambda p, w: reported.append(w)
    )
    records.export_all()
    (written,) = reported
    assert {path.name for path in written} == {
        "unbrace-export.json",
        "sessions.csv",
        "checkins.csv",
    }
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Private words." in (out / "unbrace-export.json").read_text(encoding="utf-8")

    asked: list[DeletionSummary] = []
    monkeypatch.setattr(records, "_confirm", lambda parent, summary: not asked.append(summary))
    records.delete_all()
    assert asked[0].sessions == 1
    assert unbrace.app.history is not None and unbrace.app.history.sessions() == []


def test_a_whole_session_opens_no_network_connection(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every network socket made to fail, a session with check-ins, journal, history and
    export runs exactly as usual: the app never tries to reach the network."""
    attempts: list[str] = []
    real_socket = socket.socket

    class NoNetwork(real_socket):
        def __init__(self, family: int = -1, *args: Any, **kwargs: Any) -> None:
            if family in (socket.AF_INET, socket.AF_INET6, -1):
                attempts.append(f"socket({family})")
                raise OSError("network is disabled in this test")
            super().__init__(family, *args, **kwargs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append("lookup or connect")
        raise OSError("network is disabled in this test")

    monkeypatch.setattr(socket, "socket", NoNetwork)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    unbrace = AppUnderTest(qtbot, tmp_path, check_ins=True)
    app = unbrace.app
    assert app.start_by_id("diaphragmatic-3min")
    app.window.session_view.check_in.save_button.click()
    unbrace.run_for(180)
    app.window.session_view.check_in.save_button.click()
    assert app.window.session_view.showing_finished
    app.window.history_action.trigger()
    app.window.journal_action.trigger()
    out = tmp_path / "out"
    out.mkdir()
    assert app.history is not None
    app.history.export_all(out)
    assert attempts == []
    assert app.history.sessions()[0].status == "completed"
