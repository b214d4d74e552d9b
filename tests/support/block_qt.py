"""A pytest plugin that makes Qt unimportable, to prove the core runs without it.

Used as ``pytest -p tests.support.block_qt tests/core``.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

BLOCKED = ("PySide6", "shiboken6")


class _QtBlocker(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.split(".")[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked: the core must run without Qt")
        return None


def pytest_configure() -> None:
    for name in list(sys.modules):
        if name.split(".")[0] in BLOCKED:
            raise RuntimeError(f"{name} was imported before Qt could be blocked")
    sys.meta_path.insert(0, _QtBlocker())


def pytest_unconfigure() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _QtBlocker)]
