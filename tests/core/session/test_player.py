"""The player: a pure, clock-driven state machine over a timeline.

Every test drives a FakeClock by hand. Times in the expectations are offsets from the instant the
player was started, in nanoseconds (``S`` is one second, ``MS`` one millisecond).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from app.core.session.clock import NS_PER_MS, NS_PER_S, FakeClock
from app.core.session.player import (
    CueDue,
    Event,
    Finished,
    Player,
    PlayerState,
    SegmentStarted,
    StateChanged,
)
from app.core.session.timeline import Timeline
from tests.support.routines import PLAIN, timeline_from_yaml

S = NS_PER_S
MS = NS_PER_MS

PLAIN_BOUNDARIES_S = [10, 14, 20, 24, 30, 35]

#: Step 0: guide [0, 5 s). Step 1: hold, open, max 60 s. Step 2: check-in, open, no cap.
#: Step 3: rest, 5 s.
OPEN = timeline_from_yaml(
    """
    name: Open
    summary: Segments the user ends.
    steps:
      - guide: {label: Before, duration: 5s}
      - hold: {label: Hold the breath out, max: 1m}
      - check_in: {label: How is it?}
      - rest: {duration: 5s}
    """
)

#: Exactly 30 minutes of odd lengths: ramps, holds, sides, repeats, a list pattern.
THIRTY_MINUTES = timeline_from_yaml(
    """
    name: Thirty minutes
    summary: Long enough to drift if anything added up ticks.
    steps:
      - guide: {label: Arrive, duration: 61.7s}
      - breathe:
          pattern: {inhale: 3.3, hold_in: 0.7, exhale: 4.9, hold_out: 1.3}
          cycles: 60
      - breathe:
          pattern: {inhale: 3, exhale: 4}
          ramp: {inhale: 5.3, exhale: 7.1}
          cycles: 37
      - move:
          label: Roll
          reps: 7
          rep: [{label: Up, duration: 1.7s}, {label: Down, duration: 2.9s}]
          sides: [left, right]
      - repeat:
          times: 3
          steps:
            - guide: {label: Scan, duration: 37.3s}
            - rest: {duration: 23.1s}
      - breathe:
          pattern: [{inhale: 2.2}, {inhale: 0.9, label: Top up}, {exhale: 6.3}]
          cycles: 50
      - rest: {duration: 51.8s}
    """
)


def describe(events: Sequence[Event], t0: int) -> list[tuple[object, ...]]:
    """Events as plain tuples with times relative to *t0*, for readable comparisons."""
    out: list[tuple[object, ...]] = []
    for event in events:
        match event:
            case StateChanged():
                out.append(("state", event.state.value, event.at_ns - t0))
            case SegmentStarted():
                out.append(("segment", event.segment.index, event.at_ns - t0))
            case CueDue():
                index = event.segment.index if event.segment is not None else None
                out.append(("cue", event.cue, index, event.at_ns - t0))
            case Finished():
                out.append(
                    ("finished", event.completed, event.practised_ms, event.step, event.at_ns - t0)
                )
    return out


def started(clock: FakeClock, timeline: Timeline = PLAIN) -> tuple[Player, int]:
    """A player started without count-in at the clock's current instant."""
    player = Player(timeline, clock, count_in_ms=0)
    t0 = clock()
    player.start()
    return player, t0


def state(player: Player) -> PlayerState:
    """The player's state, read afresh (a function, so type checkers do not narrow it)."""
    return player.state


def play_to(player: Player, clock: FakeClock, at_ns: int) -> list[Event]:
    clock.set(at_ns)
    return player.advance()


# ------------------------------------------------------------------------------ start, count-in


