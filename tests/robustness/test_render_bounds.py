"""``unbrace render-audio`` cannot eat the machine: it mixes and writes the track in blocks, so
its memory is a few MB whatever the track's length; a track too long for a WAV file (4 GiB) is
refused in one line before anything is mixed; and the file appears only when it is whole (a full
disk or any failure leaves the old file, or none, and no temporary file behind).

Memory is the peak that ``tracemalloc`` sees (numpy reports its buffers to it) while the command
runs in this process; how long rendering takes is a bench figure (bench/render.py)."""

from __future__ import annotations

import errno
import io
import os
import tracemalloc
import wave
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from app.audio import render
from app.audio.render import plan_track, render_track, write_track, write_wav
from app.cli import main
from app.core.routine.loader import load_routine_text
from app.core.session.timeline import compile_routine

MIB = 1024 * 1024
#: the most a render may hold at once, whatever its length (the budget of bench/render.py is 100)
MAX_RENDER_MIB = 24


def rests(minutes: int) -> str:
    return "name: Long rest\nsummary: Rests.\nsteps:\n" + "".join(
        f"  - rest: {{duration: {min(60, minutes - done)}m}}\n" for done in range(0, minutes, 60)
    )


HOLDS_2000 = (
    "name: Two thousand holds\nsummary: Open holds.\nsteps:\n"
    "  - repeat:\n      times: 100\n      steps:\n"
    + "".join(f"        - hold: {{label: Hold {n}}}\n" for n in range(20))
)


def run_measured(*argv: str) -> tuple[int, str, str, float]:
    """Run the command line in this process: (status, stdout, stderr, peak MiB traced)."""
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            status = main(list(argv))
        peak = tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()
    return status, out.getvalue(), err.getvalue(), peak


