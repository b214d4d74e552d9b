"""One worker thread that runs the history's writes in order, so no caller waits on the disk.

A commit in the history is durable (``synchronous = FULL``): it waits for the disk to say the
data is there, which can take tens of milliseconds on a busy or slow disk. A session's writes
(its progress every few seconds, a journal entry, its end) are handed to this worker instead, so
the thread that sounds the cues never waits for one. Work runs in the order it was given; a
caller that needs what was written (a read, or a write that must come after) first waits for
everything given before it (``drain``). A write that has not run yet when the process is killed
is lost, like any write not yet made; one that has run is as safe as every commit.

Nothing runs on a thread until ``start``: before it, and after ``stop``, work runs at once on the
caller's thread, as it would without a worker.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

_log = logging.getLogger("unbrace.history")

Work = Callable[[], None]


class WriteBehind:
    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Work | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Run work given from now on, on a worker thread."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="unbrace-history", daemon=True)
        self._thread.start()

    def submit(self, work: Work) -> None:
        """Run *work* after everything given before it: on the worker once started, else now."""
        if self._thread is None:
            work()
        else:
            self._queue.put(work)

    def on_worker(self) -> bool:
        """Whether this is the worker thread (which never waits for itself)."""
        return self._thread is not None and threading.current_thread() is self._thread

    def drain(self) -> None:
        """Return once everything given before this call has run."""
        if self._thread is None or self.on_worker():
            return
        done = threading.Event()
        self._queue.put(done.set)
        done.wait()

    def stop(self) -> None:
        """Run what is left, then end the worker; later work runs at once again."""
        thread = self._thread
        if thread is None or self.on_worker():
            return
        self._queue.put(None)
        thread.join()
        self._thread = None

    def _run(self) -> None:
        while (work := self._queue.get()) is not None:
            try:
                work()
            except Exception:  # a defect in one write must not end the writes after it
                _log.exception("a history write failed unexpectedly")
