"""The check-in widget: the painted back and the sliders set the same tensions, tags toggle and
grow, Save hands over a CheckIn, Skip and Esc pass."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.core.history import DEFAULT_EMOTIONS, CheckIn, Region
from app.qt.journal_history.check_in import CheckInWidget
from app.qt.journal_history.tension_back import REGION_BOX


@pytest.fixture
def widget(qtbot: QtBot) -> CheckInWidget:
    view = CheckInWidget(prompt="Notice your back as it is now.")
    qtbot.addWidget(view)
    view.resize(560, 640)
    view.show()
    qtbot.waitExposed(view)
    return view


def point_at(view: CheckInWidget, region: Region, height: float) -> QPoint:
    """A point in *region*'s box at *height* (0 the bottom edge, 1 the top edge)."""
    box = view.back.region_rect(REGION_BOX[region])
    return QPoint(round(box.center().x()), round(box.bottom() - height * box.height()))


def image(view: QWidget) -> QImage:
    return view.grab().toImage()


def test_clicking_a_region_at_a_height_sets_its_tension_and_the_slider_follows(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    """A click 70 % of the way up the lower back's box rates it 7: the picture, the slider and
    the number beside it agree, and the region is the one outlined; the others stay unrated."""
    qtbot.mouseClick(widget.back, Qt.MouseButton.LeftButton, pos=point_at(widget, "lower", 0.7))
    assert widget.back.value("lower") == 7
    assert widget.sliders["lower"].value() == 7
    number = widget.findChild(QLabel, "lower-value")
    assert number is not None and number.text() == "7"
    assert widget.back.selected == "lower"
    assert (widget.value("upper"), widget.value("mid")) == (None, None)  # not rated


def test_dragging_up_and_down_changes_the_region_pressed(
    qtbot: QtBot, widget: CheckInWidget
) -> None:
    """Pressing in the middle of the mid back gives 5; dragging up three steps makes it 8, even
    when the pointer leaves the box; dragging far down stops at 0."""
    back = widget.back
    start = point_at(widget, "mid", 0.5)
    step = back.drag_step("mid")
    qtbot.mousePress(back, Qt.MouseButton.LeftButton, pos=start)
    assert widget.value("mid") == 5
    qtbot.mouseMove(back, start - QPoint(0, round(3 * step)))
    assert back.value("mid") == 8
    assert widget.sliders["mid"].value() == 8
    qtbot.mouseMove(back, start + QPoint(0, round(20 * step)))
    assert widget.value("mid") == 0
    qtbot.mouseRelease(back, Qt.MouseButton.LeftButton, pos=start + QPoint(0, round(20 * step)))
    qtbot.mouseMove(back, start)  # no button held: nothing changes
    assert widget.value("mid") == 0


def test_a_click_outside_the_regions_changes_nothing(qtbot: QtBot, widget: CheckInWidget) -> None:
    """The head and the empty corners are not ratings, nor do they change the region outlined
    (the one whose slider has the focus)."""
    outlined = widget.back.selected
    qtbot.mouseClick(widget.back, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert [widget.value(r) for r in ("upper", "mid", "lower")] == [None, None, None]
    assert widget.back.selected == outlined


def test_moving_a_slider_repaints_the_back(qtbot: QtBot, widget: CheckInWidget) -> None:
    """The slider is the keyboard path: setting the upper back to 9 shows 9 on the picture (it
    paints differently), and arrow keys on a focused slider move it one step and outline its
    region."""
    blank = image(widget.back)
    widget.sliders["upper"].setValue(9)
    assert widget.back.value("upper") == 9
    assert image(widget.back) != blank
    slider = widget.sliders["lower"]
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert widget.back.value("lower") == 1
    assert widget.back.selected == "lower"


def test_sliders_are_named_for_screen_readers(widget: CheckInWidget) -> None:
    """Each slider says which region it rates, from 0 to 10."""
    names = [widget.sliders[r].accessibleName() for r in ("upper", "mid", "lower")]
    assert names == ["Upper back tension", "Mid back tension", "Lower back tension"]
    assert all(s.minimum() == 0 and s.maximum() == 10 for s in widget.sliders.values())
    widget.set_value("mid", 4)
    assert "Mid back 4" in widget.back.accessibleDescription()


def test_emotion_tags_toggle(qtbot: QtBot, widget: CheckInWidget) -> None:
    """All twelve default tags are offered; a click chooses one, another click clears it."""
    assert widget.known_emotions() == DEFAULT_EMOTIONS
    button = widget.tag_button("anxiety")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert widget.selected_emotions() == ("anxiety",)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert widget.selected_emotions() == ()


def test_the_user_can_add_their_own_tag(qtbot: QtBot, widget: CheckInWidget) -> None:
    """Typing a feeling and pressing Enter (or Add) offers it as a tag, normalised and chosen;
    a tag already offered is chosen rather than repeated; blank text adds nothing."""
    qtbot.keyClicks(widget.tag_edit, "  Tired  ")
    qtbot.keyClick(widget.tag_edit, Qt.Key.Key_Return)
    assert widget.known_emotions()[-1] == "tired"
    assert widget.selected_emotions() == ("tired",)
    assert widget.tag_edit.text() == ""
    qtbot.keyClicks(widget.tag_edit, "Calm")
    qtbot.mouseClick(widget.add_tag_button, Qt.MouseButton.LeftButton)
    assert widget.known_emotions().count("calm") == 1
    assert set(widget.selected_emotions()) == {"tired", "calm"}
    count = len(widget.known_emotions())
    qtbot.keyClicks(widget.tag_edit, "   ")
    qtbot.mouseClick(widget.add_tag_button, Qt.MouseButton.LeftButton)
    assert len(widget.known_emotions()) == count


def test_save_emits_the_check_in_as_shown(qtbot: QtBot, widget: CheckInWidget) -> None:
    """Save hands over a CheckIn with the three tensions, the chosen tags and the note."""
    qtbot.mouseClick(widget.back, Qt.MouseButton.LeftButton, pos=point_at(widget, "upper", 0.6))
    widget.sliders["mid"].setValue(3)
    widget.sliders["lower"].setValue(8)
    qtbot.mouseClick(widget.tag_button("fear"), Qt.MouseButton.LeftButton)
    widget.add_emotion("Restless")
    qtbot.keyClicks(widget.note_edit, "Tight after the meeting")
    with qtbot.waitSignal(widget.submitted) as blocker:
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [CheckIn(6, 3, 8, ("fear", "restless"), "Tight after the meeting")]


def test_skip_and_esc_pass(qtbot: QtBot, widget: CheckInWidget) -> None:
    """The Skip button, and Esc from anywhere in the widget, emit ``skipped`` (never
    ``submitted``)."""
    saved: list[CheckIn] = []
    widget.submitted.connect(saved.append)
    with qtbot.waitSignal(widget.skipped):
        qtbot.mouseClick(widget.skip_button, Qt.MouseButton.LeftButton)
    widget.note_edit.setFocus()
    with qtbot.waitSignal(widget.skipped):
        qtbot.keyClick(widget.note_edit, Qt.Key.Key_Escape)
    with qtbot.waitSignal(widget.skipped):
        qtbot.keyClick(widget.sliders["upper"], Qt.Key.Key_Escape)
    assert saved == []


def test_esc_skips_even_inside_a_view_whose_esc_means_stop(qtbot: QtBot) -> None:
    """Inside the session page, where Esc is the Stop shortcut, Esc in the check-in skips it
    and does not stop the session."""
    page = QWidget()
    qtbot.addWidget(page)
    stops: list[bool] = []
    stop = QAction("Stop", page)
    stop.setShortcut(QKeySequence("Esc"))
    stop.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    stop.triggered.connect(lambda: stops.append(True))
    page.addAction(stop)
    check_in = CheckInWidget()
    QVBoxLayout(page).addWidget(check_in)
    page.show()
    qtbot.waitExposed(page)
    check_in.sliders["mid"].setFocus()
    with qtbot.waitSignal(check_in.skipped):
        qtbot.keyClick(check_in.sliders["mid"], Qt.Key.Key_Escape)
    assert stops == []


def test_reset_starts_a_new_check_in(qtbot: QtBot, widget: CheckInWidget) -> None:
    """After a reset the titles are new, tags and note are cleared, every region is unrated,
    the check-in given (the one before the routine) shows as faint marks only; new tags are
    offered."""
    widget.set_value("upper", 9)
    widget.set_emotion_checked("grief", True)
    qtbot.keyClicks(widget.note_edit, "heavy")
    widget.reset(
        "How does your back feel now?",
        "After the routine",
        emotions=["restless"],
        start_from=CheckIn(6, 5, 4, ("anger",), "x"),
    )
    assert widget.title_label.text() == "How does your back feel now?"
    assert widget.prompt_label.text() == "After the routine"
    assert widget.check_in() == CheckIn(None, None, None)
    assert [widget.sliders[r].mark for r in ("upper", "mid", "lower")] == [6, 5, 4]
    assert widget.back.mark("mid") == 5
    assert "restless" in widget.known_emotions()
    widget.reset()
    assert widget.check_in() == CheckIn(None, None, None)
    assert widget.back.value("upper") is None and widget.back.mark("upper") is None


def test_a_note_too_long_to_keep_is_said_and_nothing_is_lost(qtbot: QtBot) -> None:
    """Save with a note beyond 10,000 characters says why in the form and keeps the text."""
    widget = CheckInWidget()
    qtbot.addWidget(widget)
    widget.note_edit.setPlainText("n" * 10_001)
    with qtbot.assertNotEmitted(widget.submitted):
        widget.save_button.click()
    assert widget.problem_label.text() == (
        "This check-in was not saved: a note has at most 10,000 characters."
    )
    assert len(widget.note_edit.toPlainText()) == 10_001