def routine_file(tmp_path: Path, text: str, name: str = "long.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def frames_of(path: Path) -> int:
    with wave.open(str(path), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (
            1,
            2,
            44100,
        )
        return source.getnframes()


def test_memory_does_not_grow_with_the_track(tmp_path: Path) -> None:
    """A 5-minute and a 40-minute track (8x the length, 212 MB of WAV) peak within a few MB of
    each other, and well under the budget; each file holds every sample it says."""
    peaks = {}
    for minutes in (5, 40):
        out = tmp_path / f"{minutes}.wav"
        status, stdout, stderr, peaks[minutes] = run_measured(
            "render-audio", str(routine_file(tmp_path, rests(minutes))), str(out)
        )
        assert (status, stderr) == (0, "")
        assert stdout.startswith(f"{out}: ")
        routine = load_routine_text(rests(minutes), "long.yaml", "long")
        expected = plan_track(compile_routine(routine), routine.sound, 60)
        assert frames_of(out) == expected.length
        assert out.stat().st_size == expected.wav_bytes
        out.unlink()
    assert max(peaks.values()) < MAX_RENDER_MIB, peaks
    assert abs(peaks[40] - peaks[5]) < 4, peaks


def test_the_streamed_file_is_the_track_sample_for_sample(tmp_path: Path) -> None:
    """Mixing in blocks changes nothing: with blocks smaller than a cue, the file written block
    by block equals the whole track mixed at once, sample for sample."""
    text = (
        "name: Mixed\nsummary: Overlaps.\nsteps:\n"
        "  - breathe: {pattern: {inhale: 4, hold_in: 2, exhale: 6}, cycles: 3}\n"
        "  - hold: {label: Hold}\n  - rest: {duration: 5s}\n"
    )
    routine = load_routine_text(text, "mixed.yaml", "mixed")
    timeline = compile_routine(routine)
    sound = routine.sound.model_copy(update={"breath_tone": True})
    whole = render_track(timeline, sound, 3.0)
    plan = plan_track(timeline, sound, 3.0)
    for block in (997, 4096, 1 << 18):
        streamed = np.concatenate(list(render.track_blocks(plan, block)))
        assert np.array_equal(streamed, whole), block
    write_track(tmp_path / "streamed.wav", plan)
    write_wav(tmp_path / "whole.wav", whole)
    assert (tmp_path / "streamed.wav").read_bytes() == (tmp_path / "whole.wav").read_bytes()


@pytest.mark.parametrize(
    ("text", "options", "hours"),
    [
        (HOLDS_2000, [], "33:20:"),
        (HOLDS_2000, ["--open-seconds", "3600"], "2000:00:"),
        (HOLDS_2000, ["--open-seconds", "25"], "13:53:"),
        (
            rests(12 * 60) + "  - hold: {label: One more}\n  - hold: {label: And one}\n",
            ["--open-seconds", "3600"],
            "14:00:",
        ),
    ],
    ids=["2,000 holds at 60 s", "2,000 holds at 3600 s", "just over 4 GiB", "12 h and 2 hours"],
)
def test_a_track_over_4_gib_is_refused_in_one_line_before_anything_is_mixed(
    tmp_path: Path, text: str, options: list[str], hours: str
) -> None:
    """Once 22 GB resident, or numpy asking for 591 GiB: now one line, exit 2, no file, no
    temporary file, and no more memory than planning takes."""
    out = tmp_path / "out.wav"
    status, stdout, stderr, peak = run_measured(
        "render-audio", str(routine_file(tmp_path, text)), str(out), *options
    )

    assert status == 2
    assert stdout == ""
    assert stderr.count("\n") == 1
    assert stderr.startswith(f"unbrace: cannot write {out}: the track would last {hours}")
    assert stderr.rstrip().endswith(
        "a WAV file holds at most 4 GiB (about 13.5 hours): use a smaller --open-seconds"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.yaml"]
    assert peak < MAX_RENDER_MIB


def test_2000_holds_that_fit_render_in_bounded_memory(tmp_path: Path) -> None:
    """The 2,000-hold routine at --open-seconds 2 (67 minutes of track) renders within budget."""
    out = tmp_path / "holds.wav"
    status, _, stderr, peak = run_measured(
        "render-audio", str(routine_file(tmp_path, HOLDS_2000)), str(out), "--open-seconds", "2"
    )
    assert (status, stderr) == (0, "")
    assert frames_of(out) > 2000 * 2 * 44_100
    assert peak < MAX_RENDER_MIB


def failing_after(blocks: int, error: OSError) -> Callable[..., Iterator[np.ndarray]]:
    real = render.track_blocks

    def track_blocks(plan: render.TrackPlan, block: int = 1 << 18) -> Iterator[np.ndarray]:
        for n, mixed in enumerate(real(plan, block)):
            if n == blocks:
                raise error
            yield mixed

    return track_blocks


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
        OSError(errno.EDQUOT, os.strerror(errno.EDQUOT)),
        OSError(errno.EIO, os.strerror(errno.EIO)),
    ],
    ids=["disk full", "quota", "I/O error"],
)
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    """Part-way through (injected after 3 blocks): one line, exit 2; the file that was there is
    unchanged, and nothing half-written is left beside it."""
    out = tmp_path / "out.wav"
    out.write_bytes(b"the old render")
    monkeypatch.setattr(render, "track_blocks", failing_after(3, error))

    status, stdout, stderr, _ = run_measured(
        "render-audio", str(routine_file(tmp_path, rests(5))), str(out)
    )

    assert status == 2
    assert stdout == ""
    assert stderr == f"unbrace: cannot write {out}: {error.strerror}; nothing was written\n"
    assert out.read_bytes() == b"the old render"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.yaml", "out.wav"]


def make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a named pipe"


def make_folder(path: Path) -> str:
    path.mkdir()
    return "a folder"


def make_null_link(path: Path) -> str:
    path.symlink_to("/dev/null")
    return "a character device"


@pytest.mark.parametrize(
    "make", [make_fifo, make_folder, make_null_link], ids=["pipe", "folder", "link to /dev/null"]
)
def test_an_output_that_is_not_a_file_is_never_replaced(
    tmp_path: Path, make: Callable[[Path], str]
) -> None:
    """A pipe, a folder or a device at OUT is named and left as it is (renaming over /dev/null
    would replace the device for everyone)."""
    out = tmp_path / "out.wav"
    found = make(out)
    kind = out.lstat().st_mode

    status, _, stderr, _ = run_measured(
        "render-audio", str(routine_file(tmp_path, rests(1))), str(out)
    )

    assert status == 2
    assert stderr == (
        f"unbrace: cannot write {out}: it is {found}, not a file; nothing was written\n"
    )
    assert out.lstat().st_mode == kind
    assert Path("/dev/null").is_char_device()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.yaml", "out.wav"]


def test_a_disk_without_room_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Free space is checked first: one line saying how much is needed and how much is free."""

    class Tiny:
        f_bavail = 10
        f_frsize = 4096

    monkeypatch.setattr(os, "statvfs", lambda _path: Tiny())
    out = tmp_path / "out.wav"

    status, _, stderr, _ = run_measured(
        "render-audio", str(routine_file(tmp_path, rests(5))), str(out)
    )

    assert status == 2
    assert stderr.startswith(f"unbrace: cannot write {out}: the track takes ")
    assert stderr.endswith(f" MB and {tmp_path} has 0 MB free\n")
    assert not out.exists()


def test_what_a_killed_render_left_is_cleared_and_a_render_in_progress_is_not(
    tmp_path: Path,
) -> None:
    """A temporary file older than a minute beside OUT was left by a kill and goes; one written
    just now may be another render's, and stays."""
    out = tmp_path / "out.wav"
    stale = tmp_path / ".out.wav.abc123.tmp"
    fresh = tmp_path / ".out.wav.def456.tmp"
    stale.write_bytes(b"half a track")
    fresh.write_bytes(b"being written")
    os.utime(stale, (stale.stat().st_atime - 3600, stale.stat().st_mtime - 3600))

    status, _, stderr, _ = run_measured(
        "render-audio", str(routine_file(tmp_path, rests(1))), str(out)
    )

    assert (status, stderr) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.wav.def456.tmp",
        "long.yaml",
        "out.wav",
    ]
