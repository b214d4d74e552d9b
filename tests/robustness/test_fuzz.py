"""Fuzzing the loader, the compiler, the player and render-audio with generated routines.

Valid routine documents are generated, then broken (tests/robustness/routine_strategies.py).
Whatever the document, nothing but the project's own errors escapes, and every valid routine
compiles, plays to its end, and renders a track exactly as long as its layout. Each target runs at
least 2,000 examples in CI (``HYPOTHESIS_PROFILE=ci``: a fixed seed per test), 10,000 locally.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.audio.cue_bank import CueBank
from app.audio.render import render_track
from app.audio.synth import BreathPhase, samples_for_ms
from app.audio.voices import CueName, SynthVoices
from app.core.routine.loader import load_routine_text
from app.core.routine.model import Routine
from app.core.routine.problems import RoutineError
from app.core.routine.size import measure
from app.core.session.clock import NS_PER_MS, FakeClock
from app.core.session.player import (
    UNDO_MS,
    Event,
    Finished,
    Player,
    PlayerState,
    SegmentStarted,
)
from app.core.session.timeline import Timeline, compile_routine
from tests.robustness.routine_strategies import (
    LEAN,
    TINY,
    dump,
    flow_styles,
    mutated_documents,
    valid_documents,
    yaml_texts,
)
from tests.support.hypothesis_profiles import fuzz
from tests.support.player_checks import check_snapshot

#: Generating a nested document takes many draws; Hypothesis may find that slow for its taste
#: on a loaded 2-core machine. The time is spent building inputs, not in the code under test.
fuzz_generated = settings(fuzz, suppress_health_check=[HealthCheck.too_slow])


def load(text: str) -> Routine:
    return load_routine_text(text, "fuzz.yaml", default_id="fuzz")


def check_timeline(routine: Routine, timeline: Timeline) -> None:
    """Contiguous, exact segments; steps that tile them; and measure() agreeing with it all."""
    clock = 0
    for number, segment in enumerate(timeline.segments):
        assert segment.index == number
        assert segment.start_ms == clock
        assert segment.is_open == (segment.kind in ("hold", "check_in", "journal"))
        assert segment.duration_ms is None or segment.duration_ms >= 500
        clock += segment.duration_ms or 0
    assert timeline.fixed_ms == clock
    stop = 0
    for span in timeline.steps:
        assert span.first == stop < span.stop
        assert timeline.segments[span.first].cues[0] == "bell"
        stop = span.stop
    assert stop == len(timeline.segments) > 0
    size = measure(routine)
    assert (size.segments, size.fixed_ms) == (len(timeline.segments), timeline.fixed_ms)
    assert size.open_segments == sum(segment.is_open for segment in timeline.segments)


# ---------------------------------------------------------------------------- the loader


@fuzz_generated
@given(yaml_texts(mutated_documents()))
def test_a_broken_routine_fails_only_with_routine_errors_of_one_line_each(text: str) -> None:
    """A mutated routine loads (and then compiles) or raises RoutineError, whose every problem is
    one line that names the file and a position inside the text."""
    try:
        routine = load(text)
    except RoutineError as error:
        event("refused")
        lines = len(text.splitlines()) + 1
        for problem in error.problems:
            assert problem.file == "fuzz.yaml"
            assert 1 <= problem.line <= lines
            assert problem.column >= 1
            assert problem.field
            assert problem.message
            assert len(str(problem).splitlines()) == 1, str(problem)
    else:
        event("still valid")
        check_timeline(routine, compile_routine(routine))


# -------------------------------------------------------------------------- the compiler

#: NEL, a line break to YAML. PyYAML's pure-Python writer (used when libyaml is missing) puts it
#: unescaped inside quotes when asked for unicode, and reading folds it to a space: a quirk of
#: that writer, not of the loader, which reads what a person wrote.
NEL = "\x85"

#: What the model strips from texts: Unicode's White_Space (Python's str.strip() also takes the
#: separators \x1c to \x1f, which the model keeps).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@fuzz_generated
@given(valid_documents(), flow_styles, st.booleans(), st.sampled_from([0, 3_000]), st.data())
def test_every_valid_routine_loads_compiles_and_plays_to_the_end(
    doc: dict[str, Any],
    flow: bool | None,
    unicode: bool,
    count_in_ms: int,
    data: st.DataObject,
) -> None:
    """A valid document, however it is written, loads with its texts intact and compiles to a
    contiguous timeline. Played with a wake-up at each boundary, and the user ending open steps
    after a while, every segment starts once, in order, and the session finishes complete: its
    practised time is the fixed time, plus capped holds at their cap, plus the time the user took
    on the others."""
    routine = load(dump(doc, flow, unicode))
    if not (unicode and NEL in doc["name"]):
        assert routine.name == doc["name"].strip(WHITE_SPACE)
    timeline = compile_routine(routine)
    check_timeline(routine, timeline)

    clock = FakeClock()
    player = Player(timeline, clock, count_in_ms=count_in_ms)
    events = player.start()
    taken_ms = 0
    while not player.state.is_over:
        wakeup = player.next_wakeup_ns()
        if wakeup is None:
            assert player.segment.is_open and player.segment.max_ms is None
            wait_ms = data.draw(st.integers(0, 600_000), label="the user takes (ms)")
            clock.advance(ms=wait_ms)
            taken_ms += wait_ms
            events += player.finish_open()
        else:
            clock.set(max(clock(), wakeup))
            events += player.advance()
    started = [event.segment.index for event in events if isinstance(event, SegmentStarted)]
    assert started == list(range(len(timeline.segments)))
    (finished,) = [event for event in events if isinstance(event, Finished)]
    capped = sum(s.max_ms or 0 for s in timeline.segments if s.is_open)
    assert finished.completed
    assert finished.practised_ms == timeline.fixed_ms + capped + taken_ms
    assert player.state is PlayerState.FINISHED


# ---------------------------------------------------------------------------- the player

Command = Literal[
    "start",
    "pause",
    "resume",
    "toggle",
    "skip",
    "back",
    "finish_open",
    "stop",
    "advance",
    "look",
    "end_early",
    "undo_end",
]
COMMANDS: tuple[Command, ...] = get_args(Command)

#: When the next command comes: some nanoseconds later, or just at, before or after the next
#: boundary the player is waiting for.
instants = st.one_of(
    st.integers(0, 5_000_000_000),
    st.integers(0, 120_000_000_000),
    st.tuples(st.just("boundary"), st.sampled_from([-1, 0, 1])),
)


def play(player: Player, command: Command) -> list[Event]:
    """Send *command*; ``look`` reads a snapshot, as the pacer does on every frame."""
    if command == "look":
        player.snapshot()
        return []
    result: list[Event] = getattr(player, command)()
    return result


@fuzz_generated
@given(
    valid_documents(LEAN),
    st.sampled_from([0, 1_500, 3_000]),
    st.lists(st.tuples(instants, st.sampled_from(COMMANDS)), max_size=30),
)
def test_random_commands_at_random_instants_never_raise_and_skips_end_the_session(
    doc: dict[str, Any], count_in_ms: int, script: list[tuple[Any, Command]]
) -> None:
    """Any commands at any instants (boundaries included) keep the player consistent; then
    resuming and skipping always ends the session (skipping the last step ends it early, final
    after the undo window), FINISHED or STOPPED, with one Finished."""
    timeline = compile_routine(load(dump(doc)))
    clock = FakeClock()
    player = Player(timeline, clock, count_in_ms=count_in_ms)
    events: list[Event] = []
    for instant, command in script:
        if isinstance(instant, int):
            clock.advance(ns=instant)
        else:
            wakeup = player.next_wakeup_ns()
            if wakeup is not None:
                clock.set(max(clock(), wakeup + instant[1]))
        events += play(player, command)
        check_snapshot(player)
    events += player.start() + player.resume()
    clock.advance(ns=count_in_ms * NS_PER_MS)
    events += player.advance()
    for _ in range(len(timeline.steps) + 1):
        events += player.skip()
    clock.advance(ns=UNDO_MS * NS_PER_MS)  # skipping the last step ends early: let it be final
    events += player.advance()
    assert player.state in (PlayerState.FINISHED, PlayerState.STOPPED)
    stamps = [event.at_ns for event in events]
    assert stamps == sorted(stamps)
    assert all(stamp <= clock() for stamp in stamps)
    assert sum(isinstance(event, Finished) for event in events) == 1


# ----------------------------------------------------------------------------- render-audio


class CachedVoices:
    """The synthesiser's voices, with each cue (bell, end bells...) made once for the whole run.

    The bank and the mixing run in full for every example, drones and breath tones synthesised
    each time (they are as long as their short phases); only re-making the same seconds-long bells
    for each of thousands of routines is skipped, which keeps an example to a few milliseconds.
    """

    def __init__(self) -> None:
        self._voices = SynthVoices()
        self._cues: dict[tuple[CueName, float], bytes] = {}

    def cue(self, name: CueName, volume: float) -> bytes:
        key = (name, volume)
        if key not in self._cues:
            self._cues[key] = self._voices.cue(name, volume)
        return self._cues[key]

    def drone(self, hz: float, duration_ms: int, volume: float) -> bytes:
        return self._voices.drone(hz, duration_ms, volume)

    def breath_tone(self, phase: BreathPhase, duration_ms: int, volume: float) -> bytes:
        return self._voices.breath_tone(phase, duration_ms, volume)


VOICES = CachedVoices()


@fuzz_generated
@given(
    valid_documents(TINY, depth=1),
    st.sampled_from([0.0, 0.5, 1.0]),
    st.booleans(),
    st.sampled_from([0, 1_000, 3_000]),
    st.sampled_from([0.0, 0.25, 1.5]),
)
def test_render_audio_is_exactly_as_long_as_the_session_and_its_end_bells(
    doc: dict[str, Any], volume: float, breath_tone: bool, count_in_ms: int, open_seconds: float
) -> None:
    """The track is the count-in, the fixed time, each open step at open_seconds (or its cap when
    shorter), then the end bells to their last sample; nothing sounds past them."""
    timeline = compile_routine(load(dump(doc)))
    bank = CueBank.build(timeline, volume=volume, breath_tone=breath_tone, voices=VOICES)
    track = render_track(timeline, bank, open_seconds, count_in_ms=count_in_ms)
    open_ms = round(open_seconds * 1000)
    opened = sum(
        open_ms if segment.max_ms is None else min(open_ms, segment.max_ms)
        for segment in timeline.segments
        if segment.is_open
    )
    end_ms = count_in_ms + timeline.fixed_ms + opened
    assert track.dtype.name == "int16"
    assert track.size == samples_for_ms(end_ms) + len(bank.cue("end")) // 2
    if volume == 0.0:
        assert not track.any()
