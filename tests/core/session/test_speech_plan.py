"""The speech plan: which words at which segment start, and how long each may last."""

from __future__ import annotations

from app.core.routine.loader import load_routine_text
from app.core.session.speech_plan import PROMPT_DELAY_MS, WORD_DELAY_MS, Utterance, speech_plan
from app.core.session.timeline import Timeline, compile_routine

ROUTINE = """\
id: plan
name: Plan
summary: Spoken steps between breaths.
steps:
  - guide: {label: Neck, prompt: Soften the neck., duration: 10s}
  - rest: {duration: 5s, say: false}
  - guide: {label: Jaw, duration: 4s}
  - breathe: {pattern: {inhale: 4, exhale: 6}, cycles: 1, labels: {exhale: Hum}}
  - move: {label: Roll, prompt: Roll the shoulders., reps: 2, rep: [{label: Up, duration: 2}]}
  - journal: {prompt: What do you feel?}
  - breathe: {pattern: {inhale: 3, exhale: 3}, cycles: 1}
"""


def timeline() -> Timeline:
    return compile_routine(load_routine_text(ROUTINE, "plan.yaml"))


def test_prompts_are_said_after_each_step_bell_with_room_up_to_the_next_phase_cue() -> None:
    plan = speech_plan(timeline(), "prompts")
    assert plan == (
        # the neck's 10 s and the silent rest's 5 s, up to the jaw's words
        Utterance(0, "Neck. Soften the neck.", PROMPT_DELAY_MS, 15_000 - PROMPT_DELAY_MS, None, 0),
        # the jaw's 4 s, up to the first phase cue
        Utterance(2, "Jaw", PROMPT_DELAY_MS, 4_000 - PROMPT_DELAY_MS, None, 2),
        # the move's two reps, up to the journal's words
        Utterance(
            5, "Roll. Roll the shoulders.", PROMPT_DELAY_MS, 4_000 - PROMPT_DELAY_MS, None, 4
        ),
        # the journal is open: its words may last until the user moves on
        Utterance(7, "Journal. What do you feel?", PROMPT_DELAY_MS, None, None, 5),
    )
    assert not any(u.is_breath_word for u in plan)


def test_breath_words_are_said_after_each_phase_cue_within_the_phase() -> None:
    plan = speech_plan(timeline(), "breath_words")
    words = [(u.segment, u.text, u.room_ms) for u in plan if u.is_breath_word]
    assert words == [
        (3, "In", 4_000 - WORD_DELAY_MS),
        (4, "Hum", 6_000 - WORD_DELAY_MS),
        (8, "In", 3_000 - WORD_DELAY_MS),
        (9, "Out", 3_000 - WORD_DELAY_MS),
    ]
    # the prompts are still there, unchanged
    assert [u for u in plan if not u.is_breath_word] == list(speech_plan(timeline(), "prompts"))


def test_voice_off_says_nothing() -> None:
    assert speech_plan(timeline(), "off") == ()


def test_a_narrated_step_is_planned_even_when_its_text_is_silenced() -> None:
    routine = load_routine_text(ROUTINE, "plan.yaml")
    guide = routine.steps[0].guide  # type: ignore[union-attr]
    narrated = guide.model_copy(update={"voice": "/recordings/neck.wav", "say": False})
    steps = [routine.steps[0].model_copy(update={"guide": narrated}), *routine.steps[1:]]
    plan = speech_plan(compile_routine(routine.model_copy(update={"steps": steps})), "prompts")
    assert plan[0] == Utterance(
        0, "", PROMPT_DELAY_MS, 15_000 - PROMPT_DELAY_MS, "/recordings/neck.wav", 0
    )
