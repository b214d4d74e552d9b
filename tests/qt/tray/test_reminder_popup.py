"""The reminder popup: the fallback when no notification server answers."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.desktop.notify.freedesktop import REMINDER_TIMEOUT_MS, Reminder, ReminderChoice
from app.qt.tray.reminder_popup import MARGIN, ReminderPopup, popup_position

# Qt's offscreen platform cannot raise windows; showing a stay-on-top window asks it to.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)

SIGNAL_TIMEOUT_MS = 3000
SCREEN = QRect(0, 0, 1280, 800)
SIZE = QSize(320, 120)

TITLE = "Time for a pause"
BODY = "Three minutes of slow belly breathing."
ROUTINE = "3-Minute Diaphragmatic Breathing"


@pytest.fixture
def popup(qtbot: QtBot) -> ReminderPopup:
    widget = ReminderPopup(timeout_ms=60_000)
    qtbot.addWidget(widget)
    return widget


def inside(rect: QRect, area: QRect) -> bool:
    return area.contains(rect.topLeft()) and area.contains(rect.bottomRight())


# ------------------------------------------------------------------------------- placement


def test_without_an_anchor_it_goes_to_the_bottom_right_corner() -> None:
    """No tray geometry: bottom-right of the available area, a margin from both edges."""
    assert popup_position(SIZE, None, SCREEN) == QPoint(1280 - MARGIN - 320, 800 - MARGIN - 120)


def test_by_a_bottom_panel_it_opens_above_the_icon() -> None:
    """A tray icon low on the screen: the popup sits above it, right edges aligned."""
    icon = QRect(1200, 776, 24, 24)
    where = popup_position(SIZE, icon, QRect(0, 0, 1280, 776 + 24))
    assert where.y() + SIZE.height() + MARGIN == icon.y()
    assert where.x() + SIZE.width() == icon.x() + icon.width()


def test_by_a_top_panel_it_opens_below_the_icon() -> None:
    """A tray icon high on the screen: the popup sits below it."""
    icon = QRect(600, 0, 24, 24)
    where = popup_position(SIZE, icon, SCREEN)
    assert where.y() == icon.y() + icon.height() + MARGIN


@pytest.mark.parametrize(
    "icon",
    [
        QRect(0, 0, 24, 24),
        QRect(1256, 776, 24, 24),
        QRect(-50, 900, 24, 24),
        QRect(1270, 0, 24, 24),
    ],
)
def test_it_always_stays_on_the_screen(icon: QRect) -> None:
    """Wherever the icon is, even at or past a corner, the popup stays inside the screen."""
    where = popup_position(SIZE, icon, SCREEN)
    assert inside(QRect(where, SIZE), SCREEN)


def test_it_is_shown_inside_the_available_screen(qtbot: QtBot, popup: ReminderPopup) -> None:
    """Shown for real, its frame lies inside the screen's available geometry."""
    popup.show_reminder(TITLE, BODY, ROUTINE, 10)
    qtbot.waitExposed(popup)

    screen = popup.screen() or QGuiApplication.primaryScreen()
    assert inside(popup.frameGeometry(), screen.availableGeometry())


def test_it_is_shown_by_the_tray_icon_when_known(qtbot: QtBot) -> None:
    """The anchor callable is asked at show time, and the popup opens beside that icon."""
    available = QGuiApplication.primaryScreen().availableGeometry()
    icon = QRect(available.right() - 40, available.bottom() - 24, 24, 24)
    popup = ReminderPopup(anchor=lambda: icon)
    qtbot.addWidget(popup)

    popup.show_reminder(TITLE, BODY, ROUTINE, 10)

    assert popup.geometry().bottom() < icon.top()
    assert popup.geometry().right() == icon.right()


# ------------------------------------------------------------------------------- focus


def test_it_asks_the_window_system_not_to_focus_it(popup: ReminderPopup) -> None:
    """A frameless stay-on-top tool window that accepts no focus, is shown without activation,
    and whose buttons take no focus when clicked."""
    flags = popup.windowFlags()
    for flag in (
        Qt.WindowType.Tool,
        Qt.WindowType.FramelessWindowHint,
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.WindowDoesNotAcceptFocus,
    ):
        assert flags & flag == flag
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.findChildren(QPushButton)
    assert all(
        button.focusPolicy() == Qt.FocusPolicy.NoFocus for button in popup.findChildren(QPushButton)
    )


