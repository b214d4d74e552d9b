"""A call that must return: a test fails, rather than hanging the suite, if it never does."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def finishes(call: Callable[[], T]) -> T:
    """*call*'s result; fails (rather than hanging the suite) if it never returns. The wait is a
    hang guard, not a speed limit: a pipe opened for reading blocks forever, not for a while."""
    result: list[T] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(60)
    assert result, "blocked: the call never returned"
    return result[0]
