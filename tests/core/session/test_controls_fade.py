"""When a session's controls show: 3 s after the last movement or key while playing."""

from __future__ import annotations

from app.core.session.clock import NS_PER_S
from app.core.session.controls_fade import CONTROLS_LINGER_NS, ControlsFade

T0 = 100 * NS_PER_S


def test_controls_fade_three_seconds_after_the_last_activity_while_playing() -> None:
    """Playing starts with the controls shown; they go 3 s later, a touch brings them back
    for 3 s more, and the rule says when next to look."""
    rule = ControlsFade()
    rule.set_playing(True, T0)
    assert CONTROLS_LINGER_NS == 3 * NS_PER_S
    assert rule.visible(T0 + 2 * NS_PER_S)
    assert rule.next_change_ns(T0 + 2 * NS_PER_S) == T0 + 3 * NS_PER_S
    assert not rule.visible(T0 + 3 * NS_PER_S)
    assert rule.next_change_ns(T0 + 3 * NS_PER_S) is None  # nothing to wait for: a touch
    rule.touch(T0 + 10 * NS_PER_S)
    assert rule.visible(T0 + 12 * NS_PER_S)
    assert not rule.visible(T0 + 13 * NS_PER_S)


def test_controls_stay_while_not_playing() -> None:
    """Ready, paused or over, the controls stay however long nobody moves; playing again gives
    them their full 3 s."""
    rule = ControlsFade()
    rule.set_playing(False, T0)
    assert rule.visible(T0 + 60 * NS_PER_S)
    assert rule.next_change_ns(T0 + 60 * NS_PER_S) is None
    rule.set_playing(True, T0 + 60 * NS_PER_S)
    assert rule.visible(T0 + 62 * NS_PER_S)
    assert not rule.visible(T0 + 63 * NS_PER_S)
    rule.set_playing(True, T0 + 64 * NS_PER_S)  # still playing: not a new start
    assert not rule.visible(T0 + 64 * NS_PER_S)
