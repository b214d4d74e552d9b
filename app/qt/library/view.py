"""The routine library: search and filters, the list of routines, and the chosen one's details.

A thin view: it shows the :class:`Library` it is given (it never reads files) and turns the user's
clicks and keys into requests — ``start_requested(id)``, ``new_routine_requested``,
``open_folder_requested``. Which entries a search shows is decided by
``app.core.routine.library_filter``; what the details pane says by ``app.core.routine.outline``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.routine.library import Library
from app.core.routine.library_filter import (
    LENGTH_BAND_NAMES,
    LENGTH_BANDS,
    LibraryQuery,
    all_regions,
    all_tags,
    listed_entries,
    region_name,
)
from app.core.routine.outline import RoutineDetails, describe
from app.qt.library.details_pane import DetailsPane
from app.qt.library.model import EntryDelegate, EntryRole, LibraryFilterProxy, LibraryListModel
from app.qt.shell.widgets import action_button

NO_MATCH = "No routine matches. Try other words, or choose “All” in the filters."
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _status_text(shown: int, total: int) -> str:
    if shown == 0 and total:
        return NO_MATCH
    return f"{total} routines" if shown == total else f"{shown} of {total} routines"


def _combo(name: str, description: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(name.removesuffix("Filter").capitalize() + " filter")
    combo.setAccessibleDescription(description)
    combo.setToolTip(description)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.addItem(everything, None)
    return combo


class LibraryView(QWidget):
    """Search, filters and list on the left; the chosen routine's details and Start on the right."""

    start_requested = Signal(str)
    favourite_toggled = Signal(str, bool)
    pacer_requested = Signal(str)  # a routine id: breathe its pattern in the mini pacer
    new_routine_requested = Signal()
    open_folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._favourites: frozenset[str] = frozenset()
        self.setObjectName("libraryView")
        self.setAccessibleName("Routine library")

        self._model = LibraryListModel(self)
        self._proxy = LibraryFilterProxy(self)
        self._proxy.setSourceModel(self._model)

        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search routines")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search routines")
        self.search.setAccessibleDescription(
            "Shows the routines whose name, summary or tags contain every word you type (Ctrl+F)"
        )
        self.tag_filter = _combo("tagFilter", "Show only routines with this tag", "All tags")
        self.region_filter = _combo(
            "regionFilter", "Show only routines for this body region", "All regions"
        )
        self.length_filter = _combo(
            "lengthFilter", "Show only routines of this length", "Any length"
        )
        for band in LENGTH_BANDS:
            self.length_filter.addItem(LENGTH_BAND_NAMES[band], band)

        self.list = QListView()
        self.list.setObjectName("libraryList")
        self.list.setAccessibleName("Routines")
        self.list.setAccessibleDescription(
            "Built-in routines and your own; arrow keys choose, Enter starts"
        )
        self.list.setModel(self._proxy)
        self.list.setItemDelegate(EntryDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        # the cards carry their own surface: the list itself is the page behind them
        self.list.setStyleSheet("QListView#libraryList { background: palette(window); border: 0; }")

        self.status = QLabel()
        self.status.setObjectName("libraryStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Library status")
        self.problems = QLabel()
        self.problems.setObjectName("libraryProblems")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Folders that cannot be read")
        self.problems.setVisible(False)

        self.new_button = action_button(
            "newRoutineButton",
            "&New routine",
            "Copy a commented template into your routines folder and open it in your editor",
        )
        self.folder_button = action_button(
            "openFolderButton", "Open routines &folder", "Open your routines folder"
        )
        self.details = DetailsPane()

        self._lay_out()
        self._connect()

    # ------------------------------------------------------------------------------------ API

    def set_library(self, library: Library) -> None:
        """Show *library*; the routine selected before stays selected if it is still there."""
        keep = self.selected_id()
        items = listed_entries(library)
        self._model.set_items(items)
        self._refill(self.tag_filter, [(tag, tag) for tag in all_tags(items)])
        self._refill(self.region_filter, [(region_name(r), r) for r in all_regions(items)])
        self.problems.setText("\n".join(library.folder_problems))
        self.problems.setVisible(bool(library.folder_problems))
        self._apply_query()
        if keep is None or not self.select(keep):
            self._show_selected()

    def selected_id(self) -> str | None:
        selected = self.list.selectionModel().selectedIndexes()
        return str(selected[0].data(EntryRole.ID)) if selected else None

    def select(self, routine_id: str) -> bool:
        """Select the routine *routine_id*, clearing the search and filters if they hide it."""
        row = self._model.row_of(routine_id)
        if row is None:
            return False
        index = self._proxy.mapFromSource(self._model.index(row, 0))
        if not index.isValid():
            self._clear_query()
            index = self._proxy.mapFromSource(self._model.index(row, 0))
        self._select_index(index)
        return index.isValid()

    def query(self) -> LibraryQuery:
        """The search and filters as the controls now say."""
        return LibraryQuery(
            text=self.search.text(),
            tag=self.tag_filter.currentData(),
            region=self.region_filter.currentData(),
            length=self.length_filter.currentData(),
        )

    def visible_ids(self) -> list[str]:
        """The ids the list shows, top to bottom."""
        rows = range(self._proxy.rowCount())
        return [str(self._proxy.index(row, 0).data(EntryRole.ID)) for row in rows]

    # ---------------------------------------------------------------------------- internals

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.setSpacing(6)
        for combo in (self.tag_filter, self.region_filter, self.length_filter):
            filters.addWidget(combo, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)

        left = QWidget()
        left.setObjectName("libraryListPane")
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(8)
        column.addWidget(self.search)
        column.addLayout(filters)
        column.addWidget(self.list, 1)
        column.addWidget(self.status)
        column.addWidget(self.problems)
        column.addLayout(buttons)

        self.details.setContentsMargins(12, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("librarySplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([430, 570])
        left.setMinimumWidth(320)
        self.details.setMinimumWidth(320)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        self.setTabOrder(self.search, self.tag_filter)
        self.setTabOrder(self.tag_filter, self.region_filter)
        self.setTabOrder(self.region_filter, self.length_filter)
        self.setTabOrder(self.length_filter, self.list)
        self.setTabOrder(self.list, self.new_button)
        self.setTabOrder(self.new_button, self.folder_button)
        self.setTabOrder(self.folder_button, self.details.start_button)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._apply_query)
        for combo in (self.tag_filter, self.region_filter, self.length_filter):
            combo.currentIndexChanged.connect(self._apply_query)
        self.list.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.list.doubleClicked.connect(self._on_double_clicked)
        self.details.start_requested.connect(self.start_requested)
        self.details.favourite_toggled.connect(self.favourite_toggled)
        self.details.pacer_requested.connect(self.pacer_requested)
        self.new_button.clicked.connect(self.new_routine_requested)
        self.folder_button.clicked.connect(self.open_folder_requested)
        self.search.installEventFilter(self)
        self.list.installEventFilter(self)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self._focus_search)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys: Enter starts the selected routine; Down goes from the search to the list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key in _ENTER_KEYS and watched in (self.list, self.search):
            self._start_selected()
            return True
        if watched is self.search and key == Qt.Key.Key_Down:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if watched is self.search and key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        return super().eventFilter(watched, event)

    def _apply_query(self) -> None:
        self._proxy.set_query(self.query())
        self._keep_selection_in_view()

    def _keep_selection_in_view(self) -> None:
        """After a filter change: keep the selection if it is shown, else select the first row."""
        shown, total = self._proxy.rowCount(), self._model.rowCount()
        self.status.setText(_status_text(shown, total))
        if self.selected_id() is None and shown and total and self._proxy.query != LibraryQuery():
            self._select_index(self._proxy.index(0, 0))
        self._show_selected()

    def _clear_query(self) -> None:
        for widget in (self.search, self.tag_filter, self.region_filter, self.length_filter):
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.tag_filter, self.region_filter, self.length_filter):
            combo.setCurrentIndex(0)
        for widget in (self.search, self.tag_filter, self.region_filter, self.length_filter):
            widget.blockSignals(False)
        self._apply_query()

    def _refill(self, combo: QComboBox, choices: list[tuple[str, object]]) -> None:
        """Replace a filter's choices, keeping the chosen one if it is still offered."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
        combo.blockSignals(False)

    def _select_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def set_favourites(self, routine_ids: Iterable[str]) -> None:
        """The user's favourite routines, shown on the details pane's Favourite button."""
        self._favourites = frozenset(routine_ids)
        self._model.set_favourites(self._favourites)
        self._show_selected()

    def _show_selected(self) -> None:
        details = self._selected_details()
        self.details.show_details(details)
        self.details.show_favourite(details is not None and details.id in self._favourites)

    def _selected_details(self) -> RoutineDetails | None:
        selected = self.list.selectionModel().selectedIndexes()
        if not selected:
            return None
        return describe(self._model.item(self._proxy.mapToSource(selected[0]).row()).entry)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self._start_at(index)

    def _start_selected(self) -> None:
        selected = self.list.selectionModel().selectedIndexes()
        if selected:
            self._start_at(selected[0])

    def _start_at(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(EntryRole.VALID):
            self.start_requested.emit(str(index.data(EntryRole.ID)))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
