"""What the GUI thread was doing: every event whose delivery took a while, and every collection.

``DiaryApplication`` is a ``QApplication`` that times each event it delivers (the receiver's
class and the event's type) and, through ``gc.callbacks``, each garbage collection. A bench that
finds a late boundary asks ``Diary.around`` what ran in the moments before it.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

NS_PER_MS = 1_000_000
#: Shorter deliveries are not written down: they cannot make a boundary late by much.
WORTH_NOTING_NS = NS_PER_MS // 4


@dataclass(frozen=True, slots=True)
class Entry:
    start_ns: int
    took_ns: int
    what: str

    def __str__(self) -> str:
        return f"{self.what} {self.took_ns / NS_PER_MS:.1f} ms"


@dataclass
class Diary:
    entries: list[Entry] = field(default_factory=list)
    _gc_started: int = 0

    def __post_init__(self) -> None:
        gc.callbacks.append(self._on_gc)

    def close(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def note(self, start_ns: int, took_ns: int, what: str) -> None:
        if took_ns >= WORTH_NOTING_NS:
            self.entries.append(Entry(start_ns, took_ns, what))

    def around(self, due_ns: int, seen_ns: int, before_ns: int = 50 * NS_PER_MS) -> list[Entry]:
        """What was running from *before_ns* ahead of the instant *due_ns* until *seen_ns*,
        longest first."""
        start = due_ns - before_ns
        found = [e for e in self.entries if e.start_ns < seen_ns and e.start_ns + e.took_ns > start]
        return sorted(found, key=lambda e: -e.took_ns)

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        now = time.monotonic_ns()
        if phase == "start":
            self._gc_started = now
        else:
            what = f"garbage collection (generation {info['generation']})"
            self.note(self._gc_started, now - self._gc_started, what)


class DiaryApplication(QApplication):
    """A QApplication that keeps a ``Diary`` of slow event deliveries on the GUI thread."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.diary = Diary()

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        start = time.monotonic_ns()
        try:
            return super().notify(receiver, event)
        finally:
            took = time.monotonic_ns() - start
            if took >= WORTH_NOTING_NS:
                name = receiver.objectName() or type(receiver).__name__
                self.diary.note(start, took, f"{name} {event.type().name}")
