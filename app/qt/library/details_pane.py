"""The details pane: one routine's summary, safety note, description and outlined steps, and Start.

It shows a :class:`RoutineDetails` the core prepared and asks for nothing else; Start becomes a
``start_requested`` with the id shown.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.routine.outline import RoutineDetails

PLACEHOLDER = "Choose a routine to see its steps."
BROKEN_HINT = (
    "This file can't be used until it is fixed. Open it in your editor: the library reloads "
    "when you save."
)


def _label(name: str, accessible: str, *, scale: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible)
    font = label.font()
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class DetailsPane(QWidget):
    """Shows one routine (or a broken file, or nothing yet) with a Start button."""

    start_requested = Signal(str)
    favourite_toggled = Signal(str, bool)  # routine id, whether it is now a favourite
    pacer_requested = Signal(str)  # breathe this routine's pattern in the mini pacer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self.setAccessibleName("Routine details")
        self.setAccessibleDescription("The chosen routine's steps, length and safety note")
        self._details: RoutineDetails | None = None

        self.title = _label("detailsTitle", "Routine name", scale=1.45, bold=True)
        self.meta = _label("detailsMeta", "Source, length and body regions")
        self.summary = _label("detailsSummary", "Summary", scale=1.08)
        self.safety = _label("detailsSafety", "Safety note")
        self.safety.setAccessibleDescription("Read this before you start")
        self.safety.setProperty("notice", True)  # the design's notice colours
        self.description = _label("detailsDescription", "Description")
        self.steps_heading = _label("detailsStepsHeading", "Steps", bold=True)
        self.steps_heading.setText("Steps")
        self.steps = _label("detailsSteps", "Steps with their lengths")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.total = _label("detailsTotal", "Total length", bold=True)
        self.problems = _label("detailsProblems", "Problems in this file")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.hint = _label("detailsHint", "What to do")
        self.placeholder = _label("detailsPlaceholder", "No routine chosen")
        self.placeholder.setText(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.start_button = QPushButton("&Start")
        self.start_button.setObjectName("startButton")
        self.start_button.setAccessibleName("Start")
        self.start_button.setAccessibleDescription("Start the chosen routine")
        self.start_button.setDefault(True)
        self.start_button.setProperty("role", "primary")  # the one filled button of the page
        self.start_button.setMinimumWidth(120)
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self._on_start_clicked)

        content = QWidget()
        content.setObjectName("detailsContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 12, 4)
        column.setSpacing(10)
        for widget in (self.placeholder, self.title, self.meta, self.summary, self.safety):
            column.addWidget(widget)
        column.addWidget(self.description)
        column.addSpacing(4)
        column.addWidget(self.steps_heading)
        column.addWidget(self.steps)
        column.addWidget(self.total)
        column.addWidget(self.problems)
        column.addWidget(self.hint)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("detailsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)

        self.favourite_button = QPushButton("☆ Favourite")
        self.favourite_button.setObjectName("favouriteButton")
        self.favourite_button.setCheckable(True)
        self.favourite_button.setAccessibleName("Favourite")
        self.favourite_button.setAccessibleDescription(
            "Keep this routine at the top of the tray's Routines menu"
        )
        self.favourite_button.toggled.connect(self._on_favourite_toggled)
        self.pacer_button = QPushButton("Breathe while working")
        self.pacer_button.setObjectName("pacerButton")
        self.pacer_button.setProperty("role", "quiet")
        self.pacer_button.setAccessibleDescription(
            "Breathe this routine's pattern for 15 minutes in a small orb at the edge of the "
            "screen, beside your work"
        )
        self.pacer_button.setToolTip(self.pacer_button.accessibleDescription())
        self.pacer_button.clicked.connect(self._on_pacer_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.favourite_button)
        buttons.addWidget(self.pacer_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.show_details(None)

    @property
    def details(self) -> RoutineDetails | None:
        return self._details

    def show_favourite(self, favourite: bool) -> None:
        """Whether the routine shown is a favourite (without announcing a change)."""
        self.favourite_button.blockSignals(True)
        self.favourite_button.setChecked(favourite)
        self.favourite_button.setText("★ Favourite" if favourite else "☆ Favourite")
        self.favourite_button.blockSignals(False)

    def _on_favourite_toggled(self, on: bool) -> None:
        self.favourite_button.setText("★ Favourite" if on else "☆ Favourite")
        if self._details is not None:
            self.favourite_toggled.emit(self._details.id, on)

    def show_details(self, details: RoutineDetails | None) -> None:
        """Show *details*, or the placeholder when nothing is chosen."""
        self._details = details
        shown = details is not None
        broken = details is not None and not details.startable
        self.placeholder.setVisible(not shown)
        self.title.setVisible(shown)
        self.meta.setVisible(shown)
        self.start_button.setEnabled(details is not None and details.startable)
        self.favourite_button.setVisible(details is not None and details.startable)
        self.pacer_button.setVisible(details is not None and details.startable and details.breathes)
        if details is None:
            for widget in (*self._routine_widgets(), self.problems, self.hint):
                widget.setVisible(False)
            return
        self.title.setText(details.name)
        for widget in self._routine_widgets():
            widget.setVisible(not broken)
        self.problems.setVisible(broken)
        self.hint.setVisible(broken)
        if broken:
            self.meta.setText(f"{details.origin} · {details.path}")
            self.problems.setText("\n".join(details.problems))
            self.hint.setText(BROKEN_HINT)
            return
        meta = [details.origin, details.total]
        if details.regions:
            meta.append(", ".join(details.regions))
        self.meta.setText(" · ".join(meta))
        self.summary.setText(details.summary)
        self.safety.setText(f"Safety: {details.safety}" if details.safety else "")
        self.safety.setVisible(details.safety is not None)
        self.description.setText(details.description or "")
        self.description.setVisible(details.description is not None)
        self.steps.setText(_steps_html(details))
        self.total.setText(f"Total {details.total}")

    def _routine_widgets(self) -> tuple[QWidget, ...]:
        return (
            self.summary,
            self.safety,
            self.description,
            self.steps_heading,
            self.steps,
            self.total,
        )

    def _on_pacer_clicked(self) -> None:
        if self._details is not None and self._details.breathes:
            self.pacer_requested.emit(self._details.id)

    def _on_start_clicked(self) -> None:
        if self._details is not None and self._details.startable:
            self.start_requested.emit(self._details.id)


def _steps_html(details: RoutineDetails) -> str:
    rows = []
    for line in details.outline:
        indent = 18 * line.depth
        rows.append(
            "<tr>"
            f'<td style="padding: 2px 16px 2px {indent}px;">{escape(line.text)}</td>'
            f'<td align="right" style="padding: 2px 0px; white-space: nowrap;">'
            f"{escape(line.length)}</td>"
            "</tr>"
        )
    return f'<table width="100%" cellspacing="0">{"".join(rows)}</table>'
