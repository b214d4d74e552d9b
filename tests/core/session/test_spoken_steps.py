"""`say:` and `voice:` on a step: what its voice says, and its recorded narration."""

from __future__ import annotations

import textwrap
import wave
from pathlib import Path

import pytest

from app.core.routine.json_shapes import timeline_json
from app.core.routine.loader import load_routine_file, load_routine_text
from app.core.routine.problems import RoutineError
from app.core.routine.schema import routine_json_schema
from app.core.session.timeline import compile_routine

STEPS = """\
id: spoken
name: Spoken
summary: Steps with and without a voice.
steps:
  - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 1, labels: {exhale: Hum}}
  - guide: {label: Lower back, prompt: Come to the lower back., duration: 30s}
  - guide: {label: Neck, prompt: On the screen only., say: Soften the neck., duration: 30s}
  - rest: {duration: 10s, say: false}
  - check_in: {label: How does your back feel now?, prompt: Rate each region.}
  - journal: {prompt: What do you feel?}
  - repeat: {times: 2, steps: [{move: {label: Roll, reps: 1, rep: [{label: Up, duration: 2}]}}]}
"""


def write_wav(path: Path, seconds: float = 0.5, rate: int = 22_050) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x10\x00" * round(seconds * rate))
    return path


def test_each_step_says_its_label_and_prompt_unless_told_otherwise() -> None:
    timeline = compile_routine(load_routine_text(STEPS, "spoken.yaml"))
    said = [(s.kind, s.say) for s in timeline.segments if s.say is not None]
    assert said == [
        ("guide", "Lower back. Come to the lower back."),
        ("guide", "Soften the neck."),
        ("check_in", "How does your back feel now? Rate each region."),
        ("journal", "Journal. What do you feel?"),
        ("move", "Roll"),
        ("move", "Roll"),
    ]
    rest = next(s for s in timeline.segments if s.kind == "rest")
    assert rest.say is None  # say: false


def test_timeline_json_gains_the_pacer_word_and_what_is_said() -> None:
    data = timeline_json(compile_routine(load_routine_text(STEPS, "spoken.yaml")))
    first = data["segments"][:3]
    assert [(s["word"], s["say"]) for s in first] == [
        ("In", None),
        ("Hum", None),
        ("Lower back", "Lower back. Come to the lower back."),
    ]


def test_say_must_be_text_or_false() -> None:
    text = STEPS.replace("say: false", "say: true")
    with pytest.raises(RoutineError) as raised:
        load_routine_text(text, "spoken.yaml")
    (problem,) = raised.value.problems
    assert str(problem) == (
        "spoken.yaml:8:32: steps.3.rest.say: must be the text to speak, "
        "or false for a step that is not spoken"
    )


def test_the_schema_offers_say_and_voice_on_spoken_steps() -> None:
    definitions = routine_json_schema()["$defs"]
    for name in ("Guide", "Move", "Rest", "Hold", "CheckIn", "Journal"):
        assert {"say", "voice"} <= set(definitions[name]["properties"]), name
    assert "say" not in definitions["Breathe"]["properties"]


def routine_with_voice(folder: Path, written: str) -> Path:
    path = folder / "narrated.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            name: Narrated
            summary: A teacher's voice.
            steps:
              - repeat:
                  times: 1
                  steps:
                    - guide: {{label: Neck, duration: 20s, voice: "{written}"}}
            """
        ),
        encoding="utf-8",
    )
    return path


def test_a_narration_file_beside_the_routine_is_used_by_absolute_path(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "voice" / "neck.wav")
    routine = load_routine_file(routine_with_voice(tmp_path, "voice/neck.wav"))
    (segment,) = compile_routine(routine).segments
    assert segment.voice == str(wav.resolve())
    assert segment.say == "Neck"


def problem_of(path: Path) -> str:
    with pytest.raises(RoutineError) as raised:
        load_routine_file(path)
    (problem,) = raised.value.problems
    return str(problem)


def test_a_missing_narration_file_is_named_where_it_is_written(tmp_path: Path) -> None:
    path = routine_with_voice(tmp_path, "voice/gone.wav")
    assert problem_of(path) == (
        f"{path}:7:54: steps.0.repeat.steps.0.guide.voice: "
        "no file 'voice/gone.wav' beside the routine"
    )


def test_a_narration_file_whose_header_lies_is_refused(tmp_path: Path) -> None:
    """A file named .wav that holds no WAV, and one whose header claims 8-bit samples."""
    (tmp_path / "fake.wav").write_bytes(b"ID3\x04" + bytes(200))
    assert "guide.voice: is not a WAV file" in problem_of(routine_with_voice(tmp_path, "fake.wav"))
    with wave.open(str(tmp_path / "eight.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8_000)
        out.writeframes(b"\x80" * 800)
    assert problem_of(routine_with_voice(tmp_path, "eight.wav")).endswith(
        "guide.voice: must be 16-bit PCM, mono or stereo"
    )


def test_a_narration_file_outside_the_routine_folder_is_refused(tmp_path: Path) -> None:
    write_wav(tmp_path / "outside.wav")
    (tmp_path / "inner").mkdir()
    path = routine_with_voice(tmp_path / "inner", "../outside.wav")
    assert problem_of(path).endswith("guide.voice: must stay inside the routine's folder")


def test_a_move_done_on_each_side_says_when_the_other_side_begins() -> None:
    text = """\
id: sides
name: Sides
summary: Each side in turn.
steps:
  - move: {label: Side bend, reps: 2, sides: [left, right], rep: [{label: Bend, duration: 3}]}
  - move: {label: Twist, reps: 1, sides: [left, right], say: false, rep: [{label: T, duration: 3}]}
"""
    timeline = compile_routine(load_routine_text(text, "sides.yaml"))
    said = [(s.start_ms, s.say) for s in timeline.segments if s.say is not None]
    assert said == [(0, "Side bend"), (6_000, "Now the right side.")]
