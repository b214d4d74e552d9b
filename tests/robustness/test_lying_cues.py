"""A routine's own cue WAV whose header lies (or that changes after the routine loaded) is the
routine's problem, never the app's: ``unbrace validate`` reads it the way playback does and
refuses it in one line; ``render-audio`` says so in one line; a session that was already loaded
goes on with the built-in cue and says so once. Every limit is checked on every read."""

from __future__ import annotations

import io
import struct
import wave
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from app.audio.cue_bank import CueBank
from app.audio.session_sound import SimpleSessionSound
from app.cli import main
from app.core.routine.loader import load_routine_file
from app.core.routine.sound_files import MAX_CUE_BYTES
from app.core.session.player import CueDue
from app.core.session.timeline import compile_routine
from app.core.settings.settings import Settings
from tests.audio.test_session_sound import Recording

ROUTINE = (
    "name: Own bell\n"
    "summary: A routine with its own bell.\n"
    "sound:\n"
    "  cues: {bell: bell.wav}\n"
    "steps:\n"
    "  - rest: {duration: 5s}\n"
)
GOOD_SECONDS = 0.5
EXPORT = "export it again as a 16-bit PCM WAV file"


def good_wav(rate: int = 44_100, channels: int = 1, seconds: float = GOOD_SECONDS) -> bytes:
    samples = (np.sin(np.arange(round(rate * seconds) * channels) / 7) * 8000).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return out.getvalue()


def with_data_size(data: bytes, size: int, keep: int | None = None) -> bytes:
    """*data* with its data chunk claiming *size* bytes, cut to *keep* bytes of sound."""
    at = data.index(b"data")
    body = data[at + 8 :] if keep is None else data[at + 8 : at + 8 + keep]
    return data[:at] + b"data" + struct.pack("<I", size) + body


def patched(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt) :]


GOOD = good_wav()
SOUND_BYTES = len(GOOD) - 44

#: each lying or broken file, and the end of the one line it gets
LIARS: dict[str, tuple[bytes, str]] = {
    "claims more, ends on half a sample": (
        with_data_size(GOOD, SOUND_BYTES * 2, keep=1001),
        f"is damaged: its header promises {SOUND_BYTES * 2:,} bytes of sound but the file holds "
        f"1,001; {EXPORT}",
    ),
    "claims more, whole samples": (
        with_data_size(GOOD, SOUND_BYTES + 4000),
        f"is damaged: its header promises {SOUND_BYTES + 4000:,} bytes of sound but the file "
        f"holds {SOUND_BYTES:,}; {EXPORT}",
    ),
    "claims 4 GiB": (
        with_data_size(GOOD, 0xFFFFFFF0),
        "lasts 48696 s; a cue lasts at most 30 s",
    ),
    "no sound at all after the header": (
        with_data_size(GOOD, SOUND_BYTES, keep=0),
        f"is damaged: its header promises {SOUND_BYTES:,} bytes of sound but the file holds 0; "
        f"{EXPORT}",
    ),
    "a chunk that claims 2 GiB": (
        GOOD[:12] + b"junk" + struct.pack("<I", 0x7FFFFFFF) + GOOD[12:],
        f"is not a WAV file that can be read (its chunks point past its end); {EXPORT}",
    ),
    "an unknown chunk cut short": (
        GOOD[:12] + b"fm\xff\xff" + struct.pack("<I", 0x7FFFFFFF) + b"\x00" * 8,
        f"is not a WAV file that can be read (its chunks point past its end); {EXPORT}",
    ),
    "zero channels": (patched(GOOD, 22, "<H", 0), f"(bad # of channels); {EXPORT}"),
    "sample rate 0": (
        patched(GOOD, 24, "<I", 0),
        "has a sample rate of 0 Hz; use 8,000 to 192,000",
    ),
    "8 kHz claimed as 1 Hz": (
        patched(GOOD, 24, "<I", 1),
        "has a sample rate of 1 Hz; use 8,000 to 192,000",
    ),
    "sample width 0": (patched(GOOD, 34, "<H", 0), f"(bad sample width); {EXPORT}"),
    "24-bit": (patched(GOOD, 34, "<H", 24), "must be 16-bit PCM, mono or stereo"),
    "float format": (patched(GOOD, 20, "<H", 3), f"(unknown format: 3); {EXPORT}"),
    "fmt chunk cut short": (GOOD[:30], f"is cut short: it ends inside its WAV header; {EXPORT}"),
    "RIFF and nothing else": (
        b"RIFF\x00\x00\x00\x00WAVE",
        f"is not a WAV file that can be read (not a WAVE file); {EXPORT}",
    ),
    "empty": (b"", f"is empty (0 bytes); {EXPORT}"),
    "text": (
        b"bell sound\n",
        f"is not a WAV file (it starts with 'bell sou', not 'RIFF'); {EXPORT}",
    ),
    "larger than the cap": (
        GOOD + b"\x00" * MAX_CUE_BYTES,
        "is 16 MiB; a cue file is at most 16 MiB",
    ),
    "ten minutes long": (good_wav(8_000, seconds=600), "lasts 600 s; a cue lasts at most 30 s"),
}


