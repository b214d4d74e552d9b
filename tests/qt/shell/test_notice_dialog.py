"""The app's own notices: title, text and detail as given, buttons in order, the default one
answers Enter and looks primary, Escape presses the escape button; information and warnings
have one OK; no stock message box is left in the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.core.routine.safety import Notice
from app.qt.session import safety_dialog
from app.qt.shell import notice_dialog
from app.qt.shell.notice_dialog import NoticeDialog
from tests.conftest import REPO


@pytest.fixture
def question(qtbot: QtBot) -> NoticeDialog:
    box = NoticeDialog(
        None, "Delete all history", "Delete 3 sessions?", kind="warning", detail="Export first."
    )
    qtbot.addWidget(box)
    box.add_button("Delete all", "destructive", name="delete")
    cancel = box.add_button("Cancel", "reject", name="cancel")
    box.set_default(cancel)
    return box


def test_a_notice_shows_its_title_text_and_detail(question: NoticeDialog) -> None:
    texts = [label.text() for label in question.findChildren(QLabel)]
    assert texts == ["Delete all history", "Delete 3 sessions?", "Export first."]
    assert question.windowTitle() == "Delete all history"
    assert question.sign.kind == "warning"
    assert [b.text() for b in question.buttons()] == ["Delete all", "Cancel"]


def test_the_default_button_is_primary_and_answers_enter(
    qtbot: QtBot, question: NoticeDialog
) -> None:
    question.show()
    qtbot.waitExposed(question)
    cancel = question.default_button()
    assert cancel is not None and cancel.text() == "Cancel"
    assert cancel.property("role") == "primary"
    assert question.buttons()[0].property("role") is None
    qtbot.keyClick(question, Qt.Key.Key_Return)
    assert question.clicked_button() is cancel
    assert question.clicked_role() == "reject"
    assert not question.isVisible()


def test_escape_presses_the_escape_button(qtbot: QtBot, question: NoticeDialog) -> None:
    """The only reject button answers Escape, whichever button is the default."""
    question.set_default(question.buttons()[0])
    question.show()
    qtbot.waitExposed(question)
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    assert question.clicked_role() == "reject"
    assert not question.isVisible()


def test_a_click_answers_with_that_button(qtbot: QtBot, question: NoticeDialog) -> None:
    question.show()
    qtbot.waitExposed(question)
    qtbot.mouseClick(question.buttons()[0], Qt.MouseButton.LeftButton)
    assert question.clicked_role() == "destructive"


@pytest.mark.parametrize(("show", "kind"), [("inform", "information"), ("warn", "warning")])
def test_inform_and_warn_wait_for_ok_or_escape(qtbot: QtBot, show: str, kind: str) -> None:
    """A one-button notice: OK is the default, and Escape closes it as OK does."""
    seen: list[NoticeDialog] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, NoticeDialog)
        seen.append(box)
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)
    getattr(notice_dialog, show)(None, "Settings", "The settings could not be saved.")
    (box,) = seen
    assert box.kind == kind
    assert box.text() == "The settings could not be saved."
    assert [b.text() for b in box.buttons()] == ["OK"]
    assert box.clicked_button() is box.default_button() is box.escape_button()


@pytest.mark.parametrize(("key", "agreed"), [(Qt.Key.Key_Return, True), (Qt.Key.Key_Escape, False)])
def test_a_safety_notice_needs_i_understand(qtbot: QtBot, key: Qt.Key, agreed: bool) -> None:
    """Enter agrees ("I understand" is the default); Escape is "Not now"."""
    seen: list[NoticeDialog] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, NoticeDialog)
        seen.append(box)
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)
    notice = Notice("Breath holds", "Never practise in water.")
    assert safety_dialog.confirm_notices(None, [notice]) is agreed
    (box,) = seen
    assert box.windowTitle() == "Breath holds" and box.text() == "Never practise in water."
    assert [b.text() for b in box.buttons()] == ["I understand", "Not now"]


def test_no_stock_message_box_is_left_in_the_app() -> None:
    """Every information, warning and question is the app's own notice."""
    users = [
        path.relative_to(REPO)
        for path in (REPO / "app").rglob("*.py")
        if "QMessageBox" in path.read_text(encoding="utf-8")
    ]
    assert users == []
