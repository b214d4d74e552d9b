"""A routine's own WAV cues: checked when the routine loads, confined to the routine's folder.

Loading and playback read a cue with the same function, ``read_cue_frames``, so a file that
passes ``unbrace validate`` plays, and every read checks every limit again (a file can change after
the routine loaded). Reading is bounded by the size cap, whatever the header claims.
"""

from __future__ import annotations

import os
import stat
import wave
from dataclasses import dataclass
from pathlib import Path

from app.core.files.state_files import kind_of
from app.core.routine.problems import printable

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
    read_cue_frames(target, keep=False)
    return target


@dataclass(frozen=True, slots=True)
class CueFrames:
    """A cue file's samples as the file holds them: 16-bit PCM, interleaved when stereo."""

    channels: int
    rate: int
    pcm: bytes  # empty when read with ``keep=False``


@dataclass(frozen=True, slots=True)
class SoundLimits:
    """How large and how long a sound file may be, and what it is called in a message."""

    max_bytes: int
    max_seconds: float
    kind: str  # "a cue"


CUE_LIMITS = SoundLimits(MAX_CUE_BYTES, MAX_CUE_SECONDS, "a cue")


def read_cue_frames(
    path: Path, *, keep: bool = True, limits: SoundLimits = CUE_LIMITS
) -> CueFrames:
    """Read the cue at *path* the one way both the loader and playback read it.

    Every limit is checked on every read (a file rewritten after the routine loaded is read
    again from scratch): a regular file, opened without blocking, at most ``MAX_CUE_BYTES``,
    16-bit PCM mono or stereo, 8 to 192 kHz, at most ``MAX_CUE_SECONDS``, and holding every
    sample its header promises, in whole samples. With ``keep=False`` the samples are read in
    chunks and checked, not kept (``unbrace validate``). Other *limits* are for other sounds
    (a synthesised voice). Raises ``SoundFileError`` only.
    """
    try:
        return _read_frames(path, keep, limits)
    except SoundFileError:
        raise
    except OSError as error:
        raise SoundFileError(f"cannot be read: {error.strerror or error}") from None
    except EOFError:
        raise SoundFileError(f"is cut short: it ends inside its WAV header; {_EXPORT}") from None
    except Exception as error:  # wave.Error, struct.error, a RuntimeError from a chunk that
        # points past the end...: whatever the parser makes of a file, it is the file's problem
        reason = printable(str(error)) or "its chunks point past its end"
        raise SoundFileError(f"is not a WAV file that can be read ({reason}); {_EXPORT}") from None


_EXPORT = "export it again as a 16-bit PCM WAV file"


def _read_frames(path: Path, keep: bool, limits: SoundLimits) -> CueFrames:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SoundFileError(f"is {kind_of(info.st_mode)}, not a file")
        if info.st_size > limits.max_bytes:
            raise SoundFileError(
                f"is {info.st_size // (1024 * 1024)} MiB; {limits.kind} file is at most "
                f"{limits.max_bytes // (1024 * 1024)} MiB"
            )
        if info.st_size == 0:
            raise SoundFileError(f"is empty (0 bytes); {_EXPORT}")
        start = stream.read(12)
        if start[:4] != b"RIFF" or start[8:12] != b"WAVE":
            begins = printable(start[:8].decode("latin-1"))
            raise SoundFileError(
                f"is not a WAV file (it starts with '{begins}', not 'RIFF'); {_EXPORT}"
            )
        stream.seek(0)
        with wave.open(stream, "rb") as source:
            channels, width = source.getnchannels(), source.getsampwidth()
            rate, frames = source.getframerate(), source.getnframes()
            if width != 2 or channels not in (1, 2):
                raise SoundFileError("must be 16-bit PCM, mono or stereo")
            if not 8_000 <= rate <= 192_000:
                raise SoundFileError(f"has a sample rate of {rate} Hz; use 8,000 to 192,000")
            if frames / rate > limits.max_seconds:
                raise SoundFileError(
                    f"lasts {frames / rate:.0f} s; {limits.kind} lasts at most "
                    f"{limits.max_seconds:.0f} s"
                )
            promised = frames * channels * width
            chunks: list[bytes] = []
            got = 0
            while got < promised:  # never more than the size cap: the header was checked
                chunk = source.readframes(min(1 << 16, frames))
                if not chunk:
                    break
                got += len(chunk)
                if keep:
                    chunks.append(chunk)
    if got != promised:
        raise SoundFileError(
            f"is damaged: its header promises {promised:,} bytes of sound but the file holds "
            f"{got:,}; {_EXPORT}"
        )
    return CueFrames(channels, rate, b"".join(chunks))
