"""The main window: lays out the library and the session pages, and its menus. Nothing more."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from app.qt.library_view import LibraryView
from app.qt.session_view import SessionView


class MainWindow(QMainWindow):
    watched_changed = Signal(bool)  # whether the session page is on screen
    closing = Signal()
    hidden_to_tray = Signal()

    def __init__(self, library: LibraryView, session: SessionView) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.setWindowTitle("Unbrace")
        self.library_view = library
        self.session_view = session
        self._pages = QStackedWidget(self)
        self._pages.addWidget(library)
        self._pages.addWidget(session)
        self.setCentralWidget(self._pages)
        self._pages.currentChanged.connect(self._report_watched)
        self.resize(980, 680)
        self._close_to_tray = False
        self._build_menus()

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_routine_action = QAction("&New routine…", self)
        self.new_routine_action.setShortcut(QKeySequence.StandardKey.New)
        self.open_folder_action = QAction("&Open routines folder", self)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        file_menu.addActions(
            [self.new_routine_action, self.open_folder_action, self.settings_action]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

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

    def show_library(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self._pages.setCurrentWidget(self.library_view)

    def show_session(self) -> None:
        self._pages.setCurrentWidget(self.session_view)
        self.session_view.setFocus()

    @property
    def showing_session(self) -> bool:
        return self._pages.currentWidget() is self.session_view

    def toggle_focus_mode(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.menuBar().show()
        else:
            self.menuBar().hide()
            self.showFullScreen()

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
        self.watched_changed.emit(self.is_session_watched())
