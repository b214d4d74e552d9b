"""The check that fails a test leaving a QTimer running, run on tests written for it."""

from __future__ import annotations

import pytest

LEAKY_TESTS = """
from PySide6.QtCore import QObject, QTimer

kept = []


class Page(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.refresh = QTimer(self)
        self.refresh.setObjectName("page-refresh")
        self.refresh.setInterval(60_000)

    def close(self) -> None:
        self.refresh.stop()


def test_leaves_a_page_refreshing(qapp):
    page = Page()
    page.refresh.start()
    kept.append(page)  # still reachable after the test, as a forgotten page would be


def test_closes_what_it_opened(qapp):
    page = Page()
    page.refresh.start()
    kept.append(page)
    page.close()


def test_a_single_shot_still_pending(qapp):
    QTimer.singleShot(60_000, lambda: None)


def test_a_timer_that_goes_with_its_object(qapp):
    page = Page()
    page.refresh.start()
    del page  # the page is deleted, and its timer with it
"""


def test_a_timer_left_running_fails_the_test_that_left_it(
    pytester: pytest.Pytester, qapp: object
) -> None:
    """The tests that leave a timer running error, each naming its timer (and the timer's
    owner); the ones that stop theirs, or whose timer went with its object, pass. What was
    reported is stopped, so it cannot fire in the tests after it."""
    from tests.support.timer_check import running_timers

    pytester.makepyfile(test_leaky=LEAKY_TESTS)
    outcome = pytester.runpytest_inprocess("-p", "tests.support.timer_check", "-q")

    outcome.assert_outcomes(passed=4, errors=2)
    errors = [line for line in outcome.stdout.lines if line.startswith("ERROR")]
    assert [line.split(" - ")[0] for line in errors] == [
        "ERROR test_leaky.py::test_leaves_a_page_refreshing",
        "ERROR test_leaky.py::test_a_single_shot_still_pending",  # a wake-up still to come
    ]
    said = [line for line in outcome.stdout.lines if line.startswith("the test left")]
    assert said == [
        "the test left 1 timer(s) running: page-refresh of Page (every 60000 ms)",
        "the test left 1 timer(s) running: an unnamed timer (every 60000 ms)",
    ]
    assert [timer for timer in running_timers() if timer.interval() == 60_000] == []
