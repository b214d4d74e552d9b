"""The sound of one session: its buffers built before it starts, played as the player asks.

Nothing is synthesised once the session runs: ``prepare`` builds the whole cue bank, ``play``
only looks buffers up and hands them to the output.
"""

from __future__ import annotations

import wave

from app.audio.cue_bank import CueBank, ToneBudgetExceeded
from app.audio.output import AudioOutput, open_output
from app.core.clock import Clock
from app.core.model import Routine
from app.core.player import CueDue
from app.core.settings import Settings
from app.core.timeline import Timeline


class SimpleSessionSound:
    def __init__(self, output: AudioOutput) -> None:
        self._output = output
        self._bank: CueBank | None = None
        self._muted = False
        self._notice: str | None = None

    @classmethod
    def open(cls, clock: Clock) -> SimpleSessionSound:
        """Sound through the default device, or silence with the reason when there is none."""
        return cls(open_output(clock))

    @property
    def problem(self) -> str | None:
        """Why there is no sound at all (no device, no simpleaudio), or None."""
        return self._output.problem

    @property
    def notice(self) -> str | None:
        """What of the session's sound could not be prepared as the routine asked, or None."""
        return self._notice

    @property
    def bank(self) -> CueBank | None:
        return self._bank

    def prepare(self, routine: Routine, timeline: Timeline, settings: Settings) -> None:
        """Synthesise every buffer the session can need; the routine sets their loudness, the
        user's volume is the output's gain (so the slider works mid-session)."""
        self._notice = None
        breath_tone = settings.breath_tone or routine.sound.breath_tone
        cue_files = dict(routine.sound.cues)
        while True:
            try:
                self._bank = CueBank.build(
                    timeline,
                    volume=routine.sound.volume,
                    breath_tone=breath_tone,
                    cue_files=cue_files,
                )
                break
            except ToneBudgetExceeded as error:
                self._notice = f"the breath tone is off: {error}"
                breath_tone = False
            except (OSError, wave.Error, EOFError) as error:  # a cue file gone or damaged
                self._notice = (
                    f"the routine's own sounds could not be read ({error}); "
                    "the built-in cues play instead"
                )
                cue_files = {}
        self._muted = settings.muted
        self._output.set_volume(settings.volume)

    def play(self, event: CueDue) -> None:
        if self._bank is None or self._muted:
            return
        for pcm in self._bank.for_event(event.cue, event.segment):
            self._output.play(pcm)

    def set_volume(self, volume: float) -> None:
        self._output.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if muted:
            self._output.stop_all()

    def stop(self) -> None:
        self._output.stop_all()
