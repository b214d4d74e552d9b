"""Which colour scheme the app is drawn in: the desktop's, or one the user forces."""

from __future__ import annotations

from typing import Literal, get_args

#: "system" follows the desktop's colour scheme; "light" and "dark" force one.
Appearance = Literal["system", "light", "dark"]
APPEARANCES: tuple[Appearance, ...] = get_args(Appearance)
