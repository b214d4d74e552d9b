"""``unbrace render-audio``: a routine's whole audio track, cues and voice, as a WAV file.

The audio modules are imported when the command runs, not when the command line starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.command_line import UsageError, resolve_routine
from app.core.files.paths import AppPaths
from app.core.routine.durations import format_clock
from app.core.routine.problems import RoutineError, printable

if TYPE_CHECKING:
    from app.audio.speech_mix import PlacedSpeech
    from app.core.routine.model import Routine
    from app.core.session.timeline import Timeline


def cmd_render_audio(
    paths: AppPaths,
    name: str,
    out: Path,
    open_seconds: float,
    breath_tone: bool,
    voice: bool = True,
) -> int:
    if not 0 <= open_seconds <= 3600:
        raise UsageError("--open-seconds is between 0 and 3600")
    from app.audio.render import TrackTooLong, plan_track, write_track
    from app.audio.wav_cue import CueUnreadable
    from app.core.session.timeline import compile_routine

    routine = resolve_routine(paths, name)
    timeline = compile_routine(routine)
    sound = routine.sound.model_copy(
        update={"breath_tone": breath_tone or routine.sound.breath_tone}
    )
    try:
        plan_track(timeline, sound, open_seconds).check_fits()  # before any voice is rendered
        speech, spoken_by = (
            _track_speech(paths, routine, timeline, open_seconds) if voice else ((), "")
        )
        plan = plan_track(timeline, sound, open_seconds, speech=speech)
        plan.check_fits()
    except CueUnreadable as error:
        raise RoutineError([error.problem()]) from None
    except TrackTooLong as error:
        raise UsageError(f"cannot write {printable(str(out))}: {error}") from None
    _check_room(out, plan.wav_bytes)
    try:
        write_track(out, plan)
    except OSError as error:
        raise UsageError(
            f"cannot write {printable(str(out))}: {error.strerror or error}; nothing was written"
        ) from None
    seconds = plan.length / 44_100
    print(
        f"{printable(str(out))}: {format_clock(round(seconds * 1000))} of audio for "
        f"{printable(timeline.name)}{spoken_by}"
    )
    return 0


def _track_speech(
    paths: AppPaths, routine: Routine, timeline: Timeline, open_seconds: float
) -> tuple[list[PlacedSpeech], str]:
    """The routine's speech placed on the track, and ", spoken by ..." (or nothing)."""
    from app.audio.render import segment_starts_ms
    from app.audio.speech import SpeechCache, SpeechSource
    from app.audio.speech_mix import place_speech
    from app.core.session.speech_plan import speech_plan
    from app.core.settings.settings import SettingsStore

    settings = SettingsStore(paths.settings_file).load().settings
    mode = settings.voice_mode if settings.voice_mode != "off" else "prompts"
    source = SpeechSource(paths.voices_dir, SpeechCache(paths.speech_cache))
    speech = source.render(speech_plan(timeline, mode), settings, routine.sound.volume)
    if speech.notice:
        print(f"unbrace: {speech.notice}", file=sys.stderr)
    starts, _ = segment_starts_ms(timeline, open_seconds)
    placed = place_speech(speech, starts)
    if not placed:
        return placed, ""
    who = speech.narrator.name if speech.narrator is not None else "the routine's narration"
    return placed, f", spoken by {who}"


def _check_room(out: Path, size: int) -> None:
    """Refuse, before writing, a track the disk has no room for."""
    try:
        info = os.statvfs(out.parent)
    except OSError:
        return  # the write itself says why
    free = info.f_bavail * info.f_frsize
    if size > free:
        raise UsageError(
            f"cannot write {printable(str(out))}: the track takes {size / 1e6:,.0f} MB and "
            f"{out.parent} has {free / 1e6:,.0f} MB free"
        )