def test_a_new_player_is_ready_at_the_first_segment(clock: FakeClock) -> None:
    """Before start: READY, on segment 0, nothing practised, the whole count-in still ahead."""
    player = Player(PLAIN, clock)
    snap = player.snapshot()
    assert state(player) is PlayerState.READY
    assert snap.segment.index == 0
    assert snap.step.index == 0
    assert (snap.elapsed_ms, snap.remaining_ms, snap.progress) == (0, 35_000, 0.0)
    assert snap.count_in_remaining_ms == 3_000
    assert player.next_wakeup_ns() is None
    assert player.advance() == []


def test_start_counts_in_at_zero_one_and_two_seconds_then_plays_segment_zero_at_three(
    clock: FakeClock,
) -> None:
    """The default count-in: "count" cues at 0, 1 and 2 s; segment 0 and its bell at 3 s."""
    player = Player(PLAIN, clock)
    t0 = clock()
    assert describe(player.start(), t0) == [("state", "count_in", 0), ("cue", "count", None, 0)]
    assert state(player) is PlayerState.COUNT_IN
    assert player.next_wakeup_ns() == t0 + 1 * S
    assert describe(play_to(player, clock, t0 + 1 * S), t0) == [("cue", "count", None, 1 * S)]
    assert player.next_wakeup_ns() == t0 + 2 * S
    assert describe(play_to(player, clock, t0 + 2 * S), t0) == [("cue", "count", None, 2 * S)]
    assert player.next_wakeup_ns() == t0 + 3 * S
    assert describe(play_to(player, clock, t0 + 3 * S), t0) == [
        ("state", "playing", 3 * S),
        ("segment", 0, 3 * S),
        ("cue", "bell", 0, 3 * S),
    ]
    assert state(player) is PlayerState.PLAYING
    assert player.next_wakeup_ns() == t0 + 13 * S


def test_a_late_wakeup_during_the_count_in_delivers_each_count_once(clock: FakeClock) -> None:
    """Woken 3.5 s after start: counts at 1 and 2 s, then segment 0 at exactly 3 s."""
    player = Player(PLAIN, clock)
    t0 = clock()
    player.start()
    assert describe(play_to(player, clock, t0 + 3 * S + 500 * MS), t0) == [
        ("cue", "count", None, 1 * S),
        ("cue", "count", None, 2 * S),
        ("state", "playing", 3 * S),
        ("segment", 0, 3 * S),
        ("cue", "bell", 0, 3 * S),
    ]
    assert player.advance() == []


def test_snapshot_during_the_count_in_counts_down_and_practises_nothing(
    clock: FakeClock,
) -> None:
    """1.2 s into the count-in: 1.8 s of it left, nothing practised, all of the session ahead."""
    player = Player(PLAIN, clock)
    t0 = clock()
    player.start()
    clock.set(t0 + 1200 * MS)
    snap = player.snapshot()
    assert snap.state is PlayerState.COUNT_IN
    assert snap.count_in_remaining_ms == 1_800
    assert (snap.elapsed_ms, snap.remaining_ms, snap.progress) == (0, 35_000, 0.0)
    assert snap.phase_progress == 0.0


def test_start_without_count_in_plays_segment_zero_at_once(clock: FakeClock) -> None:
    """With ``count_in_ms=0`` the first segment and its bell come at the start instant."""
    player = Player(PLAIN, clock, count_in_ms=0)
    t0 = clock()
    assert describe(player.start(), t0) == [
        ("state", "playing", 0),
        ("segment", 0, 0),
        ("cue", "bell", 0, 0),
    ]
    assert state(player) is PlayerState.PLAYING
    assert player.next_wakeup_ns() == t0 + 10 * S
    assert player.snapshot().count_in_remaining_ms == 0


def test_start_a_second_time_does_nothing(clock: FakeClock) -> None:
    """start() on a player that has started returns no events and changes nothing."""
    player, _ = started(clock)
    clock.advance(2)
    assert player.start() == []
    assert player.snapshot().elapsed_ms == 2_000


