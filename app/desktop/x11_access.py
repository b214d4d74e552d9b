"""What the X11 backends share: which display to ask, and their native libraries looked for once,
at the first question (finding a library runs ``ldconfig``), never at start-up."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["FirstUse", "display_name"]


def display_name(given: str | None) -> str | None:
    """The X display to ask: the one given, else ``$DISPLAY``; None when there is none."""
    return given or os.environ.get("DISPLAY") or None


class FirstUse(Generic[T]):
    """What *find* returns, looked for at the first ``get()`` and only then (None: not there)."""

    def __init__(self, find: Callable[[], T | None]) -> None:
        self._find = find
        self._looked = False
        self._value: T | None = None

    def get(self) -> T | None:
        if not self._looked:
            self._looked = True
            self._value = self._find()
        return self._value
