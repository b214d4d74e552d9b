"""The Journal and History pages and the user's data: export all, delete all.

The journal and history views (and the charts) are imported the first time they are opened,
so start-up does not pay for them. Every problem the store reports becomes one sentence in a
message box.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.history import HistoryStore, HistoryUnavailable
from app.qt.journal_history.data_actions import (
    ChooseFolder,
    ConfirmDelete,
    choose_export_folder,
    confirm_delete,
    report_export,
    report_problem,
)
from app.qt.shell.main_window import MainWindow

if TYPE_CHECKING:
    from app.qt.journal_history.history_view import HistoryView
    from app.qt.journal_history.journal_view import JournalView

NO_HISTORY = "History is not being kept on this computer right now."


class HistoryController(QObject):
    start_requested = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        store: HistoryStore | None,
        unavailable: str | None,
        today: Callable[[], date],
        confirm: ConfirmDelete = confirm_delete,
        choose_folder: ChooseFolder = choose_export_folder,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._store = store
        self._unavailable = unavailable or NO_HISTORY
        self._today = today
        self._confirm = confirm
        self._choose_folder = choose_folder
        self._journal: JournalView | None = None
        self._history: HistoryView | None = None

    @property
    def journal_view(self) -> JournalView | None:
        return self._journal

    @property
    def history_view(self) -> HistoryView | None:
        return self._history

    def open_journal(self) -> None:
        if self._journal is None:
            from app.qt.journal_history.journal_view import JournalView

            self._journal = JournalView()
            self._window.add_page(self._journal)
        self._fill_journal()
        self._window.show_page(self._journal)

    def open_history(self) -> None:
        if self._history is None:
            from app.qt.journal_history.history_view import HistoryView

            self._history = HistoryView()
            self._history.start_requested.connect(self.start_requested)
            self._history.export_requested.connect(self.export_all)
            self._history.delete_requested.connect(self.delete_all)
            self._window.add_page(self._history)
        self.refresh()
        self._window.show_page(self._history)

    def refresh(self) -> None:
        """Redraw the open pages from the store (after a session, an import or a deletion)."""
        store = self._store
        if store is None:
            return
        try:
            if self._history is not None:
                self._history.set_sessions(
                    store.sessions(), self._today(), practices=store.practices()
                )
            if self._journal is not None:
                self._journal.set_sessions(store.journal_sessions())
        except HistoryUnavailable as error:
            report_problem(self._window, "History", error.message)

    def export_all(self) -> None:
        store = self._store
        if store is None:
            report_problem(self._window, "Export", self._unavailable)
            return
        folder = self._choose_folder(self._window)
        if folder is None:
            return
        try:
            written = store.export_all(folder)
        except HistoryUnavailable as error:
            report_problem(self._window, "Export", error.message)
            return
        report_export(self._window, written)

    def delete_all(self) -> None:
        store = self._store
        if store is None:
            report_problem(self._window, "Delete", self._unavailable)
            return
        try:
            summary = store.summary_for_deletion()
            if not self._confirm(self._window, summary):
                return
            store.delete_all()
        except HistoryUnavailable as error:
            report_problem(self._window, "Delete", error.message)
            return
        self.refresh()

    def _fill_journal(self) -> None:
        if self._journal is None:
            return
        if self._store is None:
            self._journal.set_sessions([])
            return
        try:
            self._journal.set_sessions(self._store.journal_sessions())
        except HistoryUnavailable as error:
            report_problem(self._window, "Journal", error.message)
