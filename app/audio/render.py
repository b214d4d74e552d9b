"""A whole session's sound as one track, and a 16-bit mono WAV writer (``unbrace render-audio``).

The layout is the player's: a count-in of one click a second (``count_in_ms``, 3 s by default:
clicks at 0, 1 and 2 s), the first segment right after it, every segment's cues, drone and breath
tone at its start, and three bells when the last segment ends. Open segments last ``open_seconds``
(or their ``max`` when that is shorter). Every onset lands on sample ``round(ms * 44.1)``.
"""

from __future__ import annotations

import errno
import os
import stat
import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from app.audio.cue_bank import CueBank, LayerName
from app.audio.speech_mix import PlacedSpeech, add_speech, duck_gain, speech_end
from app.audio.synth import RATE, samples_for_ms
from app.core.files.atomic import replace_atomically
from app.core.files.state_files import kind_of
from app.core.routine.durations import format_clock
from app.core.routine.model import Sound
from app.core.session.player import COUNT_IN_MS
from app.core.session.timeline import Segment, Timeline

DEFAULT_COUNT_IN_MS = COUNT_IN_MS  # the track counts in as the player does
#: The layers that drop while the voice speaks, as they do in a session.
_UNDER_THE_VOICE = frozenset({"drone", "breath"})
_BLOCK = 1 << 18  # samples mixed at a time (about 6 s): a long track never needs an int32 copy


@dataclass(frozen=True, slots=True)
class Onset:
    """One buffer placed on the track: what, where, and for which segment (None: count-in, end)."""

    at_ms: int
    sample: int
    name: LayerName
    segment: int | None


def segment_starts_ms(
    timeline: Timeline, open_seconds: float, count_in_ms: int = DEFAULT_COUNT_IN_MS
) -> tuple[tuple[int, ...], int]:
    """When each segment starts on the track, and when the last one ends (ms)."""
    if open_seconds < 0 or count_in_ms < 0:
        raise ValueError("open_seconds and count_in_ms cannot be negative")
    open_ms = round(open_seconds * 1000)
    starts: list[int] = []
    clock = count_in_ms
    for segment in timeline.segments:
        starts.append(clock)
        clock += _length_ms(segment, open_ms)
    return tuple(starts), clock


def track_onsets(
    timeline: Timeline,
    sound: CueBank | Sound,
    open_seconds: float,
    *,
    count_in_ms: int = DEFAULT_COUNT_IN_MS,
) -> tuple[Onset, ...]:
    """Every buffer :func:`render_track` places, in order."""
    bank = _bank(timeline, sound)
    return tuple(onset for onset, _ in _placements(timeline, bank, open_seconds, count_in_ms))


#: The most sound data one WAV file can hold: its RIFF size field is 32 bits and counts the 36
#: header bytes after it (4 GiB, about 13.5 hours of 16-bit mono at 44.1 kHz).
MAX_WAV_DATA_BYTES = 2**32 - 1 - 36 - 1
WAV_HEADER_BYTES = 44


class TrackTooLong(ValueError):
    """A track that would not fit in one WAV file; the message says how long it would be."""


@dataclass(frozen=True, slots=True)
class TrackPlan:
    """Where every buffer goes on the track, and the track's length; nothing is mixed yet.

    The buffers are the bank's own (a thousand holds share one bell), so a plan costs the bank
    and a few bytes per onset, whatever the track's length.
    """

    placed: tuple[tuple[int, NDArray[np.int16]], ...]  # (first sample, buffer), by start
    length: int  # samples
    speech: tuple[PlacedSpeech, ...] = ()  # the spoken guidance, mixed in block by block
    #: for each of ``placed``: whether it is a drone or breath tone, which ducks under the voice
    under: tuple[bool, ...] = ()

    @property
    def wav_bytes(self) -> int:
        return WAV_HEADER_BYTES + 2 * self.length

    def check_fits(self) -> None:
        """Raise ``TrackTooLong`` when the track would not fit in a WAV file."""
        if 2 * self.length > MAX_WAV_DATA_BYTES:
            raise TrackTooLong(
                f"the track would last {format_clock(self.length * 1000 // RATE)} and take "
                f"{self.wav_bytes / 1e9:.1f} GB; a WAV file holds at most 4 GiB (about 13.5 "
                "hours): use a smaller --open-seconds"
            )


def plan_track(
    timeline: Timeline,
    sound: CueBank | Sound,
    open_seconds: float,
    *,
    count_in_ms: int = DEFAULT_COUNT_IN_MS,
    speech: Sequence[PlacedSpeech] = (),
) -> TrackPlan:
    """Every buffer :func:`render_track` places, and where (*speech* included)."""
    bank = _bank(timeline, sound)
    onsets = list(_placements(timeline, bank, open_seconds, count_in_ms))
    placed = tuple((onset.sample, np.frombuffer(pcm, dtype="<i2")) for onset, pcm in onsets)
    under = tuple(onset.name in _UNDER_THE_VOICE for onset, _ in onsets)
    length = max((start + samples.size for start, samples in placed), default=0)
    return TrackPlan(placed, max(length, speech_end(speech)), tuple(speech), under)


