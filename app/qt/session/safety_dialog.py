"""Shows the notices a routine needs acknowledged; returns whether the user agreed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.core.routine.safety import Notice
from app.qt.shell.notice_dialog import NoticeDialog, ask


def safety_notice(parent: QWidget | None, notice: Notice) -> NoticeDialog:
    """One notice with "I understand" (the default) and "Not now" (Escape)."""
    box = NoticeDialog(parent, notice.title, notice.text, kind="information")
    box.setObjectName("safety-notice")
    agree = box.add_button("I understand", "accept", name="safety-agree")
    box.add_button("Not now", "reject", name="safety-not-now")
    box.set_default(agree)
    return box


def confirm_notices(parent: QWidget | None, notices: list[Notice]) -> bool:
    for notice in notices:
        box = safety_notice(parent, notice)
        ask(box)
        if box.clicked_role() != "accept":
            return False
    return True
