"""A test fails when it leaves a QTimer running: a page, a driver or a store that is gone must not
go on waking the app.

Loaded as a plugin by ``tests/conftest.py``. After the test and its fixtures have been torn down
(pytest-qt has closed the widgets the test handed to ``qtbot``, and what they put off deleting is
deleted), every timer Python can still reach that is active and was not active before the test
is reported, by its object name and its owner's class, and stopped, so that it cannot go on
firing in the tests after it. Timers are found among all the Qt objects Python holds a wrapper
of, however they are owned (``Shiboken.getAllValidWrappers``), so a timer kept alive by a
forgotten Python reference is found as well as one inside a closed window.

Where Qt was never imported (the Qt-free tests) there can be no timer, and nothing is asked.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

__all__ = ["running_timers"]


def running_timers() -> list[Any]:
    """The active ``QTimer`` objects that Python can reach (none when Qt is not loaded)."""
    if "PySide6.QtCore" not in sys.modules:
        return []
    # Imported only where the test already loaded Qt (the Qt-free runs block it).
    from PySide6.QtCore import QTimer  # noqa: TID251
    from shiboken6 import Shiboken  # noqa: TID251

    return [
        wrapper
        for wrapper in Shiboken.getAllValidWrappers()
        if isinstance(wrapper, QTimer) and Shiboken.isValid(wrapper) and wrapper.isActive()
    ]


def _delete_what_was_put_off() -> None:
    """Run the pending ``deleteLater`` calls: a window closed and deleted is gone for the user."""
    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent  # noqa: TID251

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _describe(timer: Any) -> str:
    parent = timer.parent()
    owner = f" of {type(parent).__name__}" if parent is not None else ""
    name = timer.objectName() or "an unnamed timer"
    return f"{name}{owner} (every {timer.interval()} ms)"


@pytest.fixture(autouse=True)
def _fail_on_running_timers() -> Iterator[None]:
    """Fails the test that leaves a timer running that it did not find running."""
    before = running_timers()  # held, so that their ids stay theirs while the test runs
    known = {id(timer) for timer in before}
    yield
    _delete_what_was_put_off()
    left = [timer for timer in running_timers() if id(timer) not in known]
    if not left:
        return
    said = "; ".join(_describe(timer) for timer in left)
    for timer in left:
        timer.stop()
    pytest.fail(f"the test left {len(left)} timer(s) running: {said}", pytrace=False)