def test_toggle_starts_pauses_and_resumes(clock: FakeClock) -> None:
    """toggle() is start when ready, pause when playing, resume when paused."""
    player = Player(PLAIN, clock, count_in_ms=0)
    player.toggle()
    assert state(player) is PlayerState.PLAYING
    player.toggle()
    assert state(player) is PlayerState.PAUSED
    player.toggle()
    assert state(player) is PlayerState.PLAYING


# --------------------------------------------------------------------------------- boundaries


def test_segments_start_with_their_cues_at_their_boundary(clock: FakeClock) -> None:
    """At 10 s the breathe step begins: its first segment, the bell, then the inhale cue."""
    player, t0 = started(clock)
    assert play_to(player, clock, t0 + 9999 * MS) == []
    assert describe(play_to(player, clock, t0 + 10 * S), t0) == [
        ("segment", 1, 10 * S),
        ("cue", "bell", 1, 10 * S),
        ("cue", "inhale", 1, 10 * S),
    ]
    assert describe(play_to(player, clock, t0 + 14 * S), t0) == [
        ("segment", 2, 14 * S),
        ("cue", "exhale", 2, 14 * S),
    ]


def test_a_late_wakeup_delivers_every_crossed_boundary_once_in_order_at_its_instant(
    clock: FakeClock,
) -> None:
    """Advancing the clock 30 s at once gives segments 1-5 with their cues, each at its boundary."""
    player, t0 = started(clock)
    events = play_to(player, clock, t0 + 30 * S)
    assert describe(events, t0) == [
        ("segment", 1, 10 * S),
        ("cue", "bell", 1, 10 * S),
        ("cue", "inhale", 1, 10 * S),
        ("segment", 2, 14 * S),
        ("cue", "exhale", 2, 14 * S),
        ("segment", 3, 20 * S),
        ("cue", "inhale", 3, 20 * S),
        ("segment", 4, 24 * S),
        ("cue", "exhale", 4, 24 * S),
        ("segment", 5, 30 * S),
        ("cue", "bell", 5, 30 * S),
    ]
    assert player.advance() == []
    assert player.next_wakeup_ns() == t0 + 35 * S


def test_a_late_wakeup_with_the_count_in_stamps_each_boundary_exactly(clock: FakeClock) -> None:
    """With the count-in, a 30 s wake-up gives counts, then segments shifted by 3 s."""
    player = Player(PLAIN, clock)
    t0 = clock()
    player.start()
    events = play_to(player, clock, t0 + 30 * S)
    assert [(e.segment.index, e.at_ns - t0) for e in events if isinstance(e, SegmentStarted)] == [
        (0, 3 * S),
        (1, 13 * S),
        (2, 17 * S),
        (3, 23 * S),
        (4, 27 * S),
    ]
    assert [e.at_ns - t0 for e in events if isinstance(e, CueDue) and e.cue == "count"] == [
        1 * S,
        2 * S,
    ]


def test_next_wakeup_is_the_exact_next_boundary(clock: FakeClock) -> None:
    """Each wake-up asked for is exactly where the next segment starts, then the end."""
    player, t0 = started(clock)
    wakeups = []
    while (wakeup := player.next_wakeup_ns()) is not None:
        wakeups.append(wakeup - t0)
        play_to(player, clock, wakeup)
    assert wakeups == [s * S for s in PLAIN_BOUNDARIES_S]
    assert state(player) is PlayerState.FINISHED


