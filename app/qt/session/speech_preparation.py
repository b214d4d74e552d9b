"""Renders a session's speech in a worker thread, so the window never waits on a voice.

The worker polls ``cancel`` between texts; its results reach the GUI thread as queued signals.
A progress line is only worth showing when the work takes a while: ``slow`` fires once, after
``SLOW_MS``, if the preparation has not finished by then. The object deletes itself once the
worker has sent its result, so one that was cancelled or replaced is never left behind.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from app.audio.session_sound import SpeechJob

#: Preparations that finish sooner than this show no progress line.
SLOW_MS = 300


class SpeechPreparation(QObject):
    progressed = Signal(int, int)  # texts done, of
    slow = Signal()
    ready = Signal(object)  # the SessionSpeech
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, job: SpeechJob, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._run, name="unbrace-speech", daemon=True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._maybe_slow)
        for signal in (self.ready, self.cancelled, self.failed):
            signal.connect(self._finish)

    def start(self) -> None:
        self._timer.start(SLOW_MS)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def running(self) -> bool:
        return not self._done

    def _maybe_slow(self) -> None:
        if not self._done:
            self.slow.emit()

    def _finish(self, *_: object) -> None:
        """The worker has sent its last word: this object goes (whoever started it may have
        let go of it already, after a cancel)."""
        self._done = True
        self._timer.stop()
        self.deleteLater()

    def _run(self) -> None:
        from app.audio.narrators import SpeechCancelled

        try:
            speech = self._job(self._cancel.is_set, self.progressed.emit)
        except SpeechCancelled:
            self.cancelled.emit()
            return
        except Exception as error:  # a voice that fails in a way nobody foresaw
            self.failed.emit(f"the voice could not be prepared ({error})")
            return
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.ready.emit(speech)
