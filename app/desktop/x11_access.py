"""What the X11 backends share: which display to ask, and their native libraries looked for once,
at the first question (finding a library runs ``ldconfig``), never at start-up."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["X11Access", "native_library"]


def native_library(name: str) -> ctypes.CDLL | None:
    """The system's ``lib<name>`` (``X11``, ``Xss``), or None where it is missing or will not
    load."""
    path = ctypes.util.find_library(name)
    if not path:
        return None
    try:
        return ctypes.CDLL(path)
    except OSError:
        return None


class X11Access(Generic[T]):
    """The display to ask (the one given, else ``$DISPLAY``) and the libraries *load* finds,
    looked for at the first question that has a display, and only then."""

    def __init__(self, load: Callable[[], T | None], display_name: str | None = None) -> None:
        self._load = load
        self._display_name = display_name
        self._looked = False
        self._libraries: T | None = None

    def ready(self) -> tuple[str, T] | None:
        """The display's name and the libraries; None without a display or without them."""
        name = self._display_name or os.environ.get("DISPLAY")
        if not name:
            return None
        if not self._looked:
            self._looked = True
            self._libraries = self._load()
        return None if self._libraries is None else (name, self._libraries)
