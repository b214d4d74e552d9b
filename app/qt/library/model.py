"""The library list: a model of the entries, a proxy that asks the core filter, and a delegate.

The model holds the :class:`SearchableEntry` items the core prepared when the library was loaded;
the proxy only calls :func:`app.core.routine.library_filter.matches`; the delegate paints each
entry as a
name with its length, a second line (summary, or the error of a broken file), a "Yours" badge for
the user's own routines, and greys out the broken ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.core.routine.glyph import BodyGlyph, BreathGlyph
from app.core.routine.library_filter import LibraryQuery, SearchableEntry, matches
from app.core.routine.problems import Problem
from app.qt.design.tokens import RADII
from app.qt.library.glyph_painter import paint_glyph

AnyIndex = QModelIndex | QPersistentModelIndex

MINE_BADGE = "Yours"
FAVOURITE_STAR = "★"


class EntryRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    SECOND_LINE = Qt.ItemDataRole.UserRole + 2
    VALID = Qt.ItemDataRole.UserRole + 3
    MINE = Qt.ItemDataRole.UserRole + 4
    LENGTH = Qt.ItemDataRole.UserRole + 5
    GLYPH = Qt.ItemDataRole.UserRole + 6
    FAVOURITE = Qt.ItemDataRole.UserRole + 7


def short_problem(problem: Problem) -> str:
    """A problem with the file named by its name only: ``a.yaml:3:5: steps.0: message``."""
    name = problem.file.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}:{problem.line}:{problem.column}: {problem.field}: {problem.message}"


class LibraryListModel(QAbstractListModel):
    """The library's entries, in the order the core lists them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: tuple[SearchableEntry, ...] = ()
        self._favourites: frozenset[str] = frozenset()

    def set_favourites(self, routine_ids: frozenset[str]) -> None:
        """The favourite routines, starred on their cards."""
        if routine_ids == self._favourites:
            return
        self._favourites = routine_ids
        if self._items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._items) - 1, 0), [EntryRole.FAVOURITE]
            )

    def set_items(self, items: Sequence[SearchableEntry]) -> None:
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def item(self, row: int) -> SearchableEntry:
        return self._items[row]

    def items(self) -> tuple[SearchableEntry, ...]:
        return self._items

    def row_of(self, routine_id: str) -> int | None:
        """The row of *routine_id*: a valid entry first, should a broken file share the id."""
        rows = [row for row, item in enumerate(self._items) if item.id == routine_id]
        return next((row for row in rows if self._items[row].valid), rows[0] if rows else None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        entry, routine = item.entry, item.entry.routine
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return routine.name if routine is not None else entry.path.name
            case EntryRole.ID:
                return item.id
            case EntryRole.VALID:
                return item.valid
            case EntryRole.MINE:
                return entry.source == "user"
            case EntryRole.LENGTH:
                return item.short_length_text if item.valid else ""
            case EntryRole.GLYPH:
                return item.glyph
            case EntryRole.FAVOURITE:
                return item.valid and item.id in self._favourites
            case EntryRole.SECOND_LINE | Qt.ItemDataRole.AccessibleDescriptionRole:
                if routine is not None:
                    return routine.summary
                return short_problem(entry.error.problems[0]) if entry.error else ""
            case Qt.ItemDataRole.ToolTipRole:
                if routine is not None:
                    return routine.summary
                return str(entry.error) if entry.error else str(entry.path)
            case Qt.ItemDataRole.AccessibleTextRole:
                return _spoken_name(item, item.id in self._favourites)
            case Qt.ItemDataRole.ForegroundRole if not item.valid:
                return QGuiApplication.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
        return None


def _spoken_name(item: SearchableEntry, favourite: bool = False) -> str:
    routine = item.entry.routine
    if routine is None:
        return f"{item.entry.path.name}, cannot be used: it has an error"
    mine = ", yours" if item.entry.source == "user" else ""
    star = ", a favourite" if favourite else ""
    return f"{routine.name}, {item.length_text}{mine}{star}"


class LibraryFilterProxy(QSortFilterProxyModel):
    """Shows the rows the core's :func:`matches` accepts for the current query."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = LibraryQuery()

    @property
    def query(self) -> LibraryQuery:
        return self._query

    def set_query(self, query: LibraryQuery) -> None:
        if query == self._query:
            return
        self.beginFilterChange()
        self._query = query
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LibraryListModel):
            return True
        return matches(model.item(source_row), self._query)


class EntryDelegate(QStyledItemDelegate):
    """Paints an entry as a card: the routine's sign on the left; the name with its "Yours"
    badge, the favourite star and the length; then the summary (or the error of a broken file),
    muted. The chosen card is a soft wash of the accent with an accent edge."""

    PADDING = 10
    SPACING = 3
    GAP = 5  # between cards
    GLYPH_GAP = 12

    def _glyph_size(self, option: QStyleOptionViewItem) -> int:
        name = QFontMetrics(_name_font(option.font))
        small = QFontMetrics(_small_font(option.font))
        return name.height() + self.SPACING + small.height() + 6

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        name = QFontMetrics(_name_font(option.font))
        small = QFontMetrics(_small_font(option.font))
        height = 2 * self.PADDING + name.height() + self.SPACING + small.height() + 6
        return QSize(200, height + self.GAP)  # the list gives every row its whole width

    def glyph_rect(self, option: QStyleOptionViewItem) -> QRect:
        """Where the sign is painted in a card drawn in *option*'s rectangle."""
        card = self._card_rect(option)
        size = self._glyph_size(option)
        return QRect(
            card.left() + self.PADDING, card.top() + (card.height() - size) // 2, size, size
        )

    def _card_rect(self, option: QStyleOptionViewItem) -> QRect:
        rect: QRect = option.rect
        return rect.adjusted(2, self.GAP // 2, -2, -(self.GAP - self.GAP // 2))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        valid = bool(index.data(EntryRole.VALID))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        hovered = bool(opt.state & QStyle.StateFlag.State_MouseOver)
        palette: QPalette = opt.palette
        group = QPalette.ColorGroup.Normal if valid else QPalette.ColorGroup.Disabled
        ink = palette.color(group, QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText) if valid else ink
        card = self._card_rect(opt)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        roles = QPalette.ColorRole
        fill_role = roles.Highlight if selected else roles.AlternateBase if hovered else roles.Base
        fill = palette.color(fill_role)
        edge = palette.color(roles.Accent if selected else roles.Mid)
        painter.setPen(QPen(edge, 1.5 if selected else 1))
        painter.setBrush(fill)
        radius = RADII.medium
        painter.drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        if opt.state & QStyle.StateFlag.State_HasFocus and selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Accent), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(card).adjusted(1, 1, -1, -1), radius, radius)

        glyph = index.data(EntryRole.GLYPH)
        glyph_box = self.glyph_rect(opt)
        if isinstance(glyph, BreathGlyph | BodyGlyph):
            paint_glyph(painter, QRectF(glyph_box), glyph, palette)
        rect = QRect(
            glyph_box.right() + 1 + self.GLYPH_GAP,
            card.top() + self.PADDING,
            card.right() - self.PADDING - glyph_box.right() - self.GLYPH_GAP,
            card.height() - 2 * self.PADDING,
        )
        name_font, small_font = _name_font(opt.font), _small_font(opt.font)
        name_metrics, small_metrics = QFontMetrics(name_font), QFontMetrics(small_font)
        lines = name_metrics.height() + self.SPACING + small_metrics.height()
        top = QRect(
            rect.left(),
            rect.top() + (rect.height() - lines) // 2,
            rect.width(),
            name_metrics.height(),
        )
        bottom = QRect(
            rect.left(), top.bottom() + 1 + self.SPACING, rect.width(), small_metrics.height()
        )
        # the length, right-aligned on the first line, and the star before it
        length = str(index.data(EntryRole.LENGTH) or "")
        painter.setFont(small_font)
        painter.setPen(muted)
        length_width = small_metrics.horizontalAdvance(length) + (12 if length else 0)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, length)
        star_width = 0
        if index.data(EntryRole.FAVOURITE):
            star_width = name_metrics.horizontalAdvance(FAVOURITE_STAR) + 8
            painter.setFont(name_font)
            painter.setPen(palette.color(QPalette.ColorRole.Accent))
            star = QRect(
                top.right() - length_width - star_width, top.top(), star_width, top.height()
            )
            painter.drawText(star, Qt.AlignmentFlag.AlignCenter, FAVOURITE_STAR)
        # the badge for the user's own routines
        badge_width = 0
        if index.data(EntryRole.MINE):
            badge_width = small_metrics.horizontalAdvance(MINE_BADGE) + 12
        # the name, elided to what is left
        painter.setFont(name_font)
        painter.setPen(ink)
        room = top.width() - length_width - star_width - (badge_width + 8 if badge_width else 0)
        name = name_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""), Qt.TextElideMode.ElideRight, room
        )
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        if badge_width:
            badge = QRect(
                top.left() + name_metrics.horizontalAdvance(name) + 8,
                top.top() + (top.height() - small_metrics.height() - 2) // 2,
                badge_width,
                small_metrics.height() + 2,
            )
            accent = palette.color(QPalette.ColorRole.Accent)
            painter.setPen(ink if not valid else accent)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
            painter.setFont(small_font)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, MINE_BADGE)
        # the second line: summary, or the first line of the error
        painter.setFont(small_font)
        painter.setPen(muted)
        second = small_metrics.elidedText(
            str(index.data(EntryRole.SECOND_LINE) or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, second)
        painter.restore()


def _name_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def _small_font(base: QFont) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.9)
    return font
