"""Every buffer a session can need, synthesised before it starts, as 16-bit PCM ready to play.

A cue must never wait for synthesis: the bank is built once from the timeline (one buffer per cue
name, one drone per distinct (Hz, length), one breath-tone buffer per distinct (phase, length)),
and its lookups only read dictionaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal, cast

from app.audio.synth import BreathPhase
from app.audio.voices import CUE_NAMES, CueName, SynthVoices, Voices
from app.audio.wav_cue import read_routine_cue
from app.core.session.timeline import Segment, Timeline

DroneKey = tuple[float, int]  # (Hz, duration in ms)
ToneKey = tuple[BreathPhase, int]  # (breath phase, duration in ms)
LayerName = Literal["bell", "inhale", "exhale", "hold", "tick", "count", "end", "drone", "breath"]

_BREATH_PHASES: frozenset[str] = frozenset(("inhale", "hold_in", "exhale", "hold_out"))


@dataclass(frozen=True, slots=True)
class Layer:
    """One buffer that starts with a segment: a cue, the drone or the breath tone."""

    name: LayerName
    pcm: bytes


def drone_key(segment: Segment) -> DroneKey | None:
    """The drone a segment sounds under it (exhales of humming steps), if any."""
    if segment.drone_hz is None or segment.duration_ms is None:
        return None
    return (segment.drone_hz, segment.duration_ms)


#: Breath tones are exact to the millisecond; when that would take more than MAX_TONE_MS of
#: distinct sound (a long ramp changes every breath), they are made in steps of TONE_STEP_MS
#: instead and shared (the tone fades out at its end, so the step is hardly heard).
TONE_STEP_MS = 250
#: At most this much distinct breath tone is prepared for one session (about 110 MB of sound).
MAX_TONE_MS = 20 * 60_000


class ToneBudgetExceeded(ValueError):
    """A routine whose breaths vary so much that its breath tone would take too much memory."""


def tone_key(segment: Segment, step_ms: int = 1) -> ToneKey | None:
    """The breath tone of a fixed breath phase, if the segment is one, its length rounded to
    *step_ms*."""
    if segment.kind != "breathe" or segment.duration_ms is None:
        return None
    if segment.phase not in _BREATH_PHASES:
        return None
    stepped = max(step_ms, round(segment.duration_ms / step_ms) * step_ms)
    return (cast(BreathPhase, segment.phase), stepped)


def tone_step_ms(timeline: Timeline) -> int:
    """The step breath tones of *timeline* are made in: exact (1 ms) when that fits the budget,
    else TONE_STEP_MS; raises ``ToneBudgetExceeded`` when even that does not fit."""
    for step in (1, TONE_STEP_MS):
        keys = {key for segment in timeline.segments if (key := tone_key(segment, step))}
        if sum(ms for _, ms in keys) <= MAX_TONE_MS:
            return step
    raise ToneBudgetExceeded("the breaths of this routine vary too much to prepare its breath tone")


class CueBank:
    """Ready PCM for one session. Build it with :meth:`build` before the session starts."""

    def __init__(
        self,
        cues: Mapping[CueName, bytes],
        drones: Mapping[DroneKey, bytes],
        tones: Mapping[ToneKey, bytes],
        *,
        volume: float,
        breath_tone: bool,
        tone_step_ms: int = 1,
    ) -> None:
        self._tone_step_ms = tone_step_ms
        missing = [name for name in CUE_NAMES if name not in cues]
        if missing:
            raise ValueError(f"a cue bank needs every cue; missing: {', '.join(missing)}")
        self._cues = MappingProxyType(dict(cues))
        self._drones = MappingProxyType(dict(drones))
        self._tones = MappingProxyType(dict(tones))
        self._volume = volume
        self._breath_tone = breath_tone

    @classmethod
    def build(
        cls,
        timeline: Timeline,
        *,
        volume: float,
        breath_tone: bool,
        voices: Voices | None = None,
        cue_files: Mapping[CueName, str] | None = None,
    ) -> CueBank:
        """Synthesise every buffer ``timeline`` can need, each distinct one once; a cue named in
        *cue_files* (a routine's own WAV files) is read instead, and checked again as it is
        read: ``CueUnreadable`` names the first one that cannot be played."""
        if not 0.0 <= volume <= 1.0:
            raise ValueError(f"volume is between 0 and 1, not {volume}")
        voices = voices if voices is not None else SynthVoices()
        files = cue_files or {}
        cues = {
            name: read_routine_cue(name, Path(files[name]), volume)
            if name in files
            else voices.cue(name, volume)
            for name in CUE_NAMES
        }
        drones: dict[DroneKey, bytes] = {}
        tones: dict[ToneKey, bytes] = {}
        step = tone_step_ms(timeline) if breath_tone else 1
        for segment in timeline.segments:
            drone = drone_key(segment)
            if drone is not None and drone not in drones:
                drones[drone] = voices.drone(*drone, volume)
            tone = tone_key(segment, step) if breath_tone else None
            if tone is not None and tone not in tones:
                tones[tone] = voices.breath_tone(*tone, volume)
        return cls(cues, drones, tones, volume=volume, breath_tone=breath_tone, tone_step_ms=step)

    # ------------------------------------------------------------------------------- lookups

    @property
    def volume(self) -> float:
        return self._volume

    def cue(self, name: str) -> bytes:
        """The buffer of a cue name (a timeline cue, ``count`` or ``end``)."""
        try:
            return self._cues[cast(CueName, name)]
        except KeyError:
            raise KeyError(f"no cue named {name!r}") from None

    def drone(self, segment: Segment) -> bytes | None:
        key = drone_key(segment)
        return None if key is None else self._drones[key]

    def breath_tone(self, segment: Segment) -> bytes | None:
        key = tone_key(segment, self._tone_step_ms) if self._breath_tone else None
        return None if key is None else self._tones[key]

    def layers(self, segment: Segment) -> tuple[Layer, ...]:
        """Everything that starts with ``segment``: its cues in order, drone and breath tone."""
        layers = [Layer(cast(CueName, name), self.cue(name)) for name in segment.cues]
        drone = self.drone(segment)
        if drone is not None:
            layers.append(Layer("drone", drone))
        tone = self.breath_tone(segment)
        if tone is not None:
            layers.append(Layer("breath", tone))
        return tuple(layers)

    def for_event(self, cue: str, segment: Segment | None) -> tuple[bytes, ...]:
        """The buffers to play for one ``CueDue(cue, segment, ...)`` of the player.

        The player sends one event per cue of a segment, in order; the segment's drone and breath
        tone come with its first cue, so they start once.
        """
        buffers = [self.cue(cue)]
        if segment is not None and segment.cues and cue == segment.cues[0]:
            for extra in (self.drone(segment), self.breath_tone(segment)):
                if extra is not None:
                    buffers.append(extra)
        return tuple(buffers)

    @property
    def nbytes(self) -> int:
        """How much memory the buffers take."""
        buffers = [*self._cues.values(), *self._drones.values(), *self._tones.values()]
        return sum(len(pcm) for pcm in buffers)
