"""The sound of one session: its buffers built before it starts, played as the player asks.

Nothing is synthesised once the session runs: ``prepare`` builds the whole cue bank, ``play``
only looks buffers up and hands them to the output.

Importing this module loads no numpy and no simpleaudio, and ``open`` touches no device: the
synthesis and the output load, and the device is probed, when the first session is prepared,
so the app starts without them (``bench/startup.py``).
"""

from __future__ import annotations

import wave
from typing import TYPE_CHECKING

from app.core.clock import Clock
from app.core.model import Routine
from app.core.player import CueDue
from app.core.settings import Settings
from app.core.timeline import Timeline

if TYPE_CHECKING:
    from app.audio.cue_bank import CueBank
    from app.audio.output import AudioOutput


class SimpleSessionSound:
    def __init__(self, output: AudioOutput) -> None:
        self._output = output
        self._bank: CueBank | None = None
        self._muted = False
        self._notice: str | None = None
        # the layered buffer of each cue that starts a drone or breath tone, by the identities
        # of its parts (which the bank keeps alive)
        self._layered: dict[tuple[int, ...], bytes] = {}

    @classmethod
    def open(cls, clock: Clock) -> SimpleSessionSound:
        """Sound through the default device, or silence with the reason when there is none;
        the device is opened when first needed."""
        return cls(_OpenedWhenNeeded(clock))

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
        from app.audio.cue_bank import CueBank, ToneBudgetExceeded

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
        self._layered = _premix(self._bank, timeline)
        self._muted = settings.muted
        self._output.set_volume(settings.volume)

    def play(self, event: CueDue) -> None:
        """Hand the event's buffers (a cue, and with a segment's first cue its drone and breath
        tone) to the output as one, mixed before the session: every play opens the device again,
        and a mix takes a while."""
        if self._bank is None or self._muted:
            return
        buffers = self._bank.for_event(event.cue, event.segment)
        if len(buffers) == 1:
            self._output.play(buffers[0])
            return
        layered = self._layered.get(tuple(map(id, buffers)))
        self._output.play(layered if layered is not None else _layer(buffers))

    def set_volume(self, volume: float) -> None:
        self._output.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if muted:
            self._output.stop_all()

    def stop(self) -> None:
        self._output.stop_all()


#: At most this much sound is prepared pre-mixed: the built-in routines need 1 to 2.3 MB, a long
#: ramp's breath tones could take 100 MB; the layers of any other cue are mixed as it starts.
PREMIX_BUDGET_BYTES = 8 * 2**20


class _OpenedWhenNeeded:
    """The default output, opened (simpleaudio and numpy loaded, the device probed) the first
    time it is needed rather than at start-up."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._output: AudioOutput | None = None

    def _opened(self) -> AudioOutput:
        if self._output is None:
            from app.audio.output import open_output

            self._output = open_output(self._clock)
        return self._output

    @property
    def problem(self) -> str | None:
        return self._opened().problem

    def play(self, pcm: bytes) -> None:
        self._opened().play(pcm)

    def stop_all(self) -> None:
        if self._output is not None:  # nothing has played yet
            self._output.stop_all()

    def set_volume(self, volume: float) -> None:
        self._opened().set_volume(volume)


def _layer(buffers: tuple[bytes, ...]) -> bytes:
    import numpy as np

    from app.audio.output import mix_pcm

    layered = np.frombuffer(buffers[0], dtype="<i2")
    for extra in buffers[1:]:
        layered = mix_pcm(layered, np.frombuffer(extra, dtype="<i2"))
    return layered.tobytes()


def _premix(bank: CueBank, timeline: Timeline) -> dict[tuple[int, ...], bytes]:
    """The layered buffer of every cue of *timeline* that comes with a drone or breath tone."""
    layered: dict[tuple[int, ...], bytes] = {}
    size = 0
    for segment in timeline.segments:
        if not segment.cues:
            continue
        buffers = bank.for_event(segment.cues[0], segment)
        key = tuple(map(id, buffers))
        if len(buffers) < 2 or key in layered:
            continue
        pcm = _layer(buffers)
        size += len(pcm)
        if size > PREMIX_BUDGET_BYTES:
            break
        layered[key] = pcm
    return layered
