"""The voices that can speak a session's words, found on this machine, best first.

Best first: Piper (a neural voice, when the ``piper`` module is importable *and* the user has put a
voice model in the data folder's ``voices/``), then the system synthesisers — flite with its most
natural voice (slt, then awb, rms, kal16, kal), then espeak-ng. Finding them costs a lookup on
``PATH``, a module search without import, a folder listing and one ``flite -lv``; nothing is ever
downloaded. Each engine runs as a subprocess that writes a WAV file, read back with the cue
reader (resampled to 44.1 kHz): a voice is only used through the files it writes. Finding the
voices loads no numpy (the app looks for them at start-up).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from app.core.routine.sound_files import SoundLimits

EngineKind = Literal["piper", "flite", "espeak-ng"]

#: The flite voices, most natural first (the clustergen and diphone voices that ship in Debian).
FLITE_VOICES: Final = ("slt", "awb", "rms", "kal16", "kal")
#: flite speaks about this many words a minute at its natural pace; piper about 150.
FLITE_WPM: Final = 175
PIPER_WPM: Final = 150
#: The calm default pace, in words a minute.
DEFAULT_WPM: Final = 140
SYNTH_TIMEOUT_S: Final = 60.0
#: Speech is brought to this peak before the user's voice volume applies.
SPEECH_PEAK: Final = 0.7
#: What a voice may write for one text: a prompt of the longest length a routine allows, said at
#: the slowest pace the settings offer, fits well within it (a cue's 30 s would not).
SPEECH_LIMITS: Final = SoundLimits(64 * 1024 * 1024, 600.0, "spoken text")


class SpeechError(RuntimeError):
    """A voice that failed to speak a text; the message is for the user."""


class SpeechCancelled(Exception):
    """The user cancelled the preparation of the session's voice."""