def test_the_end_rings_the_end_cue_and_reports_a_completed_session(clock: FakeClock) -> None:
    """At 35 s: FINISHED, the "end" cue, then Finished(completed, 35 000 ms practised, step 2)."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 34 * S)
    assert describe(play_to(player, clock, t0 + 40 * S), t0) == [
        ("state", "finished", 35 * S),
        ("cue", "end", None, 35 * S),
        ("finished", True, 35_000, 2, 35 * S),
    ]
    assert state(player) is PlayerState.FINISHED
    assert player.next_wakeup_ns() is None
    assert player.advance() == []


def test_practised_time_leaves_the_count_in_out(clock: FakeClock) -> None:
    """With a 3 s count-in the session ends at 38 s and counts 35 s practised."""
    player = Player(PLAIN, clock)
    t0 = clock()
    player.start()
    events = play_to(player, clock, t0 + 60 * S)
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms, finished.at_ns) == (
        True,
        35_000,
        t0 + 38 * S,
    )


def test_snapshot_after_the_end_shows_it_all_done(clock: FakeClock) -> None:
    """Once finished: progress 1, nothing remaining, phase complete, however late it is read."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 35 * S)
    clock.advance(100)
    snap = player.snapshot()
    assert snap.state is PlayerState.FINISHED
    assert (snap.progress, snap.remaining_ms, snap.phase_progress) == (1.0, 0, 1.0)
    assert snap.segment_remaining_ms == 0
    assert snap.elapsed_ms == 35_000
    assert snap.at_ns == t0 + 35 * S


@pytest.mark.parametrize(
    ("at_ms", "segment", "phase_progress", "segment_remaining", "remaining"),
    [
        (0, 0, 0.0, 10_000, 35_000),
        (2_500, 0, 0.25, 7_500, 32_500),
        (12_500, 1, 0.625, 1_500, 22_500),  # inhale 10-14 s
        (17_000, 2, 0.5, 3_000, 18_000),  # exhale 14-20 s
        (29_000, 4, 5 / 6, 1_000, 6_000),  # exhale 24-30 s
        (34_000, 5, 0.8, 1_000, 1_000),  # rest 30-35 s
    ],
)
def test_snapshot_fields_at_chosen_instants(
    clock: FakeClock,
    at_ms: int,
    segment: int,
    phase_progress: float,
    segment_remaining: int,
    remaining: int,
) -> None:
    """The snapshot says which segment, how far through it, and how much of the session is left."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + at_ms * MS)
    snap = player.snapshot()
    assert snap.state is PlayerState.PLAYING
    assert snap.at_ns == t0 + at_ms * MS
    assert snap.segment.index == segment
    assert snap.step.index == PLAIN.segments[segment].step
    assert snap.phase_progress == pytest.approx(phase_progress)
    assert snap.segment_elapsed_ms == pytest.approx(at_ms - PLAIN.segments[segment].start_ms)
    assert snap.segment_remaining_ms == pytest.approx(segment_remaining)
    assert snap.elapsed_ms == at_ms
    assert snap.remaining_ms == remaining
    assert snap.progress == pytest.approx(at_ms / 35_000)
    assert snap.count_in_remaining_ms == 0


def test_snapshot_reads_the_clock_even_before_a_late_advance(clock: FakeClock) -> None:
    """snapshot() never changes state: before advance() it still shows the old segment."""
    player, t0 = started(clock)
    clock.set(t0 + 12 * S)
    snap = player.snapshot()
    assert snap.segment.index == 0
    assert snap.phase_progress == 1.0
    assert snap.segment_remaining_ms == 0
    assert player.snapshot().segment.index == 0
    player.advance()
    assert player.snapshot().segment.index == 1


# ------------------------------------------------------------------------------ pause, resume


def test_a_pause_of_any_length_changes_neither_elapsed_nor_remaining_time(
    clock: FakeClock,
) -> None:
    """Paused at 12.5 s for an hour: the snapshot is frozen, then playing picks up where it was."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 12_500 * MS)
    before = player.snapshot()
    assert describe(player.pause(), t0) == [("state", "paused", 12_500 * MS)]
    assert state(player) is PlayerState.PAUSED
    clock.advance(3600)
    during = player.snapshot()
    assert player.next_wakeup_ns() is None
    assert player.advance() == []
    assert describe(player.resume(), t0) == [("state", "playing", 3600 * S + 12_500 * MS)]
    after = player.snapshot()
    for snap in (during, after):
        assert snap.segment == before.segment
        assert snap.elapsed_ms == before.elapsed_ms == 12_500
        assert snap.remaining_ms == before.remaining_ms == 22_500
        assert snap.segment_remaining_ms == before.segment_remaining_ms
        assert snap.phase_progress == before.phase_progress
        assert snap.progress == before.progress
    assert during.state is PlayerState.PAUSED
    assert player.next_wakeup_ns() == clock() + 1_500 * MS
    events = play_to(player, clock, t0 + 3600 * S + 35 * S)
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert finished.at_ns == t0 + 3600 * S + 35 * S
    assert finished.practised_ms == 35_000


