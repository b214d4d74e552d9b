"""A session's speech, rendered before it starts and cached by (voice, text, rate).

``render_speech`` turns a speech plan into one ready buffer per spoken segment: a recorded
narration read from the routine's folder, or a text synthesised by the chosen voice (or read
from the cache, so the second start of a routine synthesises nothing). Each buffer is scaled to
the voice volume and faded out where its room ends, so it never reaches the next phase cue.
It runs in a worker thread; ``cancelled`` is polled between texts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import wave
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np

from app.audio.narrators import (
    Narrator,
    SpeechCancelled,
    SpeechError,
    VoiceSearch,
    find_voices,
    synthesize,
)
from app.audio.synth import RATE, samples_for_ms
from app.audio.wav_cue import read_cue_wav
from app.core.files.atomic import write_atomically
from app.core.session.speech_plan import Utterance
from app.core.settings.settings import Settings

#: How long a voice cut short by the next phase cue takes to fade out.
FADE_OUT_MS: Final = 250
_CACHE_FORMAT: Final = "1"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class SessionSpeech:
    """Ready speech for one session: the buffer to start with each spoken segment."""

    plan: tuple[Utterance, ...] = ()
    buffers: Mapping[int, bytes] = field(default_factory=dict)  # segment index → 16-bit PCM
    narrator: Narrator | None = None
    notice: str | None = None  # what could not be spoken, for the session page
    #: segment index → how long its speech lasts in full, before any fade at the end of its room
    spoken_ms: Mapping[int, int] = field(default_factory=dict)

    def delay_ms(self, segment: int) -> int:
        return next((u.delay_ms for u in self.plan if u.segment == segment), 0)


class SpeechCache:
    """Synthesised speech as WAV files in *folder*, one per (voice, text, rate)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, narrator: Narrator, text: str, wpm: int) -> Path:
        key = "\0".join((_CACHE_FORMAT, narrator.id, narrator.model or "", str(wpm), text))
        return self.folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.wav"

    def load(self, narrator: Narrator, text: str, wpm: int) -> bytes | None:
        try:
            with wave.open(str(self.path(narrator, text, wpm)), "rb") as source:
                if (source.getnchannels(), source.getsampwidth(), source.getframerate()) != (
                    1,
                    2,
                    RATE,
                ):
                    return None
                return source.readframes(source.getnframes())
        except (OSError, wave.Error, EOFError):
            return None

    def store(self, narrator: Narrator, text: str, wpm: int, pcm: bytes) -> None:
        """Keep *pcm*, written atomically; a cache that cannot be written is only slower."""
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(pcm)
        with contextlib.suppress(OSError):
            write_atomically(self.path(narrator, text, wpm), buffer.getvalue())


def render_speech(
    plan: tuple[Utterance, ...],
    narrator: Narrator | None,
    cache: SpeechCache | None,
    *,
    wpm: int,
    volume: float,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Progress | None = None,
) -> SessionSpeech:
    """The speech of *plan*; texts without a voice are left out and said in ``notice``."""
    texts = sorted({u.text for u in plan if u.voice_file is None and u.text})
    files = sorted({u.voice_file for u in plan if u.voice_file is not None})
    total, done = len(texts) + len(files), 0
    spoken: dict[str, bytes] = {}
    notice: str | None = None
    for path in files:
        _check(cancelled)
        try:
            spoken[path] = read_cue_wav(Path(path), 1.0)
        except (OSError, wave.Error, EOFError, ValueError) as error:
            notice = f"a recorded narration could not be read ({error})"
        done += 1
        _report(progress, done, total)
    if narrator is None and texts:
        notice = notice or "no voice is installed, so the steps are shown, not spoken"
    for text in texts:
        if narrator is None:
            break
        _check(cancelled)
        pcm = cache.load(narrator, text, wpm) if cache is not None else None
        if pcm is None:
            try:
                pcm = synthesize(narrator, text, wpm, cancelled)
            except SpeechError as error:  # this text is shown, not said; the others are said
                notice = notice or str(error)
                done += 1
                _report(progress, done, total)
                continue
            if cache is not None:
                cache.store(narrator, text, wpm, pcm)
        spoken[text] = pcm
        done += 1
        _report(progress, done, total)
    buffers: dict[int, bytes] = {}
    lengths: dict[int, int] = {}
    # A thousand holds saying the same words share one buffer: memory follows the texts, not
    # the segments.
    shaped: dict[tuple[str, int | None], bytes] = {}
    for utterance in plan:
        said = utterance.voice_file or utterance.text
        pcm = spoken.get(said)
        if pcm is not None:
            key = (said, utterance.room_ms)
            if key not in shaped:
                shaped[key] = fitted(pcm, utterance.room_ms, volume)
            buffers[utterance.segment] = shaped[key]
            lengths[utterance.segment] = len(pcm) // 2 * 1000 // RATE
    return SessionSpeech(plan, buffers, narrator, notice, lengths)


def fitted(pcm: bytes, room_ms: int | None, volume: float) -> bytes:
    """*pcm* times *volume*, faded out over ``FADE_OUT_MS`` where *room_ms* ends."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) * np.float32(volume)
    if room_ms is not None:
        room = samples_for_ms(room_ms)
        if samples.size > room:
            samples = samples[:room]
            fade = min(room, samples_for_ms(FADE_OUT_MS))
            if fade:
                samples[room - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    out: bytes = np.clip(np.rint(samples), -32768, 32767).astype("<i2").tobytes()
    return out


def _check(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise SpeechCancelled


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


class SpeechSource:
    """Where a session's speech comes from: the voices found here (looked for once, on first
    need, in the worker that prepares the first spoken session) and the cache."""

    def __init__(
        self,
        voices_dir: Path,
        cache: SpeechCache | None,
        search: Callable[[Path], VoiceSearch] | None = None,
    ) -> None:
        self._voices_dir = voices_dir
        self._cache = cache
        self._search = search or find_voices
        self._found: VoiceSearch | None = None
        self._lock = threading.Lock()

    def voices(self) -> VoiceSearch:
        with self._lock:
            if self._found is None:
                self._found = self._search(self._voices_dir)
            return self._found

    def render(
        self,
        plan: tuple[Utterance, ...],
        settings: Settings,
        routine_volume: float,
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Progress | None = None,
    ) -> SessionSpeech:
        needs_voice = any(u.voice_file is None and u.text for u in plan)
        narrator = self.voices().choose(settings.voice) if needs_voice else None
        return render_speech(
            plan,
            narrator,
            self._cache,
            wpm=settings.speech_rate,
            volume=settings.voice_volume * routine_volume,
            cancelled=cancelled,
            progress=progress,
        )
