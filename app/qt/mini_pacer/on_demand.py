"""The mini pacer as the app holds it: its controller, its window and its timing are built
the first time the user asks it to breathe.

Started in the tray (at login, say), the app builds only what the reminders need
(``app.qt.shell.on_demand``). The tray's "Breathe while working", ``unbrace pacer`` and the
library's button all come here; the first of them builds the controller (``make``), with the
routine model and the timeline compiler it paces from, and nothing of the window: resonance
breathing is a pattern of its own, and a routine asked for by name is looked up with
``routine_named`` (in the library the window holds if it is built, else read from the routine
folders for that one look). The history is opened when the pacer first keeps a practice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.routine.model import Routine
    from app.qt.mini_pacer.controller import MiniPacerController

log = logging.getLogger("unbrace.pacer")


class PacerOnDemand:
    """Starts, stops and tells about the mini pacer, building it (once) when it first starts.
    *warn* tells the user why a routine cannot be paced."""

    def __init__(
        self,
        make: Callable[[], MiniPacerController],
        routine_named: Callable[[str], Routine | None],
        warn: Callable[[str], None],
    ) -> None:
        self._make: Callable[[], MiniPacerController] | None = make
        self._routine_named = routine_named
        self._warn = warn
        self._built: MiniPacerController | None = None
        self._waiting: list[Callable[[MiniPacerController], None]] = []
        self._session_running = False

    @property
    def built(self) -> MiniPacerController | None:
        return self._built

    @property
    def running(self) -> bool:
        return self._built is not None and self._built.running

    def get(self) -> MiniPacerController:
        """The controller, built now if it is not yet."""
        if self._built is None:
            make, self._make = self._make, None
            assert make is not None, "the mini pacer is being built already"
            built = make()
            built.set_session_running(self._session_running)
            self._built = built
            waiting, self._waiting = self._waiting, []
            for then in waiting:
                then(built)
        return self._built

    def when_built(self, then: Callable[[MiniPacerController], None]) -> None:
        """Call *then* with the controller: now if it is built, else once it is."""
        if self._built is None:
            self._waiting.append(then)
        else:
            then(self._built)

    def start(self, name: str | None, minutes: int | None, step: int = 1) -> bool:
        """Breathe resonance breathing (*name* None) or the *step*-th breathe step of the
        routine *name* (an id or a path) for *minutes* (None: until stopped); the user is told
        when the routine has no such step. False if it did not start."""
        from app.core.session.mini_pacer import RESONANCE, breath_pattern

        routine = RESONANCE if name is None else self._routine_named(name)
        if routine is None:
            return False
        try:
            pattern = breath_pattern(routine, step)
        except ValueError as error:
            log.warning("%s", error)
            self._warn(f"{error}.")
            return False
        self.get().start(pattern, minutes)
        return True

    def stop(self) -> None:
        if self._built is not None:
            self._built.stop()

    def start_moving(self) -> None:
        if self._built is not None:
            self._built.start_moving()

    def set_session_running(self, running: bool) -> None:
        """A session in the main window: the orb, if there is one, steps aside until it ends."""
        self._session_running = running
        if self._built is not None:
            self._built.set_session_running(running)

    def set_reduced_motion(self, reduced: bool) -> None:
        if self._built is not None:
            self._built.set_reduced_motion(reduced)