def test_pause_first_catches_up_with_boundaries_already_crossed(clock: FakeClock) -> None:
    """Pausing after a late wake-up still delivers the segments that began before the pause."""
    player, t0 = started(clock)
    clock.set(t0 + 15 * S)
    assert describe(player.pause(), t0) == [
        ("segment", 1, 10 * S),
        ("cue", "bell", 1, 10 * S),
        ("cue", "inhale", 1, 10 * S),
        ("segment", 2, 14 * S),
        ("cue", "exhale", 2, 14 * S),
        ("state", "paused", 15 * S),
    ]


def test_pause_and_resume_only_when_they_apply(clock: FakeClock) -> None:
    """Pausing twice, or resuming while playing or ready, does nothing."""
    player = Player(PLAIN, clock, count_in_ms=0)
    assert player.resume() == []
    assert player.pause() == []
    assert state(player) is PlayerState.READY
    player.start()
    assert player.resume() == []
    player.pause()
    assert player.pause() == []
    assert state(player) is PlayerState.PAUSED


def test_a_pause_during_the_count_in_holds_the_count_in(clock: FakeClock) -> None:
    """Paused 1.5 s into the count-in for a minute: 1.5 s still left, the last count comes late."""
    player = Player(PLAIN, clock)
    t0 = clock()
    player.start()
    clock.set(t0 + 1500 * MS)
    assert describe(player.pause(), t0) == [
        ("cue", "count", None, 1 * S),
        ("state", "paused", 1500 * MS),
    ]
    clock.advance(60)
    assert player.snapshot().count_in_remaining_ms == 1_500
    assert player.snapshot().state is PlayerState.PAUSED
    assert describe(player.resume(), t0) == [("state", "count_in", 61_500 * MS)]
    assert state(player) is PlayerState.COUNT_IN
    assert player.next_wakeup_ns() == t0 + 62 * S
    assert describe(play_to(player, clock, t0 + 70 * S), t0) == [
        ("cue", "count", None, 62 * S),
        ("state", "playing", 63 * S),
        ("segment", 0, 63 * S),
        ("cue", "bell", 0, 63 * S),
    ]


# ------------------------------------------------------------------------------- skip and back


def test_skip_goes_to_the_next_step_at_once(clock: FakeClock) -> None:
    """Skipping at 2 s starts the breathe step there, with its cues; its 25 s remain."""
    player, t0 = started(clock)
    clock.set(t0 + 2 * S)
    assert describe(player.skip(), t0) == [
        ("segment", 1, 2 * S),
        ("cue", "bell", 1, 2 * S),
        ("cue", "inhale", 1, 2 * S),
    ]
    snap = player.snapshot()
    assert snap.step.index == 1
    assert snap.remaining_ms == 25_000
    assert snap.elapsed_ms == 2_000
    assert player.next_wakeup_ns() == t0 + 6 * S


