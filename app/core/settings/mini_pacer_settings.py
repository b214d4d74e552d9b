"""The mini pacer's settings: its size, the breath tone, and where it sits on each screen layout.

A place is remembered per screen layout: the key names every screen's geometry, so the orb put
at the right edge of the laptop alone comes back there, and the one put on the external monitor
comes back there when that monitor is plugged in again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PACER_MIN_PX = 96
PACER_MAX_PX = 160
#: at most this many screen layouts are remembered; the oldest goes first
MAX_LAYOUTS = 12

LayoutKey = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Coordinate = Annotated[int, Field(ge=-100_000, le=100_000)]


class PacerPlace(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    x: Coordinate
    y: Coordinate


class MiniPacerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: the orb's window, in pixels a side
    size: Annotated[int, Field(ge=PACER_MIN_PX, le=PACER_MAX_PX)] = 120
    #: the soft breath tone while it runs (silent by default: it lives beside work and calls)
    breath_tone: bool = False
    #: screen layout key → the window's top-left corner there
    places: Annotated[dict[LayoutKey, PacerPlace], Field(max_length=MAX_LAYOUTS)] = {}
    #: the one-time word that this desktop cannot keep the orb on top was said
    fallback_notice_seen: bool = False

    def place_for(self, layout: str) -> PacerPlace | None:
        return self.places.get(layout)

    def with_place(self, layout: str, x: int, y: int) -> MiniPacerSettings:
        """Remember (*x*, *y*) for *layout*, most recent last; the oldest layouts are forgotten."""
        places = {key: value for key, value in self.places.items() if key != layout}
        places[layout] = PacerPlace(x=x, y=y)
        while len(places) > MAX_LAYOUTS:
            places.pop(next(iter(places)))
        return self.model_copy(update={"places": places})


def layout_key(screens: Iterable[tuple[int, int, int, int]]) -> str:
    """The key of a screen layout: each screen's x, y, width and height, in a stable order."""
    return ";".join(f"{x},{y},{w}x{h}" for x, y, w, h in sorted(screens))


def edge_place(screen: tuple[int, int, int, int], size: int, margin: int = 24) -> tuple[int, int]:
    """Where the orb goes when it has no place yet: the right edge of the available screen
    area, a little below the middle (out of the way of window buttons and scroll bars)."""
    x, y, width, height = screen
    return x + width - size - margin, y + height * 3 // 5 - size // 2


def kept_on_screen(
    place: tuple[int, int], size: int, screens: Iterable[tuple[int, int, int, int]]
) -> bool:
    """Whether the orb at *place* is wholly visible on one of the screens."""
    px, py = place
    return any(
        x <= px and y <= py and px + size <= x + w and py + size <= y + h for x, y, w, h in screens
    )
