"""The History view: the streak, a calendar of days practised, minutes per week, tension before
and after per region, and which routines bring the most relief — plus export and delete.

It renders the ``HistoryOverview`` computed by ``app.core.history.summary`` from the sessions it
is given and turns clicks into requests (``start_requested``, ``export_requested``,
``delete_requested``); the caller reads the store and does the work. This module brings in the
charts, so the composition root imports it only when the view first opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.history import Region, SessionRecord
from app.core.history.practice_summary import pacer_line
from app.core.history.practices import PracticeRecord
from app.core.history.records import REGION_NAMES, REGIONS
from app.core.history.summary import (
    EMPTY_HISTORY_TEXT,
    FIRST_ROUTINE_ID,
    RELIEF_COLUMNS,
    HistoryOverview,
    ReliefRow,
    calendar_month,
    change_words,
    history_overview,
    shift_month,
)
from app.qt.journal_history.charts import BarChart, CalendarGrid, LineChart
from app.qt.shell.widgets import action_button, pill_style, text_label

RELIEF_NOTE = (
    "Average change in tension from before to after, over sessions with both check-ins. "
    "A negative number means less tension afterwards."
)
NO_RELIEF = "Check in before and after a routine to see which ones bring the most relief."
DATA_NOTE = "Your history is kept only on this computer."
_MOST_TABLE_ROWS = 10

_CHOICE_STYLE = pill_style("choice")


def _card(name: str, title: str, *parts: QWidget | QHBoxLayout) -> QFrame:
    card = QFrame()
    card.setObjectName(name)
    card.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.addWidget(text_label(title, f"{name}-title", bold=True))
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part)
        else:
            layout.addLayout(part)
    return card


class HistoryView(QWidget):
    start_requested = Signal(str)  # a routine id: the first step of an empty history
    export_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history-view")
        self._overview: HistoryOverview | None = None
        self._month = (1970, 1)  # the calendar's month; set from "today" with the sessions
        self._region: Region = "upper"
        self._pages = QStackedWidget()
        self._pages.addWidget(self._build_empty_page())
        self._pages.addWidget(self._build_content_page())
        self.export_button = action_button(
            "export-all", "&Export all…", "Save everything as JSON, with CSV for spreadsheets"
        )
        self.delete_button = action_button(
            "delete-all", "&Delete all…", "Delete all sessions, check-ins and journal entries"
        )
        data_row = QHBoxLayout()
        data_row.setContentsMargins(12, 4, 12, 10)
        data_row.addWidget(text_label(DATA_NOTE, "data-note"), 1)
        data_row.addWidget(self.export_button)
        data_row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages, 1)
        layout.addLayout(data_row)
        self.export_button.clicked.connect(self.export_requested)
        self.delete_button.clicked.connect(self.delete_requested)

    # ----------------------------------------------------------------------------- layout

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        self.empty_label = text_label(EMPTY_HISTORY_TEXT, "history-empty", size=1.2)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = action_button(
            "start-first", "Start the 3-minute breathing", "Start 3-Minute Diaphragmatic Breathing"
        )
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.empty_label)
        layout.addSpacing(12)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.start_button.clicked.connect(self._start_first)
        return page

    def _build_content_page(self) -> QWidget:
        self.streak_label = text_label("", "streak", size=1.3, bold=True)
        self.days_label = text_label("", "days-practised")
        self.pacer_label = text_label("", "pacer-practised")
        self.pacer_label.setProperty("caption", True)
        self.pacer_label.hide()

        self.calendar = CalendarGrid()
        self.month_label = text_label("", "month-title", bold=True)
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_month_button = action_button("previous-month", "‹", "Previous month")
        self.next_month_button = action_button("next-month", "›", "Next month")
        for button in (self.previous_month_button, self.next_month_button):
            button.setFixedWidth(button.sizeHint().height() + 4)
        month_row = QHBoxLayout()
        month_row.addWidget(self.previous_month_button)
        month_row.addWidget(self.month_label, 1)
        month_row.addWidget(self.next_month_button)
        calendar_card = _card("calendar-card", "Days practised", month_row, self.calendar)

        self.minutes_chart = BarChart("minutes-chart", "Minutes per week")
        minutes_card = _card("minutes-card", "Minutes per week", self.minutes_chart)

        self.region_buttons: dict[Region, QPushButton] = {}
        self._region_group = QButtonGroup(self)
        region_row = QHBoxLayout()
        for region in REGIONS:
            button = action_button(f"{region}-region", REGION_NAMES[region], "Show this region")
            button.setProperty("choice", True)
            button.setCheckable(True)
            button.setStyleSheet(_CHOICE_STYLE)
            self._region_group.addButton(button)
            self.region_buttons[region] = button
            region_row.addWidget(button)
            button.clicked.connect(lambda _checked, region=region: self.show_region(region))
        region_row.addStretch(1)
        self.region_buttons[self._region].setChecked(True)
        self.tension_chart = LineChart()
        tension_card = _card(
            "tension-card", "Tension before and after", region_row, self.tension_chart
        )

        self.relief_table = self._build_table()
        self.relief_empty = text_label(NO_RELIEF, "relief-empty")
        relief_card = _card(
            "relief-card",
            "Average change per routine",
            text_label(RELIEF_NOTE, "relief-note"),
            self.relief_table,
            self.relief_empty,
        )

        top_row = QHBoxLayout()
        top_row.addWidget(calendar_card, 2)
        top_row.addWidget(minutes_card, 3)
        content = QWidget()
        content.setObjectName("history-content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        layout.addWidget(self.streak_label)
        layout.addWidget(self.days_label)
        layout.addWidget(self.pacer_label)
        layout.addLayout(top_row)
        layout.addWidget(tension_card)
        layout.addWidget(relief_card)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("history-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.previous_month_button.clicked.connect(lambda: self.shift_month(-1))
        self.next_month_button.clicked.connect(lambda: self.shift_month(1))
        return scroll

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(RELIEF_COLUMNS))
        table.setObjectName("relief-table")
        table.setAccessibleName("Average change per routine")
        table.setHorizontalHeaderLabels(list(RELIEF_COLUMNS))
        for column in range(len(RELIEF_COLUMNS)):
            heading = table.horizontalHeaderItem(column)
            if heading is not None:
                side = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
                heading.setTextAlignment(side | Qt.AlignmentFlag.AlignVCenter)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("Overall") + 24)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(RELIEF_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return table

    # ----------------------------------------------------------------------------- render

    @property
    def overview(self) -> HistoryOverview | None:
        return self._overview

    @property
    def showing_empty(self) -> bool:
        return self._pages.currentIndex() == 0

    @property
    def region(self) -> Region:
        return self._region

    @property
    def month(self) -> tuple[int, int]:
        return self._month

    def set_sessions(
        self,
        sessions: Sequence[SessionRecord],
        today: date,
        tz: tzinfo | None = None,
        practices: Sequence[PracticeRecord] = (),
    ) -> None:
        """Show *sessions* (and the mini pacer's *practices*) as of *today* (days in *tz*,
        None: this computer's time zone)."""
        overview = history_overview(sessions, today, tz)
        pacer = pacer_line(practices, today, tz)
        self.pacer_label.setText(pacer)
        self.pacer_label.setVisible(bool(pacer))
        self._overview = overview
        self._pages.setCurrentIndex(0 if overview.empty else 1)
        self.streak_label.setText(overview.streak_text)
        self.days_label.setText(overview.days_text)
        self._month = (today.year, today.month)
        self._show_month()
        self.minutes_chart.set_series(overview.weeks)
        self.tension_chart.set_chart(overview.tension[self._region])
        self._fill_relief(overview.relief)

    def show_region(self, region: Region) -> None:
        self._region = region
        self.region_buttons[region].setChecked(True)
        if self._overview is not None:
            self.tension_chart.set_chart(self._overview.tension[region])

    def shift_month(self, delta: int) -> None:
        """Show the month *delta* months away in the calendar (never past today's month)."""
        self._month = shift_month(*self._month, delta)
        self._show_month()

    def _show_month(self) -> None:
        overview = self._overview
        if overview is None:
            return
        today = overview.today
        self._month = min(self._month, (today.year, today.month))
        month = calendar_month(overview.practised_days, *self._month, today)
        self.calendar.set_month(month)
        self.month_label.setText(month.title)
        self.next_month_button.setEnabled(self._month < (today.year, today.month))

    def _fill_relief(self, rows: tuple[ReliefRow, ...]) -> None:
        table = self.relief_table
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        numbers = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, relief in enumerate(rows):
            name = QTableWidgetItem(relief.routine)
            name.setToolTip(relief.routine_id)
            table.setItem(row, 0, name)
            count = QTableWidgetItem(str(relief.sessions))
            count.setTextAlignment(numbers)
            table.setItem(row, 1, count)
            for column, (text, value) in enumerate(
                zip(relief.texts, relief.changes, strict=True), start=2
            ):
                item = QTableWidgetItem(text)
                item.setTextAlignment(numbers)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, change_words(value))
                if column == len(RELIEF_COLUMNS) - 1:
                    item.setFont(bold)
                table.setItem(row, column, item)
        table.setVisible(bool(rows))
        self.relief_empty.setVisible(not rows)
        shown = min(len(rows), _MOST_TABLE_ROWS)
        row_height = table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + shown * row_height
            + 2 * table.frameWidth()
        )

    # ------------------------------------------------------------------------------ slots

    def _start_first(self) -> None:
        self.start_requested.emit(FIRST_ROUTINE_ID)
