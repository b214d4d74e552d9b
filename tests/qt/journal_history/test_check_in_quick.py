"""A check-in in five seconds: a click on a slider's track sets the value there, a digit sets
the focused region, Tab moves to the next region, Enter saves; what is left alone is not rated;
feelings are a few common ones with the rest behind "More feelings…"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.core.history import CheckIn
from app.core.history.records import COMMON_EMOTIONS
from app.qt.journal_history.check_in import CheckInWidget


@pytest.fixture
def widget(qtbot: QtBot) -> CheckInWidget:
    view = CheckInWidget()
    qtbot.addWidget(view)
    view.resize(560, 640)
    view.show()
    qtbot.waitExposed(view)
    return view


def image(widget: CheckInWidget, region: str) -> QImage:
    return widget.sliders[region].grab().toImage()  # type: ignore[index]


def test_a_click_on_the_track_puts_the_value_where_it_was_clicked(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    """The middle of the track is 5, its right end 10, its left end 0 - at once, not a page
    step towards the click; the back and the number follow."""
    slider = widget.sliders["mid"]
    middle = QPoint(slider.width() // 2, slider.height() // 2)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=middle)
    assert widget.value("mid") == 5 and widget.back.value("mid") == 5
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() - 1, middle.y()))
    assert widget.value("mid") == 10
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(0, middle.y()))
    assert widget.value("mid") == 0  # a 0 given is a 0, not "not rated"


def test_regions_left_alone_are_not_rated(qtbot: QtBot, widget: CheckInWidget) -> None:
    """No handle is drawn on an unrated slider, its number is a dash, and Save hands over None
    for it; Delete takes a rating back."""
    slider = widget.sliders["lower"]
    unrated = image(widget, "lower")
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() // 2, 10))
    assert image(widget, "lower") != unrated  # the handle appears
    qtbot.keyClick(slider, Qt.Key.Key_Delete)
    assert widget.value("lower") is None
    widget.set_value("upper", 4)
    with qtbot.waitSignal(widget.submitted) as blocker:
        widget.save_button.click()
    assert blocker.args == [CheckIn(4, None, None)]


def test_nothing_given_saves_nothing(qtbot: QtBot, widget: CheckInWidget) -> None:
    with qtbot.assertNotEmitted(widget.submitted), qtbot.waitSignal(widget.skipped):
        widget.save_button.click()


def test_digits_set_the_focused_region_tab_moves_on_enter_saves(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    """A new check-in has the upper back focused: 6, Tab, 3, Tab, 8, Enter saves (6, 3, 8);
    the region whose slider has the focus is outlined on the back."""
    widget.reset()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.setFocus()
    upper = widget.sliders["upper"]
    assert upper.hasFocus() and widget.back.selected == "upper"
    qtbot.keyClick(upper, Qt.Key.Key_6)
    qtbot.keyClick(upper, Qt.Key.Key_Tab)
    mid = widget.sliders["mid"]
    assert mid.hasFocus() and widget.back.selected == "mid"
    qtbot.keyClick(mid, Qt.Key.Key_3)
    qtbot.keyClick(mid, Qt.Key.Key_Tab)
    lower = widget.sliders["lower"]
    assert lower.hasFocus()
    qtbot.keyClick(lower, Qt.Key.Key_8)
    with qtbot.waitSignal(widget.submitted) as blocker:
        qtbot.keyClick(lower, Qt.Key.Key_Return)
    assert blocker.args == [CheckIn(6, 3, 8)]


def test_enter_in_the_feeling_field_adds_the_feeling_without_saving(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    widget.show_more(True)
    widget.set_value("upper", 2)
    qtbot.keyClicks(widget.tag_edit, "restless")
    with qtbot.assertNotEmitted(widget.submitted):
        qtbot.keyClick(widget.tag_edit, Qt.Key.Key_Return)
    assert widget.selected_emotions() == ("restless",)


def test_the_after_check_in_starts_unrated_with_the_before_as_a_faint_mark(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    """Reset with the answer before: nothing is rated, each slider and the back carry a mark
    at the earlier value (drawn: the slider looks different with it than without)."""
    plain = image(widget, "upper")
    widget.reset("After", start_from=CheckIn(7, None, 3))
    assert widget.check_in() == CheckIn(None, None, None)
    assert [widget.sliders[r].mark for r in ("upper", "mid", "lower")] == [7, None, 3]
    assert (widget.back.mark("upper"), widget.back.mark("mid")) == (7, None)
    assert image(widget, "upper") != plain
    assert image(widget, "mid") == plain


def test_a_few_common_feelings_first_the_rest_behind_more(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    visible = [t for t in widget.known_emotions() if widget.tag_button(t).isVisibleTo(widget)]
    assert tuple(visible) == tuple(t for t in widget.known_emotions() if t in COMMON_EMOTIONS)
    assert not widget.tag_edit.isVisibleTo(widget)
    qtbot.mouseClick(widget.more_button, Qt.MouseButton.LeftButton)
    assert widget.tag_button("grief").isVisibleTo(widget) and widget.tag_edit.isVisibleTo(widget)
    assert widget.more_button.text() == "Fewer feelings"