@pytest.mark.xvfb
@pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") != "xcb",
    reason="the offscreen platform activates every window; runs under .ci/with-xvfb",
)
def test_it_shows_without_taking_the_keyboard(qtbot: QtBot, popup: ReminderPopup) -> None:
    """Whatever the user is typing into keeps the focus while the popup is up, and after a click
    on one of its buttons. (Needs a real window manager: Qt's offscreen platform activates every
    window it shows.)"""
    window = QWidget()
    qtbot.addWidget(window)
    editor = QLineEdit(window)
    QVBoxLayout(window).addWidget(editor)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)

    popup.show_reminder(TITLE, BODY, ROUTINE, 10)
    qtbot.waitExposed(popup)
    qtbot.wait(200)  # let any activation by the window manager arrive

    assert QApplication.focusWidget() is editor
    assert QApplication.activeWindow() is window
    assert not popup.isActiveWindow()

    with qtbot.waitSignal(popup.choice_made, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(popup.snooze_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is editor


# ------------------------------------------------------------------------------- answers


@pytest.mark.parametrize(
    ("name", "choice"),
    [
        ("start_button", ReminderChoice.START),
        ("snooze_button", ReminderChoice.SNOOZE),
        ("skip_button", ReminderChoice.SKIP),
    ],
)
def test_each_button_answers_and_closes_it(
    qtbot: QtBot, popup: ReminderPopup, name: str, choice: ReminderChoice
) -> None:
    """A click emits that button's choice once, closes the popup and stops its countdown."""
    popup.show_reminder(TITLE, BODY, ROUTINE, 10)
    qtbot.waitExposed(popup)

    with qtbot.waitSignal(popup.choice_made, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(getattr(popup, name), Qt.MouseButton.LeftButton)

    assert blocker.args == [choice]
    assert not popup.isVisible()
    assert not popup.timing_out


def test_unanswered_it_closes_itself_as_missed(qtbot: QtBot) -> None:
    """Nobody answering within timeout_ms closes it and counts as MISSED."""
    popup = ReminderPopup(timeout_ms=30)
    qtbot.addWidget(popup)
    popup.show_reminder(TITLE, BODY, ROUTINE, 10)

    with qtbot.waitSignal(popup.choice_made, timeout=SIGNAL_TIMEOUT_MS) as blocker:
        pass

    assert blocker.args == [ReminderChoice.MISSED]
    assert not popup.isVisible()
    assert not popup.timing_out


def test_the_countdown_runs_only_while_it_is_shown(qtbot: QtBot, popup: ReminderPopup) -> None:
    """Built, nothing runs; shown, the countdown runs; closed, it stops and nothing is reported."""
    assert not popup.timing_out

    popup.show_reminder(TITLE, BODY, ROUTINE, 10)
    assert popup.timing_out

    with qtbot.assertNotEmitted(popup.choice_made, wait=20):
        assert popup.close()
    assert not popup.timing_out
    assert not popup.isVisible()


def test_showing_again_replaces_the_texts_and_restarts_the_countdown(
    qtbot: QtBot, popup: ReminderPopup
) -> None:
    """A second reminder while one is up replaces it: one popup, the new texts."""
    popup.show_reminder(TITLE, BODY, ROUTINE, 10)
    popup.show_reminder("Snoozed pause", "Ten minutes later.", "Body scan", 10)

    assert (popup.title, popup.body, popup.routine_name) == (
        "Snoozed pause",
        "Ten minutes later.",
        "Body scan",
    )
    assert popup.timing_out


def test_the_default_countdown_is_a_few_minutes() -> None:
    """By default the popup waits as long as a notification does: four minutes."""
    assert REMINDER_TIMEOUT_MS == 4 * 60 * 1000


def test_the_buttons_have_accessible_names(popup: ReminderPopup) -> None:
    """Screen readers hear what each button does; Start names the routine."""
    popup.show_reminder(TITLE, BODY, ROUTINE, 10)
    assert popup.start_button.accessibleName() == f"Start {ROUTINE}"
    assert popup.snooze_button.accessibleName() == "Remind me again in 10 minutes"
    assert popup.skip_button.accessibleName() == "Skip this pause"
    assert [b.text() for b in (popup.start_button, popup.snooze_button, popup.skip_button)] == [
        "Start",
        "Snooze 10 min",
        "Skip",
    ]


def test_the_snooze_button_names_the_length_chosen(popup: ReminderPopup) -> None:
    """With a 15-minute snooze chosen, the button says so, for eyes and for screen readers."""
    popup.show_reminder(TITLE, BODY, ROUTINE, 15)
    assert popup.snooze_button.text() == "Snooze 15 min"
    assert popup.snooze_button.accessibleName() == "Remind me again in 15 minutes"


def test_the_popup_is_a_reminder(popup: ReminderPopup) -> None:
    """It fits the same protocol as the notifier, so the two are interchangeable."""
    reminder: Reminder = popup
    assert reminder.show_reminder(TITLE, BODY, ROUTINE, 10)
    assert reminder.close()
