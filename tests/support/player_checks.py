"""What must hold of a player after any command: the property tests and the fuzzing share it."""

from __future__ import annotations

from app.core.session.player import Player, PlayerState


def check_snapshot(player: Player) -> None:
    """Progress within 0..1, no negative times, and no wake-up asked for while paused or over,
    but one at the end of the undo window while an early ending waits."""
    snap = player.snapshot()
    assert 0.0 <= snap.progress <= 1.0
    assert 0.0 <= snap.phase_progress <= 1.0
    assert snap.remaining_ms >= 0
    assert snap.elapsed_ms >= 0
    assert snap.count_in_remaining_ms >= 0
    assert snap.segment_remaining_ms is None or snap.segment_remaining_ms >= 0
    if player.ending:
        assert player.state is PlayerState.PAUSED
        assert player.next_wakeup_ns() is not None
    elif player.state is PlayerState.PAUSED or player.state.is_over:
        assert player.next_wakeup_ns() is None
