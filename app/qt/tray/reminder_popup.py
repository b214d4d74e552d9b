"""The reminder as a small window near the tray, for desktops without a notification server.

It stays on top but never takes the keyboard: whatever the user is typing into keeps the focus,
and its buttons take none when clicked. Nobody answering within ``timeout_ms`` closes it and counts
as ``MISSED``, as an expired notification does. It answers through the same ``choice_made`` signal
as ``DBusNotifier``, so the two are interchangeable behind
``app.desktop.notify.freedesktop.Reminder``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.desktop.notify.freedesktop import REMINDER_TIMEOUT_MS, ReminderChoice

MARGIN = 12
"""Pixels between the popup and the tray icon or the edges of the screen."""
WIDTH = 320


def popup_position(size: QSize, anchor: QRect | None, available: QRect) -> QPoint:
    """Where the popup's top-left corner goes.

    Beside the tray icon when its geometry is known: above it when the icon is in the lower half
    of the screen (a bottom panel), below it otherwise, right edges aligned. Without it, the
    bottom-right corner of the available area. Always kept inside *available*.
    """
    width, height = size.width(), size.height()
    left, top = available.x(), available.y()
    right, bottom = left + available.width(), top + available.height()
    if anchor is None or not anchor.isValid():
        x, y = right - MARGIN - width, bottom - MARGIN - height
    else:
        x = anchor.x() + anchor.width() - width
        if anchor.center().y() >= available.center().y():
            y = anchor.y() - MARGIN - height
        else:
            y = anchor.y() + anchor.height() + MARGIN
    x = max(left + MARGIN, min(x, right - MARGIN - width))
    y = max(top + MARGIN, min(y, bottom - MARGIN - height))
    return QPoint(x, y)


class ReminderPopup(QWidget):
    """A frameless, focus-less reminder with Start, Snooze (the length chosen) and Skip."""

    choice_made = Signal(ReminderChoice)

    def __init__(
        self,
        timeout_ms: int = REMINDER_TIMEOUT_MS,
        anchor: Callable[[], QRect | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """*anchor* gives the tray icon's geometry at show time (None when unknown)."""
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setObjectName("reminder-popup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Unbrace reminder")
        self.setFixedWidth(WIDTH)
        self._anchor = anchor
        self._routine_name: str | None = None

        self._timeout = QTimer(self)
        self._timeout.setObjectName("reminder-popup-timeout")
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(timeout_ms)
        self._timeout.timeout.connect(self._expire)

        self._title = QLabel()
        self._title.setObjectName("reminder-title")
        self._title.setWordWrap(True)
        title_font = QFont(self._title.font())
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._body = QLabel()
        self._body.setObjectName("reminder-body")
        self._body.setWordWrap(True)

        self.start_button = self._button("Start", "Start the routine", ReminderChoice.START)
        self.snooze_button = self._button("", "", ReminderChoice.SNOOZE)
        self.set_snooze_minutes(10)
        self.skip_button = self._button("Skip", "Skip this pause", ReminderChoice.SKIP)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.skip_button, self.snooze_button, self.start_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.addWidget(self._title)
        layout.addWidget(self._body)
        layout.addLayout(buttons)

    # ---------------------------------------------------------------------------- reading

    @property
    def title(self) -> str:
        return self._title.text()

    @property
    def body(self) -> str:
        return self._body.text()

    @property
    def routine_name(self) -> str | None:
        """The routine the last reminder offered."""
        return self._routine_name

    @property
    def timing_out(self) -> bool:
        """Whether the countdown to MISSED is running."""
        return self._timeout.isActive()

    # ---------------------------------------------------------------------------- commands

    def set_snooze_minutes(self, minutes: int) -> None:
        self.snooze_button.setText(f"Snooze {minutes} min")
        self.snooze_button.setAccessibleName(f"Remind me again in {minutes} minutes")

    def show_reminder(self, title: str, body: str, routine_name: str, snooze_min: int) -> bool:
        """Fill in the texts and show it near the tray (replacing what it showed before)."""
        self.set_snooze_minutes(snooze_min)
        self._title.setText(title)
        self._body.setText(body)
        self._routine_name = routine_name
        self.start_button.setAccessibleName(f"Start {routine_name}")
        self.show_near(self._anchor() if self._anchor is not None else None)
        return True

    def show_near(self, anchor: QRect | None) -> None:
        """Show it by *anchor* (the tray icon) or in the bottom-right corner; start the clock."""
        self.adjustSize()
        screen = None
        if anchor is not None and anchor.isValid():
            screen = QGuiApplication.screenAt(anchor.center())
        screen = screen or self.screen() or QGuiApplication.primaryScreen()
        self.move(popup_position(self.size(), anchor, screen.availableGeometry()))
        self.show()
        self._timeout.start()

    # ---------------------------------------------------------------------------- internals

    def _button(self, text: str, accessible_name: str, choice: ReminderChoice) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible_name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click must not take the keyboard either
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._settle(choice))
        return button

    def _settle(self, choice: ReminderChoice) -> None:
        self.close()
        self.choice_made.emit(choice)

    def _expire(self) -> None:
        if self.isVisible():
            self._settle(ReminderChoice.MISSED)

    def hideEvent(self, event: QHideEvent) -> None:
        # close() and hide() both land here: the countdown only runs while it is on screen.
        self._timeout.stop()
        super().hideEvent(event)
