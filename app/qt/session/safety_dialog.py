"""Shows the notices a routine needs acknowledged; returns whether the user agreed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.routine.safety import Notice


def confirm_notices(parent: QWidget | None, notices: list[Notice]) -> bool:
    for notice in notices:
        box = QMessageBox(parent)
        box.setObjectName("safety-notice")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(notice.title)
        box.setText(notice.text)
        box.setAccessibleName(notice.title)
        agree = box.addButton("I understand", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(agree)
        box.exec()
        if box.clickedButton() is not agree:
            return False
    return True