@dataclass(frozen=True, slots=True)
class Narrator:
    """One voice: how it is named to the user and in the cache, and the command that runs it."""

    id: str  # "piper:en_US-lessac-medium", "flite:slt", "espeak-ng"
    name: str  # "Piper (en_US-lessac-medium)", "flite (slt)", "espeak-ng"
    kind: EngineKind
    program: str  # the executable (for piper: the Python interpreter)
    model: str | None = None  # flite's voice name, piper's model file

    def command(self, text_file: Path, out: Path, wpm: int) -> list[str]:
        """The command line that speaks the text in *text_file* into the WAV *out*."""
        if self.kind == "flite":
            stretch = f"duration_stretch={FLITE_WPM / wpm:.3f}"
            voice = ["-voice", self.model] if self.model else []
            return [self.program, *voice, "--setf", stretch, "-f", str(text_file), "-o", str(out)]
        if self.kind == "espeak-ng":
            return [self.program, "-s", str(wpm), "-f", str(text_file), "-w", str(out)]
        assert self.model is not None
        scale = f"{PIPER_WPM / wpm:.3f}"
        return [
            self.program, "-m", "piper", "-m", self.model, "-f", str(out),
            "--length_scale", scale, "--input-file", str(text_file),
        ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class VoiceSearch:
    """What was found: the voices best first, and a line about Piper for ``unbrace doctor``."""

    narrators: tuple[Narrator, ...]
    piper: str

    def choose(self, wanted: str) -> Narrator | None:
        """The voice the user chose (by id), else the best one; None when there is none."""
        for narrator in self.narrators:
            if narrator.id == wanted:
                return narrator
        return self.narrators[0] if self.narrators else None


class VoiceFinder:
    """Looks for the voices once, on first need, from whichever thread asks first."""

    def __init__(self, voices_dir: Path) -> None:
        self.voices_dir = voices_dir
        self._found: VoiceSearch | None = None
        self._lock = threading.Lock()

    def __call__(self, _voices_dir: Path | None = None) -> VoiceSearch:
        with self._lock:
            if self._found is None:
                self._found = find_voices(self.voices_dir)
            return self._found


Which = Callable[[str], str | None]
HasModule = Callable[[str], bool]
Run = Callable[[Sequence[str]], str]


def find_voices(
    voices_dir: Path,
    *,
    which: Which = shutil.which,
    has_module: HasModule | None = None,
    run: Run | None = None,
) -> VoiceSearch:
    """The voices installed here, best first (see the module's text)."""
    has_module = has_module or _has_module
    run = run or _run_text
    narrators: list[Narrator] = []
    models = sorted(voices_dir.glob("*.onnx")) if voices_dir.is_dir() else []
    if not has_module("piper"):
        piper = "not installed (the piper-tts package)"
    elif not models:
        piper = f"not installed (no voice model in {voices_dir})"
    else:
        piper = f"{len(models)} voice model{'s' if len(models) != 1 else ''} in {voices_dir}"
        for model in models:
            name = model.name.removesuffix(".onnx")
            narrators.append(
                Narrator(f"piper:{name}", f"Piper ({name})", "piper", sys.executable, str(model))
            )
    flite = which("flite")
    if flite is not None:
        listed = set(run([flite, "-lv"]).replace(":", " ").split())
        voices: list[str] = [v for v in FLITE_VOICES if v in listed] or [""]
        for voice in voices:
            name = f"flite ({voice})" if voice else "flite"
            narrators.append(Narrator(f"flite:{voice}", name, "flite", flite, voice or None))
    espeak = which("espeak-ng")
    if espeak is not None:
        narrators.append(Narrator("espeak-ng", "espeak-ng", "espeak-ng", espeak))
    return VoiceSearch(tuple(narrators), piper)


def synthesize(
    narrator: Narrator, text: str, wpm: int, cancelled: Callable[[], bool] = lambda: False
) -> bytes:
    """*text* spoken by *narrator* at *wpm* words a minute: 16-bit mono PCM at 44.1 kHz, brought
    to ``SPEECH_PEAK``. Raises ``SpeechError`` with the reason when the voice fails, and
    ``SpeechCancelled`` (the voice's process ended at once) when *cancelled* says so."""
    with tempfile.TemporaryDirectory(prefix="unbrace-speech-") as folder:
        text_file, out = Path(folder) / "text.txt", Path(folder) / "speech.wav"
        text_file.write_text(text + "\n", encoding="utf-8")
        status, stderr = _run_voice(narrator, narrator.command(text_file, out, wpm), cancelled)
        if status != 0 or not out.is_file():
            said = stderr.decode("utf-8", "replace").strip().splitlines()
            raise SpeechError(
                f"{narrator.name} could not speak"
                + (f": {said[-1]}" if said else f" (exit status {status})")
            )
        from app.audio.wav_cue import read_cue_wav

        try:
            pcm = read_cue_wav(out, 1.0, SPEECH_LIMITS)
        except Exception as error:  # a voice that writes something other than 16-bit WAV
            raise SpeechError(f"{narrator.name} wrote no usable sound: {error}") from None
    return normalized(pcm)


#: How often a running voice is asked whether the user has cancelled.
_CANCEL_POLL_S: Final = 0.1


def _run_voice(
    narrator: Narrator, command: Sequence[str], cancelled: Callable[[], bool]
) -> tuple[int, bytes]:
    """Run a voice's *command* to its end: (exit status, what it said on stderr). A cancel, or
    more than ``SYNTH_TIMEOUT_S``, ends the process at once."""
    try:
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise SpeechError(f"{narrator.name} could not speak: {error}") from None
    deadline = time.monotonic() + SYNTH_TIMEOUT_S
    while True:
        try:
            _, stderr = process.communicate(timeout=_CANCEL_POLL_S)
            return process.returncode, stderr
        except subprocess.TimeoutExpired:
            late = time.monotonic() > deadline
            if not (late or cancelled()):
                continue
            process.kill()
            process.communicate()
            if late:
                raise SpeechError(
                    f"{narrator.name} could not speak: no answer in {SYNTH_TIMEOUT_S:.0f} s"
                ) from None
            raise SpeechCancelled from None


def normalized(pcm: bytes, peak: float = SPEECH_PEAK) -> bytes:
    """*pcm* scaled so that its loudest sample is *peak* (silence stays silence)."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    loudest = float(np.max(np.abs(samples))) if samples.size else 0.0
    if loudest == 0.0:
        return pcm
    scaled = np.rint(samples * np.float32(peak * 32767 / loudest))
    out: bytes = np.clip(scaled, -32768, 32767).astype("<i2").tobytes()
    return out


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _run_text(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(
            list(command), capture_output=True, timeout=5, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout + done.stderr).decode("utf-8", "replace")
