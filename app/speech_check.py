"""`unbrace validate --speech`: steps whose spoken words last longer than the step leaves them.

Each valid routine's prompts are rendered with the voice the app would use (the user's choice of
voice and pace, or the best installed), through the speech cache, and every utterance longer than
its room (from its start to the next phase cue or the next words) is one line, at the key the
words come from: ``voice`` (a recorded narration), ``say``, else ``prompt`` (else ``label``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.audio.speech import SpeechCache, SpeechSource
from app.core.files.paths import AppPaths
from app.core.routine.model import Routine, step_body
from app.core.routine.problems import Problem
from app.core.routine.yaml_source import decode, parse
from app.core.session.speech_plan import speech_plan
from app.core.session.timeline import compile_routine
from app.core.settings.settings import SettingsStore


def speech_problems(paths: AppPaths, routines: Sequence[tuple[Path, Routine]]) -> list[Problem]:
    """A problem for every utterance of *routines* that does not fit its room."""
    settings = SettingsStore(paths.settings_file).load().settings
    mode = settings.voice_mode if settings.voice_mode != "off" else "prompts"
    source = SpeechSource(paths.voices_dir, SpeechCache(paths.speech_cache))
    problems: list[Problem] = []
    for path, routine in routines:
        timeline = compile_routine(routine)
        speech = source.render(speech_plan(timeline, mode), settings, routine.sound.volume)
        if speech.notice:
            problems.append(Problem(str(path), 1, 1, "voice", speech.notice))
        who = speech.narrator.name if speech.narrator is not None else "no voice"
        document = None
        reported: set[tuple[int, ...]] = set()
        for utterance in speech.plan:
            lasts = speech.spoken_ms.get(utterance.segment)
            if lasts is None or utterance.room_ms is None or lasts <= utterance.room_ms:
                continue
            step = timeline.steps[utterance.step]
            if step.path in reported:  # a repeated step, once
                continue
            reported.add(step.path)
            if document is None:
                document = parse(str(path), decode(str(path), path.read_bytes()))
            loc = _step_loc(routine, step.path)
            body = _body(routine, step.path)
            key = (
                "voice"
                if utterance.voice_file is not None
                else "say"
                if isinstance(getattr(body, "say", None), str)
                else "prompt"
                if getattr(body, "prompt", None)
                else "label"
            )
            _, position, _ = document.locate([*loc, key])
            spoken_by = (
                "the recorded narration"
                if utterance.voice_file is not None
                else f"{who} at {settings.speech_rate} words a minute"
            )
            message = (
                f"spoken by {spoken_by} it lasts {lasts / 1000:.1f} s, but the step leaves it "
                f"{utterance.room_ms / 1000:.1f} s before the next breath or words; "
                "shorten it, or give the step more time"
            )
            field = ".".join(str(part) for part in [*loc, key])
            problems.append(Problem(str(path), position.line, position.column, field, message))
    return problems


def _step_loc(routine: Routine, path: tuple[int, ...]) -> list[str | int]:
    loc: list[str | int] = ["steps"]
    steps = routine.steps
    for depth, index in enumerate(path):
        step = steps[index]
        kind = next(iter(type(step).model_fields))
        loc += [index, kind]
        if depth < len(path) - 1:
            loc.append("steps")
            steps = step_body(step).steps  # type: ignore[union-attr]
    return loc


def _body(routine: Routine, path: tuple[int, ...]) -> object:
    steps = routine.steps
    body: object = None
    for index in path:
        body = step_body(steps[index])
        steps = getattr(body, "steps", steps)
    return body