def test_skip_from_inside_a_step_skips_the_rest_of_that_step(clock: FakeClock) -> None:
    """Skipping in the second cycle of the breathe step goes to the rest step."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 21 * S)
    assert describe(player.skip(), t0) == [("segment", 5, 21 * S), ("cue", "bell", 5, 21 * S)]


def test_skip_on_the_last_step_ends_the_session_early_not_completed(clock: FakeClock) -> None:
    """Skipping the last step with most of the routine not practised (→ at 21 s into the rest,
    → again) is an early ending (undoable, see test_ending_early): the player holds the session,
    and once the undo window has passed it is stopped, not completed, with no end cue and the
    21 s practised. (→ there after 80 % of it is finishing: see test_ending_early.)"""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 21 * S)
    player.skip()
    assert describe(player.skip(), t0) == [("state", "paused", 21 * S)]
    assert player.ending
    assert describe(play_to(player, clock, t0 + 26 * S), t0) == [
        ("state", "stopped", 21 * S),
        ("finished", False, 21_000, 2, 21 * S),
    ]
    assert state(player) is PlayerState.STOPPED
    assert player.skip() == []


def test_skip_while_paused_moves_silently_and_stays_paused(clock: FakeClock) -> None:
    """Skipping while paused starts the next step without cues; resuming plays it from its start."""
    player, t0 = started(clock)
    clock.set(t0 + 5 * S)
    player.pause()
    clock.advance(20)
    assert describe(player.skip(), t0) == [("segment", 1, 5 * S)]
    assert state(player) is PlayerState.PAUSED
    assert player.snapshot().segment_elapsed_ms == 0
    player.resume()
    assert player.next_wakeup_ns() == clock() + 4 * S


def test_back_after_three_seconds_restarts_this_step(clock: FakeClock) -> None:
    """Eleven seconds into the breathe step, back starts it again from its first segment."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 21 * S)
    assert describe(player.back(), t0) == [
        ("segment", 1, 21 * S),
        ("cue", "bell", 1, 21 * S),
        ("cue", "inhale", 1, 21 * S),
    ]
    assert player.snapshot().remaining_ms == 25_000
    assert player.next_wakeup_ns() == t0 + 25 * S


@pytest.mark.parametrize(
    ("into_step_ms", "to_segment"),
    [(0, 0), (2_999, 0), (3_000, 1), (5_000, 1)],
)
def test_back_within_three_seconds_of_a_step_start_goes_to_the_step_before(
    clock: FakeClock, into_step_ms: int, to_segment: int
) -> None:
    """Less than 3 s into the breathe step, back goes to the guide; from 3 s, to its own start."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 10 * S + into_step_ms * MS)
    events = player.back()
    assert isinstance(events[0], SegmentStarted)
    assert events[0].segment.index == to_segment
    assert events[0].at_ns == t0 + 10 * S + into_step_ms * MS


def test_back_on_the_first_step_restarts_it(clock: FakeClock) -> None:
    """There is no step before the first: back restarts it, even just after it began."""
    player, t0 = started(clock)
    clock.set(t0 + 1 * S)
    assert describe(player.back(), t0) == [("segment", 0, 1 * S), ("cue", "bell", 0, 1 * S)]
    assert player.next_wakeup_ns() == t0 + 11 * S


def test_back_twice_quickly_walks_back_step_by_step(clock: FakeClock) -> None:
    """Back late in the rest step restarts it; back again at once goes to the breathe step."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 34 * S)
    player.back()
    assert player.segment.index == 5
    clock.advance(1)
    player.back()
    assert player.segment.index == 1


def test_skip_and_back_do_nothing_before_start_or_during_the_count_in(clock: FakeClock) -> None:
    """Skip and back move through steps of a session that is playing (or paused in it)."""
    player = Player(PLAIN, clock)
    assert player.skip() == []
    assert player.back() == []
    player.start()
    clock.advance(0.5)
    assert player.skip() == []
    assert player.back() == []
    assert state(player) is PlayerState.COUNT_IN


# -------------------------------------------------------------------------------------- stop


