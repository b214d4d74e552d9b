"""Ending early is deliberate: the player holds the session for the undo window; undo carries
on from the same instant, otherwise it ends for good, not completed, with the time practised up
to the moment it was ended. Every test drives a FakeClock by hand."""

from __future__ import annotations

from app.core.session.clock import NS_PER_S, FakeClock
from app.core.session.player import (
    UNDO_MS,
    CueDue,
    EndingEarly,
    Event,
    Finished,
    Player,
    PlayerState,
    SegmentStarted,
)
from tests.support.routines import PLAIN

S = NS_PER_S


def started(clock: FakeClock, count_in_ms: int = 0) -> tuple[Player, int]:
    player = Player(PLAIN, clock, count_in_ms=count_in_ms)
    t0 = clock()
    player.start()
    return player, t0


def at(player: Player, clock: FakeClock, at_ns: int) -> list[Event]:
    clock.set(at_ns)
    return player.advance()


def only(events: list[Event], kind: type) -> list[Event]:
    return [e for e in events if isinstance(e, kind)]


def test_ending_early_holds_the_session_and_says_until_when(clock: FakeClock) -> None:
    """Stop at 12 s: paused at 12 s, an EndingEarly with 12 s practised, final 5 s later; the
    player wakes for that moment and nothing has finished yet."""
    player, t0 = started(clock)
    at(player, clock, t0 + 12 * S)
    events = player.end_early()
    (ending,) = only(events, EndingEarly)
    assert isinstance(ending, EndingEarly)
    assert (ending.practised_ms, ending.step) == (12_000, 1)
    assert ending.final_at_ns == t0 + 12 * S + UNDO_MS * 1_000_000
    assert player.state is PlayerState.PAUSED and player.ending
    assert player.next_wakeup_ns() == ending.final_at_ns
    assert only(at(player, clock, t0 + 16 * S), Finished) == []


def test_undo_within_the_window_carries_on_from_the_same_instant(clock: FakeClock) -> None:
    """Ended at 12 s, undone at 16 s: playing again at 12 s of practice, the breathe step's
    next boundary 2 s later (14 s of practice), and nothing ended."""
    player, t0 = started(clock)
    at(player, clock, t0 + 12 * S)
    player.end_early()
    clock.set(t0 + 16 * S)
    player.undo_end()
    assert player.state is PlayerState.PLAYING and not player.ending
    assert player.snapshot().elapsed_ms == 12_000
    events = at(player, clock, t0 + 18 * S)
    assert [e.segment.index for e in only(events, SegmentStarted)] == [2]  # type: ignore[attr-defined]
    assert only(at(player, clock, t0 + 60 * S), Finished) != []  # it can still end by itself


def test_without_undo_it_ends_for_good_with_the_time_practised(clock: FakeClock) -> None:
    """Past the window, however late the wake-up: stopped (not completed), 12 s practised,
    and undo no longer does anything."""
    player, t0 = started(clock)
    at(player, clock, t0 + 12 * S)
    player.end_early()
    (finished,) = only(at(player, clock, t0 + 300 * S), Finished)
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms, finished.step) == (False, 12_000, 1)
    assert player.state is PlayerState.STOPPED
    assert player.undo_end() == []
    assert player.snapshot().elapsed_ms == 12_000


def test_stop_makes_an_ending_final_at_once(clock: FakeClock) -> None:
    """Answering the check-in after, or leaving, settles it: stop ends it now, same time."""
    player, t0 = started(clock)
    at(player, clock, t0 + 20 * S)
    player.end_early()
    clock.set(t0 + 21 * S)
    (finished,) = only(player.stop(), Finished)
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms) == (False, 20_000)


def test_while_ending_the_session_does_not_move(clock: FakeClock) -> None:
    """Resume, skip and back wait for the undo: the ending holds the session still."""
    player, t0 = started(clock)
    at(player, clock, t0 + 12 * S)
    player.end_early()
    for command in (player.resume, player.toggle, player.skip, player.back, player.end_early):
        assert only(command(), SegmentStarted) == []
    assert player.state is PlayerState.PAUSED and player.ending


