"""The dialogs behind "Export all…" and "Delete all…": thin wrappers a controller takes as
arguments, so tests pass plain functions instead of modal dialogs.

``confirm_delete`` names what will go and defaults to Cancel; ``choose_export_folder`` asks
for a folder. ``deletion_box`` builds the question without showing it, for tests to read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.core.history import DeletionSummary
from app.qt.shell.notice_dialog import NoticeDialog, ask, inform, warn

ConfirmDelete = Callable[[QWidget | None, DeletionSummary], bool]
ChooseFolder = Callable[[QWidget | None], Path | None]

DELETE_TITLE = "Delete all history"
NOTHING_TO_DELETE = "Your history is already empty."


def deletion_box(parent: QWidget | None, summary: DeletionSummary) -> NoticeDialog:
    """The question, with "Delete all" and Cancel, Cancel the default (Enter and Esc)."""
    from app.core.history.summary import deletion_question  # its wording loads when asked

    box = NoticeDialog(
        parent,
        DELETE_TITLE,
        deletion_question(summary),
        kind="warning",
        detail="Export first if you want to keep a copy.",
    )
    box.setObjectName("confirm-delete")
    box.add_button("Delete all", "destructive", name="confirm-delete-all")
    cancel = box.add_button("Cancel", "reject", name="confirm-delete-cancel")
    box.set_default(cancel)
    box.set_escape(cancel)
    return box


def confirm_delete(parent: QWidget | None, summary: DeletionSummary) -> bool:
    """Ask before deleting everything; True only when the user chose "Delete all".

    With nothing to delete it says so and returns False."""
    if summary.is_empty:
        inform(parent, DELETE_TITLE, NOTHING_TO_DELETE)
        return False
    box = deletion_box(parent, summary)
    clicked = ask(box)
    return clicked is not None and box.role(clicked) == "destructive"


def choose_export_folder(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """A folder to export into, or None when the user cancelled."""
    chosen = QFileDialog.getExistingDirectory(
        parent, "Export all history to…", str(start or Path.home())
    )
    return Path(chosen) if chosen else None


def export_done_text(paths: Sequence[Path]) -> str:
    if not paths:
        return "Nothing was exported."
    names = ", ".join(path.name for path in paths)
    return f"Exported to {paths[0].parent}: {names}."


def report_export(parent: QWidget | None, paths: Sequence[Path]) -> None:
    inform(parent, "Export all", export_done_text(paths))


def report_problem(parent: QWidget | None, title: str, message: str) -> None:
    """A plain sentence when export or deletion failed (``HistoryUnavailable.message``)."""
    warn(parent, title, message)
