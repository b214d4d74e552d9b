"""Which sound each cue name makes, and how loud each is relative to the others.

``Voices`` is the seam between the cue bank and the synthesiser: the bank asks it for every buffer
a session needs, and tests hand the bank a counting wrapper to prove that lookups never synthesise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final, Literal, Protocol, get_args

from app.audio import synth
from app.audio.synth import BreathPhase, Samples

#: Every sound a player event can name: the timeline's cues, the count-in and the end of a session.
CueName = Literal["bell", "inhale", "exhale", "hold", "tick", "count", "end"]
CUE_NAMES: Final[tuple[CueName, ...]] = get_args(CueName)

#: Peak level of each sound at full volume: quieter sounds for the frequent cues.
CUE_LEVELS: Final[Mapping[CueName, float]] = MappingProxyType(
    {
        "bell": 0.6,
        "inhale": 0.4,
        "exhale": 0.4,
        "hold": 0.25,
        "tick": 0.3,
        "count": 0.35,
        "end": 0.6,
    }
)
DRONE_LEVEL: Final = 0.2
BREATH_TONE_LEVEL: Final = 0.3

_CUE_SOUNDS: Final[Mapping[CueName, Callable[[float], Samples]]] = MappingProxyType(
    {
        "bell": synth.bell,
        "inhale": synth.rising_tone,
        "exhale": synth.falling_tone,
        "hold": lambda level: synth.tick(level, hz=880.0),
        "tick": synth.tick,
        "count": synth.count_click,
        "end": synth.end_bells,
    }
)


class Voices(Protocol):
    """Synthesises the buffers of one session at one volume (0..1), as 16-bit PCM."""

    def cue(self, name: CueName, volume: float) -> bytes: ...

    def drone(self, hz: float, duration_ms: int, volume: float) -> bytes: ...

    def breath_tone(self, phase: BreathPhase, duration_ms: int, volume: float) -> bytes: ...


class SynthVoices:
    """The voices of :mod:`app.audio.synth`; the breath noise loop is made once, on first need."""

    def __init__(self) -> None:
        self._noise: Samples | None = None

    def cue(self, name: CueName, volume: float) -> bytes:
        return synth.to_pcm16(_CUE_SOUNDS[name](CUE_LEVELS[name] * volume))

    def drone(self, hz: float, duration_ms: int, volume: float) -> bytes:
        return synth.to_pcm16(synth.drone(hz, duration_ms, DRONE_LEVEL * volume))

    def breath_tone(self, phase: BreathPhase, duration_ms: int, volume: float) -> bytes:
        if self._noise is None:
            self._noise = synth.noise_loop()
        level = BREATH_TONE_LEVEL * volume
        return synth.breath_tone_pcm16(phase, duration_ms, level, self._noise)