def test_undo_of_an_ending_made_while_paused_stays_paused(clock: FakeClock) -> None:
    """Paused at 7 s, stopped later: undo gives back the paused session, 7 s practised."""
    player, t0 = started(clock)
    at(player, clock, t0 + 7 * S)
    player.pause()
    clock.set(t0 + 50 * S)
    (ending,) = only(player.end_early(), EndingEarly)
    assert isinstance(ending, EndingEarly) and ending.practised_ms == 7_000
    player.undo_end()
    assert player.state is PlayerState.PAUSED and not player.ending
    clock.set(t0 + 60 * S)
    player.resume()
    assert player.snapshot().elapsed_ms == 7_000


def test_ending_during_the_count_in_practises_nothing(clock: FakeClock) -> None:
    player, t0 = started(clock, count_in_ms=3_000)
    at(player, clock, t0 + 2 * S)
    (ending,) = only(player.end_early(), EndingEarly)
    assert isinstance(ending, EndingEarly) and ending.practised_ms == 0
    (finished,) = only(at(player, clock, t0 + 10 * S), Finished)
    assert isinstance(finished, Finished) and finished.practised_ms == 0


def test_a_session_not_started_or_over_cannot_end_early(clock: FakeClock) -> None:
    player = Player(PLAIN, clock, count_in_ms=0)
    assert player.end_early() == [] and not player.ending
    player.start()
    at(player, clock, clock() + 40 * S)  # completed by itself
    assert player.end_early() == [] and player.state is PlayerState.FINISHED


def test_an_undo_after_the_window_is_too_late_even_before_the_player_was_woken(
    clock: FakeClock,
) -> None:
    """Ended at 20 s, undo asked 30 s later with no wake-up between (a busy GUI thread): the
    session is not resumed; the ending is made final, with the 20 s practised."""
    player, t0 = started(clock)
    at(player, clock, t0 + 20 * S)
    player.end_early()
    clock.set(t0 + 50 * S)
    (finished,) = only(player.undo_end(), Finished)
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms) == (False, 20_000)
    assert player.state is PlayerState.STOPPED and not player.ending


def test_next_on_the_last_step_of_a_routine_mostly_practised_keeps_it_as_completed(
    clock: FakeClock,
) -> None:
    """→ at 31 s of 35 (in the closing rest): the same undo window, then kept as completed with
    31 s practised - no end chime, the sound fell silent when it was held."""
    player, t0 = started(clock)
    at(player, clock, t0 + 31 * S)
    (ending,) = only(player.skip(), EndingEarly)
    assert isinstance(ending, EndingEarly) and ending.completes
    assert player.ending and player.state is PlayerState.PAUSED
    events = at(player, clock, t0 + 36 * S)
    (finished,) = only(events, Finished)
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms) == (True, 31_000)
    assert player.state is PlayerState.FINISHED
    assert [e for e in only(events, CueDue) if e.cue == "end"] == []  # type: ignore[attr-defined]


def test_next_on_the_last_step_can_still_be_undone_or_made_final_at_once(
    clock: FakeClock,
) -> None:
    player, t0 = started(clock)
    at(player, clock, t0 + 31 * S)
    player.skip()
    clock.set(t0 + 32 * S)
    player.undo_end()
    assert player.state is PlayerState.PLAYING and player.snapshot().elapsed_ms == 31_000
    player.skip()
    (finished,) = only(player.stop(), Finished)  # the check-in after answered
    assert isinstance(finished, Finished) and finished.completed


def test_next_through_to_the_end_with_little_practised_is_an_early_ending(
    clock: FakeClock,
) -> None:
    """→ three times at 2 s: the last step reached with 2 s of 35 practised is not done."""
    player, t0 = started(clock)
    at(player, clock, t0 + 2 * S)
    while not player.ending:
        player.skip()
    (finished,) = only(at(player, clock, t0 + 10 * S), Finished)
    assert isinstance(finished, Finished)
    assert (finished.completed, finished.practised_ms) == (False, 2_000)
    assert not finished.mostly_practised


def test_a_session_stopped_near_its_end_was_mostly_practised(clock: FakeClock) -> None:
    """Stop at 29 s of 35 (over 80 %): ended early, yet the pause was taken (the reminders count
    it); at 20 s it was not."""
    player, t0 = started(clock)
    at(player, clock, t0 + 29 * S)
    player.end_early()
    (finished,) = only(at(player, clock, t0 + 40 * S), Finished)
    assert isinstance(finished, Finished)
    assert not finished.completed and finished.mostly_practised
    assert finished.planned_ms == 35_000
    half = Finished(False, 20_000, 1, 0, planned_ms=35_000)
    assert not half.mostly_practised
