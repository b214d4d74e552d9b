"""A routine's own WAV cues: checked when the routine loads, confined to the routine's folder.

Only the header is read here (format, length, size), so a hostile file costs nothing; the audio
layer reads the samples when it builds a session's cue bank.
"""

from __future__ import annotations

import wave
from pathlib import Path

MAX_CUE_BYTES = 16 * 1024 * 1024
MAX_CUE_SECONDS = 30.0


class SoundFileError(ValueError):
    """A sound file that cannot be used; the message is for the user."""


def check_cue_file(base_dir: Path, written: str) -> Path:
    """The absolute path of the cue file *written* relative to *base_dir*, once it is known to
    stay inside that folder (symlinks resolved) and to be a short 16-bit PCM WAV file."""
    try:
        return _check(base_dir, written)
    except (OSError, ValueError) as error:  # a name too long for the system, a NUL byte...
        if isinstance(error, SoundFileError):
            raise
        reason = getattr(error, "strerror", None) or error
        raise SoundFileError(f"cannot be opened: {reason}") from None


def _check(base_dir: Path, written: str) -> Path:
    relative = Path(written)
    if relative.is_absolute():
        raise SoundFileError("must be a path relative to the routine's folder, not absolute")
    folder = base_dir.resolve()
    try:
        target = (folder / relative).resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop raises RuntimeError or OSError
        reason = getattr(error, "strerror", None) or error
        raise SoundFileError(f"cannot be opened: {reason}") from None
    if not target.is_relative_to(folder):
        raise SoundFileError("must stay inside the routine's folder")
    if target.is_symlink():  # resolve() stops at a link that points at itself
        raise SoundFileError("cannot be opened: a symbolic link loop")
    if not target.exists():
        raise SoundFileError(f"no file '{written}' beside the routine")
    if not target.is_file():
        raise SoundFileError("is not a file")
    size = target.stat().st_size
    if size > MAX_CUE_BYTES:
        raise SoundFileError(f"is {size // (1024 * 1024)} MiB; a cue file is at most 16 MiB")
    try:
        with wave.open(str(target), "rb") as source:
            channels, width, rate = (
                source.getnchannels(),
                source.getsampwidth(),
                source.getframerate(),
            )
            frames = source.getnframes()
    except (wave.Error, EOFError) as error:
        raise SoundFileError(f"is not a WAV file ({error or 'too short'})") from None
    except OSError as error:
        raise SoundFileError(f"cannot be read: {error.strerror or error}") from None
    if width != 2 or channels not in (1, 2):
        raise SoundFileError("must be 16-bit PCM, mono or stereo")
    if not 8_000 <= rate <= 192_000:
        raise SoundFileError(f"has a sample rate of {rate} Hz; use 8,000 to 192,000")
    if frames / rate > MAX_CUE_SECONDS:
        raise SoundFileError(f"lasts {frames / rate:.0f} s; a cue lasts at most 30 s")
    return target
