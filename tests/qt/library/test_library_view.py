"""The routine library page: search, filters, marks, details and Start; and the folder watcher."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.routine.library import Library, RoutineFolder, load_files, load_library
from app.core.routine.new_routine import create_from_template
from app.qt.library.model import MINE_BADGE, EntryRole
from app.qt.library.view import NO_MATCH, LibraryView
from app.qt.library.watcher import LibraryWatcher
from tests.conftest import BUILTIN_ROUTINES, REPO

TEMPLATE = REPO / "assets" / "routine-template.yaml"

MINE = """
    name: Shoulder Drop
    summary: Let the shoulders fall, mine.
    tags: [midday, mine]
    regions: [shoulders]
    safety: Stay within an easy range.
    steps:
      - repeat:
          label: Round
          times: 2
          steps:
            - move:
                label: Shrug
                reps: 3
                rep: [{label: Up, duration: 2}, {label: Down, duration: 2}]
            - rest: {duration: 10s}
      - journal: {prompt: How are your shoulders?}
"""
BROKEN = """\
name: Broken
summary: x
steps:
  - breathe: {pattern: {inhale: 40m, exhale: 4}, cycles: 2}
"""


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "shoulder-drop.yaml").write_text(textwrap.dedent(MINE), encoding="utf-8")
    (folder / "broken-breath.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def _library(user_folder: Path) -> Library:
    return load_library(
        [RoutineFolder(BUILTIN_ROUTINES, "builtin"), RoutineFolder(user_folder, "user")]
    )


@pytest.fixture
def view(qtbot: QtBot, user_folder: Path) -> LibraryView:
    view = LibraryView()
    qtbot.addWidget(view)
    view.resize(1000, 650)
    view.set_library(_library(user_folder))
    view.show()
    qtbot.waitExposed(view)
    return view


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def _index(view: LibraryView, routine_id: str) -> QModelIndex:
    rows = [row for row, shown in enumerate(view.visible_ids()) if shown == routine_id]
    assert rows, f"{routine_id} is not shown"
    return view.list.model().index(rows[0], 0)


def test_it_lists_builtin_and_user_routines_side_by_side(view: LibraryView) -> None:
    """Valid routines of both folders by name, then the broken file; nothing selected yet."""
    ids = view.visible_ids()
    assert ids[0] == "diaphragmatic-3min"
    assert ids.index("shoulder-drop") < ids.index("slowing-breath")  # by name, not by folder
    assert ids[-1] == "broken-breath"
    assert len(ids) == len(list(BUILTIN_ROUTINES.glob("*.yaml"))) + 2
    assert view.selected_id() is None
    assert not view.details.start_button.isEnabled()
    assert view.status.text() == f"{len(ids)} routines"


def test_typing_in_the_search_filters_the_list(qtbot: QtBot, view: LibraryView) -> None:
    """Search as you type, every word must match; Escape clears it."""
    view.search.setFocus()
    qtbot.keyClicks(view.search, "box")
    assert view.visible_ids() == ["box-breathing"]
    assert view.selected_id() == "box-breathing"  # the only match is chosen
    view.search.clear()
    qtbot.keyClicks(view.search, "slow BELLY")
    assert view.visible_ids() == ["diaphragmatic-3min"]
    qtbot.keyClicks(view.search, " nothing-like-this")
    assert view.visible_ids() == []
    assert view.status.text() == NO_MATCH
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert "broken-breath" in view.visible_ids()


def test_tag_region_and_length_filters(view: LibraryView) -> None:
    """The filters offer what the library uses, with human region names; broken files hide."""
    view.tag_filter.setCurrentIndex(view.tag_filter.findData("mine"))
    assert view.visible_ids() == ["shoulder-drop"]
    view.tag_filter.setCurrentIndex(0)

    assert view.region_filter.findText("Upper back") > 0
    view.region_filter.setCurrentIndex(view.region_filter.findText("Shoulders"))
    shown = view.visible_ids()
    assert "shoulder-drop" in shown and "desk-shoulder-release" in shown
    assert "diaphragmatic-3min" not in shown and "broken-breath" not in shown
    view.region_filter.setCurrentIndex(0)

    view.length_filter.setCurrentIndex(view.length_filter.findData("medium"))
    assert "resonance-breathing" in view.visible_ids()
    assert "diaphragmatic-3min" not in view.visible_ids()
    view.length_filter.setCurrentIndex(view.length_filter.findData("short"))
    assert "diaphragmatic-3min" in view.visible_ids()
    assert "resonance-breathing" not in view.visible_ids()
    assert view.query().length == "short"
    total = len(list(BUILTIN_ROUTINES.glob("*.yaml"))) + 2
    assert view.status.text() == f"{len(view.visible_ids())} of {total} routines"


def test_a_user_routine_is_marked_as_yours(view: LibraryView) -> None:
    mine, builtin = _index(view, "shoulder-drop"), _index(view, "box-breathing")
    assert mine.data(EntryRole.MINE) is True
    assert builtin.data(EntryRole.MINE) is False
    assert mine.data(Qt.ItemDataRole.AccessibleTextRole).endswith(", yours")
    assert MINE_BADGE == "Yours"
    view.select("shoulder-drop")
    assert view.details.meta.text().startswith("Yours · ")


def test_a_broken_file_is_greyed_with_its_error_and_cannot_start(
    qtbot: QtBot, view: LibraryView
) -> None:
    index = _index(view, "broken-breath")
    assert index.data(Qt.ItemDataRole.DisplayRole) == "broken-breath.yaml"
    assert index.data(EntryRole.VALID) is False
    grey = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == grey
    second = index.data(EntryRole.SECOND_LINE)
    assert second.startswith("broken-breath.yaml:4:")
    assert "a breath phase must be between" in second
    assert "a breath phase must be between" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert view.select("broken-breath")
    assert not view.details.start_button.isEnabled()
    assert "a breath phase must be between" in view.details.problems.text()
    assert view.details.problems.isVisibleTo(view)
    assert not view.details.steps.isVisibleTo(view)
    where = view.list.visualRect(_index(view, "broken-breath")).center()
    with qtbot.assertNotEmitted(view.start_requested):
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
        qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.selected_id() == "broken-breath"


def test_selecting_shows_the_details(view: LibraryView) -> None:
    """Name, summary, description, the outlined steps with times, the total and the safety note."""
    assert view.select("retention-rounds")
    assert view.selected_id() == "retention-rounds"
    details = view.details
    assert details.title.text() == "Retention Rounds"
    assert details.meta.text() == "Built-in · 7m45s + open steps · Chest, Belly, Whole body"
    assert details.summary.text().startswith("Three rounds of thirty full breaths")
    assert details.description.text().startswith("A strong, energising practice")
    steps = details.steps.text()
    assert "2 × Round" in steps
    assert "Hold the breath out" in steps and "open (max 1m30s)" in steps
    assert "open (max 3m)" in steps
    assert "Thirty full breaths: 1.5 in · 1.5 out, 30 cycles" in steps
    assert details.total.text() == "Total 7m45s + open steps"
    assert details.safety.isVisibleTo(view)
    assert "light-headed" in details.safety.text()
    assert details.start_button.isEnabled()

    assert view.select("diaphragmatic-3min")
    assert not details.safety.isVisibleTo(view)  # this one has no safety note
    assert "Belly breathing: 4 in · 6 out, 18 cycles" in details.steps.text()
    assert details.total.text() == "Total 3m"


def test_start_button_double_click_and_enter_request_the_routine(
    qtbot: QtBot, view: LibraryView
) -> None:
    view.select("box-breathing")
    with qtbot.waitSignal(view.start_requested, timeout=1000) as blocker:
        qtbot.mouseClick(view.details.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["box-breathing"]

    where = view.list.visualRect(_index(view, "diaphragmatic-3min")).center()
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.selected_id() == "diaphragmatic-3min"
    with qtbot.waitSignal(view.start_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == ["diaphragmatic-3min"]

    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down)
    assert view.selected_id() == view.visible_ids()[1]
    with qtbot.waitSignal(view.start_requested, timeout=1000) as blocker:
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert blocker.args == [view.visible_ids()[1]]


def test_ctrl_f_focuses_the_search_and_enter_there_starts_the_match(
    qtbot: QtBot, view: LibraryView
) -> None:
    view.activateWindow()
    qtbot.waitActive(view)
    view.list.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is view.search
    qtbot.keyClicks(view.search, "4-7-8")
    with qtbot.waitSignal(view.start_requested, timeout=1000) as blocker:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert blocker.args == ["breathing-4-7-8"]
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.list


def test_every_control_has_an_accessible_name(view: LibraryView) -> None:
    controls = [
        view.search, view.tag_filter, view.region_filter, view.length_filter, view.list,
        view.new_button, view.folder_button, view.details.start_button,
    ]  # fmt: skip
    for control in controls:
        assert control.accessibleName(), control.objectName()
        assert control.accessibleDescription(), control.objectName()


def test_new_routine_and_open_folder_buttons_send_requests(qtbot: QtBot, view: LibraryView) -> None:
    with qtbot.waitSignal(view.new_routine_requested, timeout=1000):
        qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.open_folder_requested, timeout=1000):
        qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)


def test_a_new_library_keeps_the_selection_and_the_filters(
    view: LibraryView, user_folder: Path
) -> None:
    view.tag_filter.setCurrentIndex(view.tag_filter.findData("midday"))
    assert view.select("shoulder-drop")
    (user_folder / "another.yaml").write_text(
        "name: Another midday\nsummary: New.\ntags: [midday]\nsteps:\n  - rest: {duration: 30}\n",
        encoding="utf-8",
    )
    view.set_library(_library(user_folder))
    assert view.selected_id() == "shoulder-drop"
    assert view.query().tag == "midday"
    assert "another" in view.visible_ids()
    assert view.details.title.text() == "Shoulder Drop"

    (user_folder / "shoulder-drop.yaml").unlink()
    view.set_library(_library(user_folder))
    assert "shoulder-drop" not in view.visible_ids()
    assert view.selected_id() != "shoulder-drop"


def test_select_clears_a_search_that_hides_the_routine(qtbot: QtBot, view: LibraryView) -> None:
    qtbot.keyClicks(view.search, "box")
    assert view.select("diaphragmatic-3min")
    assert view.search.text() == ""
    assert view.selected_id() == "diaphragmatic-3min"
    assert not view.select("no-such-routine")


# ------------------------------------------------------------------------------------ watcher


@pytest.fixture
def watcher(qtbot: QtBot) -> Iterator[LibraryWatcher]:
    """A watcher with a short debounce (qtbot makes sure a QApplication exists)."""
    watcher = LibraryWatcher(debounce_ms=50)
    yield watcher
    watcher.stop()


def test_the_watcher_starts_no_timer_and_watches_nothing_until_asked(
    watcher: LibraryWatcher,
) -> None:
    assert watcher.watched_paths() == []


def test_the_watcher_says_changed_when_a_file_is_added(
    qtbot: QtBot, watcher: LibraryWatcher, user_folder: Path
) -> None:
    watcher.watch([user_folder])
    assert str(user_folder / "shoulder-drop.yaml") in watcher.watched_paths()
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        shutil.copy(TEMPLATE, user_folder / "new.yaml")
    assert str(user_folder / "new.yaml") in watcher.watched_paths()


def test_the_watcher_says_changed_when_a_file_is_modified(
    qtbot: QtBot, watcher: LibraryWatcher, user_folder: Path
) -> None:
    watcher.watch([user_folder])
    path = user_folder / "shoulder-drop.yaml"
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        _append(path, "# a comment\n")


def test_the_watcher_follows_a_file_replaced_by_rename(
    qtbot: QtBot, watcher: LibraryWatcher, user_folder: Path
) -> None:
    """Editors save by renaming a new file over the old one; the new one is watched again."""
    watcher.watch([user_folder])
    path = user_folder / "shoulder-drop.yaml"
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        temporary = user_folder / ".shoulder-drop.yaml.swp"
        temporary.write_text(textwrap.dedent(MINE) + "# saved\n", encoding="utf-8")
        temporary.replace(path)
    assert str(path) in watcher.watched_paths()
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        _append(path, "# saved again\n")


def test_the_watcher_notices_a_folder_that_appears(
    qtbot: QtBot, watcher: LibraryWatcher, tmp_path: Path
) -> None:
    folder = tmp_path / "later" / "routines"
    (tmp_path / "later").mkdir()
    watcher.watch([folder])
    assert watcher.watched_paths() == [str(tmp_path / "later")]
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        create_from_template(TEMPLATE, folder)
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        (folder / "my-routine.yaml").write_text(TEMPLATE.read_text(encoding="utf-8") + "\n")


def test_after_stop_the_watcher_is_silent(
    qtbot: QtBot, watcher: LibraryWatcher, user_folder: Path
) -> None:
    watcher.watch([user_folder])
    watcher.stop()
    assert watcher.watched_paths() == []
    with qtbot.assertNotEmitted(watcher.changed, wait=300):
        shutil.copy(TEMPLATE, user_folder / "new.yaml")


# ------------------------------------------------------------------------------- new routine


def test_the_template_makes_my_routine_then_my_routine_2_and_both_are_valid(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data" / "routines"
    first = create_from_template(TEMPLATE, folder)
    second = create_from_template(TEMPLATE, folder)
    assert (first.name, second.name) == ("my-routine.yaml", "my-routine-2.yaml")
    entries = load_files([first, second], "user")
    assert all(entry.valid for entry in entries), [str(e.error) for e in entries]
    assert [entry.id for entry in entries] == ["my-routine", "my-routine-2"]
    assert [entry.routine.name for entry in entries if entry.routine] == [
        "My routine", "My routine 2",
    ]  # fmt: skip
    assert "# " in second.read_text(encoding="utf-8")  # the comments are kept
    third = create_from_template(TEMPLATE, folder, taken_ids={"my-routine-3"})
    assert third.name == "my-routine-4.yaml"
