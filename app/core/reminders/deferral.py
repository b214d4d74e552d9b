"""Why a due reminder waits: the one rule, kept apart from the desktop that is asked.

A reminder asks for a pause. It waits while the user is already practising (the mini pacer
breathes at the edge of the screen: a reminder would interrupt the very thing it asks for),
while the desktop says do-not-disturb, and while a full-screen window is in front. It comes
as soon as none of these holds, at the scheduler's next look.
"""

from __future__ import annotations

PRACTISING = "breathing with the pacer"
DO_NOT_DISTURB = "do not disturb"
FULL_SCREEN = "full screen"


def deferral_reason(
    *, practising: bool, inhibited: bool | None, fullscreen: bool | None
) -> str | None:
    """What holds a reminder back now (shown in the tray's status line), or None.

    ``inhibited`` and ``fullscreen`` are the desktop's answers; None means it cannot tell, and a
    reminder is not held back for what cannot be told.
    """
    if practising:
        return PRACTISING
    if inhibited:
        return DO_NOT_DISTURB
    if fullscreen:
        return FULL_SCREEN
    return None
