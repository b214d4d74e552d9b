"""The History's tension chart, worked out without Qt: for one region, each session's tension
before and after, placed by the time it started.

The x axis is time (``axes.time_axis``): a day of sessions reads in hours, a year in months.
Each session is a pair — its before and its after at the same x — and nothing joins one
session to the next. A region not rated in a check-in (None) is missing, like a check-in not
made: the chart draws only what was rated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from statistics import fmean

from app.core.history.axes import TENSION_AXIS, Axis, TimeAxis, time_axis
from app.core.history.records import REGION_NAMES, Region, SessionRecord, plural
from app.core.history.stats import tension_series

#: how far back the chart reaches from the latest check-in
TENSION_SPAN = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class TensionChart:
    """Tension in one region before and after each session with a check-in, oldest first.

    ``x`` places each session by its start time (0 at the axis' start, 1 at its end);
    ``x_labels`` are the time axis' ticks. ``before[i]`` and ``after[i]`` belong to the session
    at ``x[i]``; None is "not checked in" or "not rated".
    """

    region: Region
    x: tuple[float, ...]
    before: tuple[int | None, ...]
    after: tuple[int | None, ...]
    x_labels: tuple[tuple[float, str], ...]
    axis: Axis
    description: str
    started: tuple[datetime, ...] = ()
    time: TimeAxis | None = None

    @property
    def is_empty(self) -> bool:
        return not self.x

    @property
    def pairs(self) -> tuple[tuple[float, int | None, int | None], ...]:
        """``(x, before, after)`` per session: what one mark, or one before → after, shows."""
        return tuple(zip(self.x, self.before, self.after, strict=True))


def _rated(value: int | None) -> int | None:
    """A rating as drawn: None stays None (not rated), a number stays that number."""
    return None if value is None else int(value)


def _average(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return fmean(known) if known else None


def tension_chart(
    sessions: Sequence[SessionRecord],
    region: Region,
    tz: tzinfo | None = None,
    *,
    span: timedelta = TENSION_SPAN,
    most_labels: int = 6,
) -> TensionChart:
    """The sessions with a rating of *region* in the *span* up to the latest, on the 0–10 scale,
    placed by time."""
    rated = [
        p
        for p in tension_series(sessions, region)
        if _rated(p.before) is not None or _rated(p.after) is not None
    ]
    if rated:
        latest = rated[-1].started_at
        rated = [p for p in rated if p.started_at >= latest - span]
    name = REGION_NAMES[region]
    if not rated:
        return TensionChart(
            region, (), (), (), (), TENSION_AXIS, f"{name}: no check-ins yet.", (), None
        )
    started = tuple(p.started_at for p in rated)
    axis = time_axis(started[0], started[-1], tz, most_ticks=most_labels)
    x = tuple(axis.fraction(moment) for moment in started)
    before = tuple(_rated(p.before) for p in rated)
    after = tuple(_rated(p.after) for p in rated)
    parts = [
        f"{name} tension, 0 to 10, for the last {plural(len(rated), 'session', 'sessions')}"
        " with a check-in"
    ]
    for word, values in (("before", before), ("after", after)):
        mean = _average(values)
        if mean is not None:
            parts.append(f"on average {mean:.1f} {word}")
    description = ", ".join(parts) + "."
    return TensionChart(
        region, x, before, after, axis.ticks, TENSION_AXIS, description, started, axis
    )
