"""A routine's own WAV cues: checked at load, and never read from outside the routine's folder."""

from __future__ import annotations

import textwrap
import wave
from pathlib import Path

import pytest

from app.core.routine.loader import load_routine_file, load_routine_text
from app.core.routine.problems import RoutineError


def write_wav(path: Path, seconds: float = 0.2, rate: int = 44_100, channels: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x01\x00" * channels * round(seconds * rate))
    return path


def routine_with_cue(folder: Path, written: str) -> Path:
    path = folder / "mine.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            name: Mine
            summary: With my own bell.
            sound:
              cues: {{bell: "{written}"}}
            steps:
              - rest: {{duration: 5s}}
            """
        ),
        encoding="utf-8",
    )
    return path


def problem_of(path: Path) -> str:
    with pytest.raises(RoutineError) as raised:
        load_routine_file(path)
    (problem,) = raised.value.problems
    return str(problem)


def test_a_wav_beside_the_routine_is_used_by_absolute_path(tmp_path: Path) -> None:
    """A relative path inside the routine's folder loads, and the routine carries it resolved."""
    wav = write_wav(tmp_path / "sounds" / "bowl.wav")
    routine = load_routine_file(routine_with_cue(tmp_path, "sounds/bowl.wav"))
    assert routine.sound.cues == {"bell": str(wav.resolve())}


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("../../etc/passwd", "must stay inside the routine's folder"),
        ("/etc/passwd", "must be a path relative to the routine's folder, not absolute"),
        ("sounds/missing.wav", "no file 'sounds/missing.wav' beside the routine"),
    ],
)
def test_paths_that_leave_the_folder_or_do_not_exist_are_refused(
    tmp_path: Path, written: str, message: str
) -> None:
    """An escape, an absolute path or a missing file is one line at the value's position."""
    path = routine_with_cue(tmp_path, written)
    assert problem_of(path) == f"{path}:4:16: sound.cues.bell: {message}"


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A link inside the folder that points outside it is caught after resolving."""
    outside = write_wav(tmp_path / "outside" / "secret.wav")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "bell.wav").symlink_to(outside)
    path = routine_with_cue(folder, "bell.wav")
    assert problem_of(path).endswith("sound.cues.bell: must stay inside the routine's folder")


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    """A link that points at itself is an error, not a hang."""
    (tmp_path / "loop.wav").symlink_to(tmp_path / "loop.wav")
    path = routine_with_cue(tmp_path, "loop.wav")
    assert "sound.cues.bell: cannot be opened" in problem_of(path)


def test_a_file_that_is_not_a_wav_is_refused(tmp_path: Path) -> None:
    """Any other content is 'not a WAV file'."""
    (tmp_path / "bell.wav").write_text("not audio at all", encoding="utf-8")
    path = routine_with_cue(tmp_path, "bell.wav")
    assert "sound.cues.bell: is not a WAV file" in problem_of(path)


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A 2 GB file (sparse here) is refused by its size alone."""
    with (tmp_path / "bell.wav").open("wb") as out:
        out.truncate(2 * 1024**3)
    path = routine_with_cue(tmp_path, "bell.wav")
    assert problem_of(path).endswith("sound.cues.bell: is 2048 MiB; a cue file is at most 16 MiB")


def test_a_long_or_8_bit_wav_is_refused(tmp_path: Path) -> None:
    """A cue lasts at most 30 s and is 16-bit PCM."""
    write_wav(tmp_path / "long.wav", seconds=31, rate=8_000)
    assert problem_of(routine_with_cue(tmp_path, "long.wav")).endswith(
        "sound.cues.bell: lasts 31 s; a cue lasts at most 30 s"
    )
    with wave.open(str(tmp_path / "bell8.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8_000)
        out.writeframes(b"\x80" * 800)
    assert problem_of(routine_with_cue(tmp_path, "bell8.wav")).endswith(
        "sound.cues.bell: must be 16-bit PCM, mono or stereo"
    )


def test_sound_files_need_a_file_to_be_relative_to() -> None:
    """A routine read from text (no folder) cannot name sound files."""
    text = "name: X\nsummary: Y\nsound: {cues: {end: bell.wav}}\nsteps: [{rest: {duration: 5}}]\n"
    with pytest.raises(RoutineError) as raised:
        load_routine_text(text, "inline.yaml", "inline")
    assert str(raised.value) == (
        "inline.yaml:3:21: sound.cues.end: sound files need the routine to be saved as a file"
    )


def test_an_unknown_cue_name_is_refused(tmp_path: Path) -> None:
    """Only the cues the app plays can be replaced."""
    path = routine_with_cue(tmp_path, "x.wav")
    path.write_text(path.read_text(encoding="utf-8").replace("{bell:", "{gong:"), "utf-8")
    assert "sound.cues.gong" in problem_of(path)
