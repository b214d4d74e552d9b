"""The sound of one session: its buffers built before it starts, played as the player asks.

Nothing is synthesised once the session runs: ``prepare`` builds the whole cue bank, ``play``
only looks buffers up and hands them to the output.

Importing this module loads no numpy and no simpleaudio, and ``open`` touches no device: the
synthesis and the output load, and the device is probed, when the first session is prepared,
so the app starts without them (``bench/startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.routine.model import Routine
from app.core.session.clock import NS_PER_S, Clock
from app.core.session.player import CueDue
from app.core.session.timeline import Segment, Timeline
from app.core.settings.settings import Settings

if TYPE_CHECKING:
    from app.audio.cue_bank import CueBank
    from app.audio.narrators import VoiceSearch
    from app.audio.output import AudioOutput
    from app.audio.speech import SessionSpeech, SpeechSource

#: Renders a session's speech in a worker: (cancelled, progress(done, of)) → the speech.
SpeechJob = Callable[[Callable[[], bool], Callable[[int, int], None] | None], "SessionSpeech"]

#: At most this much speech is prepared mixed with its cue and ducked drone or breath tone; the
#: rest (long sessions of breath words) is mixed as it starts, without ducking.
SPOKEN_PREMIX_BUDGET_BYTES = 64 * 2**20
#: A voice still sounding this long before its planned end is cut when the next phase cue or
#: step starts (after a skip, or an open step ended early).
_CUT_MARGIN_NS = 50_000_000


class SimpleSessionSound:
    def __init__(
        self,
        output: AudioOutput,
        clock: Clock | None = None,
        speech: SpeechSource | Callable[[], SpeechSource] | None = None,
    ) -> None:
        self._output = output
        self._clock = clock
        self._speech_source = speech  # or what makes it, when first needed
        self._bank: CueBank | None = None
        self._muted = False
        self._notice: str | None = None
        # the layered buffer of each cue that starts a drone or breath tone, by the identities
        # of its parts (which the bank keeps alive)
        self._layered: dict[tuple[int, ...], bytes] = {}
        # per spoken segment: its first cue mixed with its speech (or the parts, past the
        # budget), and how long after the cue the speech ends (ns)
        self._spoken: dict[int, tuple[bytes | tuple[bytes, ...], int]] = {}
        self._speech_until: int | None = None
        self._finder: Callable[[], VoiceSearch] | None = None  # the voices, found once

    @classmethod
    def open(
        cls, clock: Clock, voices_dir: Path | None = None, cache_dir: Path | None = None
    ) -> SimpleSessionSound:
        """Sound through the default device, or silence with the reason when there is none;
        the device is opened when first needed. With *voices_dir*, sessions are spoken by the
        best voice found (looked for when first needed), cached in *cache_dir*."""
        if voices_dir is None:
            return cls(_OpenedWhenNeeded(clock), clock)
        from app.audio.narrators import VoiceFinder

        finder = VoiceFinder(voices_dir)

        def source() -> SpeechSource:
            from app.audio.speech import SpeechCache, SpeechSource

            cache = SpeechCache(cache_dir) if cache_dir is not None else None
            return SpeechSource(voices_dir, cache, search=finder)

        sound = cls(_OpenedWhenNeeded(clock), clock, source)
        sound._finder = finder
        return sound

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

    def speech_job(
        self, routine: Routine, timeline: Timeline, settings: Settings
    ) -> SpeechJob | None:
        """The work of rendering the session's speech (to run in a worker), or None when there
        is nothing to say (voice off, no spoken step, no source of speech)."""
        from app.core.session.speech_plan import speech_plan

        plan = speech_plan(timeline, settings.voice_mode)
        source = self._source()
        if source is None or not plan:
            return None
        volume = routine.sound.volume

        def job(
            cancelled: Callable[[], bool], progress: Callable[[int, int], None] | None
        ) -> SessionSpeech:
            return source.render(plan, settings, volume, cancelled=cancelled, progress=progress)

        return job

    def voice_choices(self) -> list[tuple[str, str]]:
        """The voices that can speak here, best first, as (id, name); the search runs once
        (start-up runs it in a worker, so the settings dialog finds it done)."""
        if self._finder is not None:
            found = self._finder()
        else:
            source = self._source()
            if source is None:
                return []
            found = source.voices()
        return [(narrator.id, narrator.name) for narrator in found.narrators]

    def _source(self) -> SpeechSource | None:
        if callable(self._speech_source):
            self._speech_source = self._speech_source()
        return self._speech_source

    def prepare(
        self,
        routine: Routine,
        timeline: Timeline,
        settings: Settings,
        speech: SessionSpeech | None = None,
    ) -> None:
        """Synthesise every buffer the session can need; the routine sets their loudness, the
        user's volume is the output's gain (so the slider works mid-session). *speech* (from
        :meth:`speech_job`) is mixed in with the cue of each spoken segment."""
        from app.audio.cue_bank import CueBank, ToneBudgetExceeded
        from app.audio.wav_cue import CueUnreadable

        notices: list[str] = []
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
                notices.append(f"the breath tone is off: {error}")
                breath_tone = False
            except CueUnreadable as error:  # gone, damaged, lying, rewritten: that cue only
                notices.append(
                    f"the routine's sound for {error.cue} ({error.path.name}) {error.reason}; "
                    "the built-in cue plays instead"
                )
                if error.cue not in cue_files:
                    raise
                cue_files = {name: file for name, file in cue_files.items() if name != error.cue}
        self._notice = "; ".join(notices) or None
        self._layered = _premix(self._bank, timeline)
        self._spoken = _with_speech(self._bank, timeline, speech) if speech else {}
        self._speech_until = None
        if speech is not None and speech.notice:
            self._notice = f"{self._notice}; {speech.notice}" if self._notice else speech.notice
        self._muted = settings.muted
        self._output.set_volume(settings.volume)

    def play(self, event: CueDue) -> None:
        """Hand the event's buffers (a cue, and with a segment's first cue its drone and breath
        tone) to the output as one, mixed before the session: every play opens the device again,
        and a mix takes a while."""
        if self._bank is None or self._muted:
            return
        segment = event.segment
        starts = segment is not None and bool(segment.cues) and event.cue == segment.cues[0]
        if starts and segment is not None:
            spoken = self._spoken.get(segment.index)
            self._cut_speech(segment, spoken is not None)
            if spoken is not None:
                pcm, length_ns = spoken
                self._output.play(pcm if isinstance(pcm, bytes) else _layer(pcm))
                now = self._clock() if self._clock is not None else None
                self._speech_until = None if now is None else now + length_ns
                return
        buffers = self._bank.for_event(event.cue, event.segment)
        if len(buffers) == 1:
            self._output.play(buffers[0])
            return
        layered = self._layered.get(tuple(map(id, buffers)))
        self._output.play(layered if layered is not None else _layer(buffers))

    def _cut_speech(self, segment: Segment, spoken: bool) -> None:
        """Silence a voice still speaking when a phase cue or another voice starts."""
        if self._speech_until is None or self._clock is None:
            return
        if not spoken and segment.kind != "breathe":
            return
        if self._clock() < self._speech_until - _CUT_MARGIN_NS:
            self._output.stop_all()
        self._speech_until = None

    def set_volume(self, volume: float) -> None:
        self._output.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        if muted:
            self._output.stop_all()

    def stop(self) -> None:
        self._output.stop_all()


#: At most this much sound is prepared pre-mixed (enough for the built-in routines, not for a long
#: ramp's breath tones); the layers of any other cue are mixed as it starts.
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


def _with_speech(
    bank: CueBank, timeline: Timeline, speech: SessionSpeech
) -> dict[int, tuple[bytes | tuple[bytes, ...], int]]:
    """Each spoken segment's first cue with its speech after it, the drone and breath tone
    ducked under the voice (within the budget), and when the speech ends (ns after the cue)."""
    from app.audio.speech_mix import delayed, ducked
    from app.audio.synth import RATE, samples_for_ms

    spoken: dict[int, tuple[bytes | tuple[bytes, ...], int]] = {}
    # Segments that say the same words after the same sounds share one buffer: a routine that
    # repeats its steps costs memory for its sentences, not for every time one is said.
    voices: dict[tuple[int, int], bytes] = {}
    mixes: dict[tuple[int, ...], bytes] = {}
    size = 0
    for utterance in speech.plan:
        pcm = speech.buffers.get(utterance.segment)
        segment = timeline.segments[utterance.segment]
        if pcm is None or not segment.cues:
            continue
        cue, *under = bank.for_event(segment.cues[0], segment)
        start = samples_for_ms(utterance.delay_ms)
        stop = start + len(pcm) // 2
        key = (id(pcm), utterance.delay_ms)
        if key not in voices:
            voices[key] = delayed(pcm, utterance.delay_ms)
        voice = voices[key]
        ends_ns = stop * NS_PER_S // RATE
        if size + len(voice) > SPOKEN_PREMIX_BUDGET_BYTES:
            spoken[utterance.segment] = ((cue, *under, voice), ends_ns)
            continue
        layers = (id(cue), *map(id, under), id(voice))
        if layers not in mixes:
            mixes[layers] = _layer((cue, *(ducked(part, start, stop) for part in under), voice))
            size += len(mixes[layers])
        spoken[utterance.segment] = (mixes[layers], ends_ns)
    return spoken
