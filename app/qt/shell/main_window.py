"""The main window: lays out the library and the session pages, and its menus. Nothing more.

The window can be shown before its pages exist (``set_views`` adds them, with the keyboard
shortcuts): the app puts it on screen first and builds the library and the session page right
after its first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.qt.design.tokens import SESSION

if TYPE_CHECKING:
    from app.qt.library.view import LibraryView
    from app.qt.session.view import SessionView


def session_menu_sheet() -> str:
    p = SESSION
    return (
        f"QMenuBar {{ background: {p.background}; color: {p.ink_muted}; }}\n"
        f"QMenuBar::item:selected {{ background: {p.surface_alt}; color: {p.ink}; }}\n"
    )


class MainWindow(QMainWindow):
    watched_changed = Signal(bool)  # whether the session page is on screen
    closing = Signal()
    hidden_to_tray = Signal()

    def __init__(
        self, library: LibraryView | None = None, session: SessionView | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.setWindowTitle("Unbrace")
        self._library: LibraryView | None = None
        self._session: SessionView | None = None
        self._pages = QStackedWidget(self)
        self._pages.addWidget(QWidget(self._pages))  # empty until the views are there
        self.setCentralWidget(self._pages)
        self._pages.currentChanged.connect(self._report_watched)
        self.resize(980, 680)
        self._close_to_tray = False
        self._build_menus()
        if library is not None and session is not None:
            self.set_views(library, session)

    def set_views(self, library: LibraryView, session: SessionView) -> None:
        """Put the library and the session page in (once); the library is shown."""
        assert self._library is None, "the views are set once"
        self._library, self._session = library, session
        placeholder = self._pages.widget(0)
        self._pages.addWidget(library)
        self._pages.addWidget(session)
        self._pages.setCurrentWidget(library)
        if placeholder is not None:
            self._pages.removeWidget(placeholder)
            placeholder.deleteLater()
        self.library_action.triggered.connect(self.show_library)
        self.session_action.triggered.connect(self.show_session)
        session.page_changed.connect(self._report_watched)
        self._set_shortcuts()

    def _set_shortcuts(self) -> None:
        """The keyboard shortcuts, set with the pages they act on: the first shortcut a process
        sets is slow for Qt to prepare, and the first paint does not wait for it."""
        for action, keys in (
            (self.new_routine_action, QKeySequence(QKeySequence.StandardKey.New)),
            (self.settings_action, QKeySequence(QKeySequence.StandardKey.Preferences)),
            (self.quit_action, QKeySequence(QKeySequence.StandardKey.Quit)),
            (self.library_action, QKeySequence("Ctrl+1")),
            (self.journal_action, QKeySequence("Ctrl+2")),
            (self.history_action, QKeySequence("Ctrl+3")),
            (self.session_action, QKeySequence("Ctrl+0")),
        ):
            action.setShortcut(keys)

    @property
    def library_view(self) -> LibraryView:
        assert self._library is not None, "set_views first"
        return self._library

    @property
    def session_view(self) -> SessionView:
        assert self._session is not None, "set_views first"
        return self._session

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_routine_action = QAction("&New routine…", self)
        self.open_folder_action = QAction("&Open routines folder", self)
        self.settings_action = QAction("&Settings…", self)
        self.quit_action = QAction("&Quit", self)
        file_menu.addActions(
            [self.new_routine_action, self.open_folder_action, self.settings_action]
        )

        self.export_action = QAction("&Export my history…", self)
        self.delete_action = QAction("&Delete my history…", self)
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.delete_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go_menu = menu.addMenu("&View")
        self.library_action = QAction("&Routines", self)
        self.journal_action = QAction("&Journal", self)
        self.history_action = QAction("&History", self)
        self.session_action = QAction("&Session under way", self)
        self.session_action.setEnabled(False)
        go_menu.addActions(
            [self.session_action, self.library_action, self.journal_action, self.history_action]
        )

        view_menu = menu.addMenu("&Practice")
        self.reduced_motion_action = QAction("&Reduced motion (a bar instead of the orb)", self)
        self.breath_tone_action = QAction("&Breath tone for eyes-closed practice", self)
        self.count_in_action = QAction("&Count in before the first breath", self)
        self.check_ins_action = QAction("&Ask how my back feels before and after", self)
        for action in (
            self.reduced_motion_action,
            self.breath_tone_action,
            self.count_in_action,
            self.check_ins_action,
        ):
            action.setCheckable(True)
            view_menu.addAction(action)

    def bring_forward(self) -> None:
        """Show the window (from the tray, minimised or behind others) and give it focus."""
        self.showNormal() if self.isMinimized() else self.show()
        self.raise_()
        self.activateWindow()

    def show_library(self) -> None:
        self.leave_focus_mode()
        self._pages.setCurrentWidget(self.library_view)

    def add_page(self, page: QWidget) -> None:
        self._pages.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        self._pages.setCurrentWidget(page)

    def current_page(self) -> QWidget:
        page = self._pages.currentWidget()
        assert page is not None
        return page

    def show_session(self) -> None:
        self._pages.setCurrentWidget(self.session_view)
        self.session_view.running_page.setFocus()

    @property
    def showing_session(self) -> bool:
        return self._session is not None and self._pages.currentWidget() is self._session

    def toggle_focus_mode(self) -> None:
        if self._session is None:
            return
        if self.isFullScreen():
            self.leave_focus_mode()
        else:
            self.menuBar().hide()
            self.showFullScreen()
        self.session_view.show_focus_mode(self.isFullScreen())

    def leave_focus_mode(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.menuBar().show()
        if self._session is not None:
            self._session.show_focus_mode(False)

    def escape(self) -> None:
        """Esc on the session: leaves focus mode first; otherwise stops the session."""
        if self.isFullScreen():
            self.leave_focus_mode()
        elif self._session is not None:
            self._session.stop_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._report_watched()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._report_watched()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._report_watched()

    def set_close_to_tray(self, enabled: bool) -> None:
        """With a tray icon, closing the window hides it and the app keeps running."""
        self._close_to_tray = enabled

    def quit(self) -> None:
        """Close for good, even when closing would otherwise hide the window in the tray."""
        self._close_to_tray = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_to_tray:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        self.closing.emit()
        super().closeEvent(event)

    def is_session_watched(self) -> bool:
        return self.isVisible() and not self.isMinimized() and self.showing_session

    def _report_watched(self, *_: object) -> None:
        # the menu bar joins the session's dark room while it shows, whatever the app's look;
        # over a check-in or the close page (drawn in the app's look) it keeps the app's look
        dark_room = self.showing_session and self.session_view.showing_running
        sheet = session_menu_sheet() if dark_room else ""
        if self.menuBar().styleSheet() != sheet:
            self.menuBar().setStyleSheet(sheet)
        self.watched_changed.emit(self.is_session_watched())