def test_stop_ends_the_session_as_not_completed_at_the_step_it_was_on(clock: FakeClock) -> None:
    """Stopping at 12 s: STOPPED, no end cue, Finished(completed=False, 12 000 ms, step 1)."""
    player, t0 = started(clock)
    play_to(player, clock, t0 + 12 * S)
    assert describe(player.stop(), t0) == [
        ("state", "stopped", 12 * S),
        ("finished", False, 12_000, 1, 12 * S),
    ]
    assert state(player) is PlayerState.STOPPED
    assert player.next_wakeup_ns() is None
    clock.advance(100)
    for command in (player.advance, player.pause, player.resume, player.skip, player.back):
        assert command() == []
    assert player.stop() == []
    assert player.snapshot().state is PlayerState.STOPPED
    assert player.snapshot().elapsed_ms == 12_000


def test_stop_while_paused_counts_only_the_time_played(clock: FakeClock) -> None:
    """Stopped after a long pause: practised time and the stop instant are the pause's."""
    player, t0 = started(clock)
    clock.set(t0 + 7 * S)
    player.pause()
    clock.advance(600)
    events = player.stop()
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms, finished.step) == (False, 7_000, 0)


def test_stop_before_start_does_nothing(clock: FakeClock) -> None:
    """A player that never started has nothing to stop."""
    player = Player(PLAIN, clock)
    assert player.stop() == []
    assert state(player) is PlayerState.READY


def test_stop_during_the_count_in_practises_nothing(clock: FakeClock) -> None:
    """Stopping during the count-in ends the session on step 0 with nothing practised."""
    player = Player(PLAIN, clock)
    t0 = clock()
    player.start()
    play_to(player, clock, t0 + 2 * S)
    assert describe(player.stop(), t0) == [
        ("state", "stopped", 2 * S),
        ("finished", False, 0, 0, 2 * S),
    ]


# ---------------------------------------------------------------------------- open segments


def test_an_open_hold_with_a_max_ends_by_itself_at_its_max(clock: FakeClock) -> None:
    """The hold starts at 5 s with a 60 s cap: the check-in starts at exactly 65 s."""
    player, t0 = started(clock, OPEN)
    play_to(player, clock, t0 + 5 * S)
    assert player.segment.kind == "hold"
    assert player.next_wakeup_ns() == t0 + 65 * S
    clock.set(t0 + 35 * S)
    snap = player.snapshot()
    assert snap.segment_remaining_ms == 30_000
    assert snap.phase_progress == 0.5
    assert snap.remaining_ms == 5_000
    assert describe(play_to(player, clock, t0 + 70 * S), t0) == [
        ("segment", 2, 65 * S),
        ("cue", "bell", 2, 65 * S),
    ]


def test_an_uncapped_open_segment_waits_for_the_user(clock: FakeClock) -> None:
    """In an open check-in nothing is due: no wake-up, and an hour later it is still there."""
    player, t0 = started(clock, OPEN)
    play_to(player, clock, t0 + 5 * S)
    player.finish_open()
    assert player.segment.kind == "check_in"
    assert player.next_wakeup_ns() is None
    assert play_to(player, clock, t0 + 3605 * S) == []
    snap = player.snapshot()
    assert snap.segment.kind == "check_in"
    assert snap.segment_remaining_ms is None
    assert snap.phase_progress == 0.0
    assert snap.remaining_ms == 5_000
    assert snap.elapsed_ms == 3605_000


def test_finish_open_is_the_continue_button(clock: FakeClock) -> None:
    """Continue on the hold at 20 s starts the check-in at 20 s; Continue there starts the rest."""
    player, t0 = started(clock, OPEN)
    play_to(player, clock, t0 + 20 * S)
    assert describe(player.finish_open(), t0) == [
        ("segment", 2, 20 * S),
        ("cue", "bell", 2, 20 * S),
    ]
    clock.advance(30)
    assert describe(player.finish_open(), t0) == [
        ("segment", 3, 50 * S),
        ("cue", "bell", 3, 50 * S),
    ]
    assert player.next_wakeup_ns() == t0 + 55 * S
    events = play_to(player, clock, t0 + 55 * S)
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms) == (True, 55_000)