def track_blocks(plan: TrackPlan, block: int = _BLOCK) -> Iterator[NDArray[np.int16]]:
    """The track, *block* samples at a time (the last block shorter): each is the sum of the
    buffers that sound in it, saturated to int16. Memory is a few blocks, whatever the length."""
    under = plan.under or (False,) * len(plan.placed)
    # stable: same-sample order is kept
    placed = sorted(zip(plan.placed, under, strict=True), key=lambda item: item[0][0])
    active: list[tuple[tuple[int, NDArray[np.int16]], bool]] = []
    upcoming = 0
    for low in range(0, plan.length, block):
        high = min(low + block, plan.length)
        while upcoming < len(placed) and placed[upcoming][0][0] < high:
            active.append(placed[upcoming])
            upcoming += 1
        active = [item for item in active if item[0][0] + item[0][1].size > low]
        mixed = np.zeros(high - low, dtype=np.int32)
        quiet = duck_gain(low, high - low, plan.speech)  # None: no voice in this block
        ducked = np.zeros(high - low, dtype=np.int32) if quiet is not None else mixed
        for (start, samples), is_under in active:
            stop = start + samples.size
            into = ducked if is_under else mixed
            into[max(start, low) - low : min(stop, high) - low] += samples[
                max(low - start, 0) : min(high, stop) - start
            ]
        if quiet is not None:
            mixed += np.rint(ducked * quiet).astype(np.int32)
        add_speech(mixed, low, plan.speech)
        yield np.clip(mixed, -32768, 32767).astype(np.int16)


def render_track(
    timeline: Timeline,
    sound: CueBank | Sound,
    open_seconds: float,
    *,
    count_in_ms: int = DEFAULT_COUNT_IN_MS,
    speech: Sequence[PlacedSpeech] = (),
) -> NDArray[np.int16]:
    """The session's whole sound in memory: the sum of every placed buffer (and *speech*, placed
    with :func:`app.audio.speech_mix.place_speech`), saturated to int16.

    For short tracks and tests; ``unbrace render-audio`` streams with :func:`write_track`.
    """
    plan = plan_track(timeline, sound, open_seconds, count_in_ms=count_in_ms, speech=speech)
    track = np.zeros(plan.length, dtype=np.int16)
    position = 0
    for block in track_blocks(plan):
        track[position : position + block.size] = block
        position += block.size
    return track


def write_wav(path: Path, samples: NDArray[np.int16]) -> None:
    """Write 16-bit mono PCM at 44.1 kHz."""
    with path.open("wb") as stream, wave.open(stream, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.astype("<i2").tobytes())


def write_track(path: Path, plan: TrackPlan) -> None:
    """Write the track of *plan* to *path* as a 16-bit mono WAV, block by block.

    Refuses, before writing anything, a track too long for a WAV file (``TrackTooLong``) and a
    *path* that is there but is not a regular file (``IsADirectoryError``/``OSError``: a device or
    a pipe is never replaced). The file is written beside *path* under a temporary name and
    renamed at the end, so a full disk or a kill leaves the old file (or none), never a truncated
    one.
    """
    plan.check_fits()
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, f"it is {kind_of(mode)}, not a file")

    def fill(stream: BinaryIO) -> None:
        with wave.open(stream, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.setnframes(plan.length)
            for block in track_blocks(plan):
                out.writeframesraw(block.astype("<i2", copy=False).tobytes())

    replace_atomically(path, fill, _public_mode())  # what a killed render left goes too


def _public_mode() -> int:
    """0666 less the umask: what an ordinary new file gets (the temporary file starts 0600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _bank(timeline: Timeline, sound: CueBank | Sound) -> CueBank:
    if isinstance(sound, CueBank):
        return sound
    return CueBank.build(
        timeline, volume=sound.volume, breath_tone=sound.breath_tone, cue_files=sound.cues
    )


def _length_ms(segment: Segment, open_ms: int) -> int:
    if segment.duration_ms is not None:
        return segment.duration_ms
    return open_ms if segment.max_ms is None else min(open_ms, segment.max_ms)


def _placements(
    timeline: Timeline, bank: CueBank, open_seconds: float, count_in_ms: int
) -> Iterator[tuple[Onset, bytes]]:
    starts, end_ms = segment_starts_ms(timeline, open_seconds, count_in_ms)
    for at_ms in range(0, count_in_ms, 1000):
        yield Onset(at_ms, samples_for_ms(at_ms), "count", None), bank.cue("count")
    for segment, at_ms in zip(timeline.segments, starts, strict=True):
        for layer in bank.layers(segment):
            yield Onset(at_ms, samples_for_ms(at_ms), layer.name, segment.index), layer.pcm
    yield Onset(end_ms, samples_for_ms(end_ms), "end", None), bank.cue("end")
