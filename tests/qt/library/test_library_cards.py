"""The library's cards: a sign per routine (its breathing pattern or its body regions) painted
on the card, the length, and a star on the favourites."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.core.routine.glyph import BodyGlyph, BreathGlyph
from app.core.routine.library import RoutineFolder, load_library
from app.qt.library.glyph_painter import breath_path
from app.qt.library.model import EntryDelegate, EntryRole
from app.qt.library.view import LibraryView
from tests.conftest import BUILTIN_ROUTINES


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> LibraryView:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nsummary: x\nsteps: []\n", encoding="utf-8")
    view = LibraryView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.set_library(
        load_library([RoutineFolder(BUILTIN_ROUTINES, "builtin"), RoutineFolder(tmp_path, "user")])
    )
    view.show()
    qtbot.waitExposed(view)
    return view


def index_of(view: LibraryView, routine_id: str) -> QModelIndex:
    row = view.visible_ids().index(routine_id)
    return view.list.model().index(row, 0)


def distinct_colours(image: QImage, rect: QRect) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(rect.left(), rect.right())
            for y in range(rect.top(), rect.bottom())
        }
    )


def glyph_rect(view: LibraryView, index: QModelIndex) -> QRect:
    delegate = view.list.itemDelegate()
    assert isinstance(delegate, EntryDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view.list.viewport())
    option.rect = view.list.visualRect(index)
    return delegate.glyph_rect(option)


def test_every_routine_has_a_sign_a_broken_file_none(view: LibraryView) -> None:
    """Each valid routine carries its sign; breathing routines their pattern, the others a
    figure with their regions; a file with an error has no sign."""
    for routine_id in view.visible_ids():
        index = index_of(view, routine_id)
        glyph = index.data(EntryRole.GLYPH)
        if index.data(EntryRole.VALID):
            assert isinstance(glyph, BreathGlyph | BodyGlyph), routine_id
        else:
            assert glyph is None, routine_id
    box = index_of(view, "box-breathing").data(EntryRole.GLYPH)
    assert box == BreathGlyph(
        (("inhale", 4000), ("hold_in", 4000), ("exhale", 4000), ("hold_out", 4000))
    )
    scan = index_of(view, "body-scan-spine").data(EntryRole.GLYPH)
    assert isinstance(scan, BodyGlyph) and {"upper_back", "lower_back"} <= scan.regions


def test_the_sign_is_painted_on_each_visible_card(view: LibraryView) -> None:
    """The tile where the sign goes holds a drawing (many colours: a line, a fill, a tile),
    not the plain card."""
    image = view.list.viewport().grab().toImage()
    shown = 0
    for routine_id in view.visible_ids():
        index = index_of(view, routine_id)
        rect = glyph_rect(view, index)
        if not view.list.viewport().rect().contains(rect) or not index.data(EntryRole.VALID):
            continue
        assert distinct_colours(image, rect) > 8, routine_id
        shown += 1
    assert shown >= 5


def test_the_breath_shape_rises_holds_and_falls_in_proportion() -> None:
    """4-7-8: up over 4/19 of the width, flat over 7/19 at the top, down over 8/19."""
    box = QRectF(0, 0, 190, 100)
    path = breath_path(BreathGlyph((("inhale", 4000), ("hold_in", 7000), ("exhale", 8000))), box)
    points = [path.elementAt(i) for i in range(path.elementCount())]
    assert [(round(p.x), round(p.y)) for p in points] == [(0, 100), (40, 0), (110, 0), (190, 100)]
    sigh = breath_path(BreathGlyph((("inhale", 2000), ("inhale", 1000), ("exhale", 6000))), box)
    heights = [round(sigh.elementAt(i).y) for i in range(sigh.elementCount())]
    assert heights == [100, 33, 0, 100]  # two in-breaths share the rise


def test_favourites_carry_a_star(qtbot: QtBot, view: LibraryView) -> None:
    """Marking a favourite stars its card (and says so to screen readers); the others stay
    plain."""
    index = index_of(view, "box-breathing")
    other = index_of(view, "breathing-4-7-8")
    rect = view.list.visualRect(index)
    before = view.list.viewport().grab(rect).toImage()
    view.set_favourites(["box-breathing"])
    qtbot.wait(10)
    assert index.data(EntryRole.FAVOURITE) is True
    assert other.data(EntryRole.FAVOURITE) is False
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", a favourite")
    after = view.list.viewport().grab(rect).toImage()
    assert after != before
