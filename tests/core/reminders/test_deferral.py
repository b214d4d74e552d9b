"""The rule of what holds a due reminder back."""

from __future__ import annotations

import pytest

from app.core.reminders.deferral import deferral_reason


@pytest.mark.parametrize(
    ("practising", "inhibited", "fullscreen", "reason"),
    [
        (False, False, False, None),
        (False, None, None, None),  # the desktop cannot tell: nothing holds it back
        (True, False, False, "breathing with the pacer"),
        (True, True, True, "breathing with the pacer"),  # the user's own practice comes first
        (False, True, True, "do not disturb"),
        (False, False, True, "full screen"),
    ],
)
def test_a_reminder_waits_while_the_user_is_practising_or_busy(
    practising: bool, inhibited: bool | None, fullscreen: bool | None, reason: str | None
) -> None:
    found = deferral_reason(practising=practising, inhibited=inhibited, fullscreen=fullscreen)
    assert found == reason
