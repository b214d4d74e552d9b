"""What the voice says in a session, and when: a pure plan computed from the timeline.

Each spoken step (guide, move, rest, hold, check-in, journal) says its ``say`` text (by default
its label and prompt) just after the bell that starts it; with breath words on, each breath phase
also says its pacer word (In, Hold, Out, Hum...) just after its phase cue. An utterance has
``room_ms`` to finish before the next phase cue or the next utterance; the audio layer fades it
out there, so the voice never talks over the breath. An open segment (a hold, a check-in, a
journal) on the way leaves the room open: it ends when the user says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from app.core.session.timeline import Segment, Timeline
from app.core.settings.settings import VoiceMode

VOICE_MODES: Final[tuple[VoiceMode, ...]] = ("off", "prompts", "breath_words")

#: A step's words start this long after its bell strikes (the bell rings on under them).
PROMPT_DELAY_MS: Final = 600
#: A breath word starts once the phase cue (at most 0.45 s) has sounded.
WORD_DELAY_MS: Final = 500


@dataclass(frozen=True, slots=True)
class Utterance:
    """One thing said: with which segment, how long after its start, and how long it may last."""

    segment: int
    text: str
    delay_ms: int
    room_ms: int | None  # None: an open segment comes before the next phase cue or utterance
    voice_file: str | None = None  # the step's recorded narration, played instead of a voice
    step: int = 0
    is_breath_word: bool = False


def speech_plan(timeline: Timeline, mode: VoiceMode) -> tuple[Utterance, ...]:
    """Every utterance of *timeline*, in order, for the voice *mode*."""
    if mode == "off":
        return ()
    said: list[tuple[Segment, str, bool]] = []
    for segment in timeline.segments:
        if segment.say is not None or segment.voice is not None:
            said.append((segment, segment.say or "", False))
        elif mode == "breath_words" and segment.kind == "breathe" and segment.phase is not None:
            said.append((segment, segment.word, True))
    speaking = {segment.index for segment, _, _ in said}
    utterances = []
    for segment, text, word in said:
        delay = WORD_DELAY_MS if word else PROMPT_DELAY_MS
        room = _room_ms(timeline.segments, segment, delay, speaking)
        utterances.append(
            Utterance(segment.index, text, delay, room, segment.voice, segment.step, word)
        )
    return tuple(utterances)


def _room_ms(
    segments: tuple[Segment, ...], start: Segment, delay_ms: int, speaking: set[int]
) -> int | None:
    """From the utterance's start to the next phase cue or utterance; None past an open one."""
    room = 0
    for segment in segments[start.index :]:
        if segment is not start and (segment.kind == "breathe" or segment.index in speaking):
            break
        if segment.duration_ms is None:
            return None
        room += segment.duration_ms
    return max(0, room - delay_ms)