def test_finish_open_on_a_timed_segment_does_nothing(clock: FakeClock) -> None:
    """Continue only ends open segments; a guide runs its full length."""
    player, t0 = started(clock, OPEN)
    clock.set(t0 + 2 * S)
    assert player.finish_open() == []
    assert player.segment.index == 0


def test_finish_open_on_the_last_step_finishes_the_session(clock: FakeClock) -> None:
    """A routine that ends with a journal is completed when the user continues from it."""
    timeline = timeline_from_yaml(
        """
        name: Write
        summary: Ends open.
        steps:
          - rest: {duration: 2s}
          - journal: {prompt: How was it?}
        """
    )
    player, t0 = started(clock, timeline)
    play_to(player, clock, t0 + 90 * S)
    assert describe(player.finish_open(), t0) == [
        ("state", "finished", 90 * S),
        ("cue", "end", None, 90 * S),
        ("finished", True, 90_000, 1, 90 * S),
    ]


# ------------------------------------------------------------------------------- zero drift


def _segment_starts(events: Sequence[Event]) -> list[tuple[int, int]]:
    return [(e.segment.index, e.at_ns) for e in events if isinstance(e, SegmentStarted)]


def _assert_exact_30_minute_session(events: Sequence[Event], t0: int) -> None:
    assert THIRTY_MINUTES.total_ms == 30 * 60_000
    expected = [(s.index, t0 + s.start_ms * MS) for s in THIRTY_MINUTES.segments]
    assert _segment_starts(events) == expected
    cues = [
        (e.cue, e.segment.index, e.at_ns) for e in events if isinstance(e, CueDue) and e.segment
    ]
    assert cues == [
        (cue, s.index, t0 + s.start_ms * MS) for s in THIRTY_MINUTES.segments for cue in s.cues
    ]
    finished = [e for e in events if isinstance(e, Finished)]
    assert len(finished) == 1
    assert finished[0].at_ns == t0 + 30 * 60 * S
    assert finished[0].practised_ms == 30 * 60_000
    assert finished[0].completed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_thirty_minutes_woken_at_jittered_instants_has_zero_drift(
    clock: FakeClock, seed: int
) -> None:
    """Woken at random instants (0-2 s apart, odd nanoseconds), every boundary is exact."""
    rng = random.Random(seed)
    player = Player(THIRTY_MINUTES, clock, count_in_ms=0)
    t0 = clock()
    events = player.start()
    while not player.state.is_over:
        clock.advance(ns=rng.randrange(1, 2 * S))
        events += player.advance()
    _assert_exact_30_minute_session(events, t0)


def test_thirty_minutes_woken_a_little_after_each_requested_wakeup_has_zero_drift(
    clock: FakeClock,
) -> None:
    """Woken late by up to 40 ms of jitter at each requested instant, nothing drifts."""
    rng = random.Random(7)
    player = Player(THIRTY_MINUTES, clock, count_in_ms=0)
    t0 = clock()
    events = player.start()
    while (wakeup := player.next_wakeup_ns()) is not None:
        clock.set(max(clock(), wakeup + rng.randrange(0, 40 * MS)))
        events += player.advance()
    _assert_exact_30_minute_session(events, t0)


def test_thirty_minutes_in_one_single_late_wakeup_has_zero_drift(clock: FakeClock) -> None:
    """One wake-up an hour after the start delivers the whole session, each event at its instant."""
    player = Player(THIRTY_MINUTES, clock, count_in_ms=0)
    t0 = clock()
    events = player.start()
    clock.advance(3600)
    events += player.advance()
    _assert_exact_30_minute_session(events, t0)
    assert state(player) is PlayerState.FINISHED