def routine_folder(tmp_path: Path, cue: bytes) -> Path:
    (tmp_path / "bell.wav").write_bytes(cue)
    path = tmp_path / "own-bell.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("cue", "ending"), LIARS.values(), ids=LIARS.keys())
def test_validate_reads_a_cue_as_playback_does_and_refuses_a_lying_one(
    tmp_path: Path, cue: bytes, ending: str
) -> None:
    """What validate passes plays; what would fail to play is one line naming file, line, field."""
    path = routine_folder(tmp_path, cue)

    status, out, _ = run_cli("validate", str(path))

    assert status == 1
    first, summary = out.splitlines()
    assert first.startswith(f"{path}:4:16: sound.cues.bell: ")
    assert first.endswith(ending)
    assert summary == "1 of 1 file with problems"


@pytest.mark.parametrize(("cue", "ending"), LIARS.values(), ids=LIARS.keys())
def test_a_cue_that_turned_bad_after_loading_is_the_routines_problem(
    tmp_path: Path, cue: bytes, ending: str
) -> None:
    """The routine loaded with a good bell; the file was then replaced by a bad one. The session
    is prepared all the same, with the built-in bell, and the notice says so once; limits are
    checked at this read too (a ten-minute file is not read whole)."""
    path = routine_folder(tmp_path, GOOD)
    routine = load_routine_file(path)
    (tmp_path / "bell.wav").write_bytes(cue)
    timeline = compile_routine(routine)
    output = Recording()
    sound = SimpleSessionSound(output)

    sound.prepare(routine, timeline, Settings())

    assert sound.notice is not None
    assert sound.notice.startswith("the routine's sound for bell (bell.wav) ")
    assert sound.notice.endswith("; the built-in cue plays instead")
    assert sound.notice.count("bell.wav") == 1
    assert ending in sound.notice
    sound.play(CueDue("bell", timeline.segments[0], 0))
    plain = CueBank.build(timeline, volume=routine.sound.volume, breath_tone=False)
    assert output.played == [plain.cue("bell")]


@pytest.mark.parametrize(
    ("cue", "ending"),
    [LIARS["claims more, ends on half a sample"], LIARS["fmt chunk cut short"], LIARS["empty"]],
    ids=["half a sample", "fmt cut short", "empty"],
)
def test_render_audio_with_a_cue_that_turned_bad_is_one_line(
    tmp_path: Path, cue: bytes, ending: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file passed when loaded, then changed: render-audio names it in one line, exit 1, and
    writes nothing."""
    path = routine_folder(tmp_path, GOOD)
    real_load = load_routine_file

    def load_then_spoil(where: Path) -> object:
        routine = real_load(where)
        (tmp_path / "bell.wav").write_bytes(cue)
        return routine

    monkeypatch.setattr("app.core.routine.loader.load_routine_file", load_then_spoil)
    out = tmp_path / "out.wav"

    status, stdout, stderr = run_cli("render-audio", str(path), str(out))

    assert status == 1
    assert stdout == ""
    assert stderr.count("\n") == 1
    assert stderr.startswith(f"{tmp_path / 'bell.wav'}:1:1: sound.cues.bell: ")
    assert ending in stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bell.wav", "own-bell.yaml"]


def test_only_the_bad_cue_falls_back(tmp_path: Path) -> None:
    """Two own cues, one damaged since loading: the other still plays as the routine asks."""
    (tmp_path / "bell.wav").write_bytes(GOOD)
    (tmp_path / "end.wav").write_bytes(good_wav(22_050))
    path = tmp_path / "two.yaml"
    path.write_text(ROUTINE.replace("{bell: bell.wav}", "{bell: bell.wav, end: end.wav}"), "utf-8")
    routine = load_routine_file(path)
    (tmp_path / "bell.wav").write_bytes(b"")
    sound = SimpleSessionSound(Recording())

    sound.prepare(routine, compile_routine(routine), Settings())

    assert sound.notice == (
        f"the routine's sound for bell (bell.wav) is empty (0 bytes); {EXPORT}; "
        "the built-in cue plays instead"
    )
    assert sound.bank is not None
    own_end = CueBank.build(
        compile_routine(routine),
        volume=routine.sound.volume,
        breath_tone=False,
        cue_files={"end": str(tmp_path / "end.wav")},
    )
    assert sound.bank.cue("end") == own_end.cue("end")


def test_every_good_cue_shape_still_passes_and_plays(tmp_path: Path) -> None:
    """The checks refuse liars only: mono and stereo, 8 to 192 kHz, 30 s exactly."""
    shapes: list[Callable[[], bytes]] = [
        lambda: good_wav(8_000),
        lambda: good_wav(192_000, channels=2),
        lambda: good_wav(44_100, channels=2),
        lambda: good_wav(8_000, seconds=30),
        # an odd data size with its pad byte: whole samples, read the same way by both
        lambda: with_data_size(GOOD + b"\x01", SOUND_BYTES + 1),
    ]
    for make in shapes:
        path = routine_folder(tmp_path, make())
        status, out, _ = run_cli("validate", str(path))
        assert (status, out) == (0, "1 file valid\n")
        routine = load_routine_file(path)
        sound = SimpleSessionSound(Recording())
        sound.prepare(routine, compile_routine(routine), Settings())
        assert sound.notice is None
