"""Simulated workdays, run through the app's own reminder code, against the rules in the README.

Each property draws whole days: time at the computer (idle readings of random short gaps), away,
asleep, and with Unbrace closed. ``expected_reminders`` is the rules written out second by second,
independently of the scheduler; the simulation must agree with it to the minute.
"""

from __future__ import annotations

import itertools
import math
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

import tests.support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from app.core.reminders.workday import SimReminder, Trace, read_trace, report, simulate

REPO = Path(__file__).resolve().parents[3]
ROUTINES = REPO / "routines"
TRACES = REPO / "bench" / "traces"
#: Mondays of ordinary weeks and of the weeks around each 2026 DST switch (EU and US)
MONDAYS = ["2026-03-02", "2026-03-09", "2026-03-30", "2026-10-26", "2026-11-02", "2026-12-07"]
ZONES = ["Europe/Berlin", "America/New_York"]
AWAY = ("away", "asleep", "closed")
#: how late a reminder may come after the moment the rules make it due
LATE_S = 60
#: the work period ends at 17:30, 510 minutes after the days start
DAY_END_S = 510 * 60
#: the rules count whole seconds; the simulation does not: an edge this close may go either way
EDGE_S = 3
#: while the user is away, idle time is read once a minute: the return is seen this late at most
RETURN_SEEN_S = 60


def offsets_s(found: list[SimReminder], start: datetime) -> list[float]:
    """Real seconds from the start (not wall-clock differences, which a DST switch bends)."""
    return [r.at.timestamp() - start.timestamp() for r in found]


@st.composite
def workdays(draw: st.DrawFn) -> Trace:
    """A weekday from 09:00, default work hours, answered with Skip: runs of work, and breaks
    that are either clearly short (under the threshold less the longest input gap) or at least
    a minute past the threshold."""
    threshold = draw(st.integers(1, 20))
    interval = draw(st.integers(15, 120))
    gap_s = draw(st.floats(0, threshold * 30))
    short_max = max(0.0, threshold - gap_s / 60 - 0.5)
    spans: list[tuple[str, float]] = []
    total = 0.0
    while total < 480:
        work = draw(st.floats(1, 150))
        spans.append(("active", work))
        total += work
        kinds = draw(st.lists(st.sampled_from(AWAY), min_size=1, max_size=3))
        if short_max >= 0.5 and draw(st.booleans()):
            lengths = [draw(st.floats(0.1, short_max / len(kinds))) for _ in kinds]
        else:
            lengths = [draw(st.floats(threshold + 1, threshold + 90)) / len(kinds) for _ in kinds]
        spans += list(zip(kinds, lengths, strict=True))
        total += sum(lengths)
    spans.append(("active", 30))
    keep: list[tuple[str, float]] = []
    used = 0.0
    for kind, minutes in spans:  # the day ends by 17:30
        minutes = min(minutes, 510 - used)
        if minutes <= 0.01:
            break
        keep.append((kind, minutes))
        used += minutes
    day = datetime.fromisoformat(draw(st.sampled_from(MONDAYS))) + timedelta(
        days=draw(st.integers(0, 4)), hours=9
    )
    return Trace.model_validate(
        {
            "start": day.isoformat(),
            "zone": draw(st.sampled_from(ZONES)),
            "reminders": {"interval_min": interval, "idle_threshold_min": threshold},
            "input_gap_s": gap_s,
            "answer": "skip",
            "spans": keep,
            "seed": draw(st.integers(0, 2**16)),
        }
    )


def check_against_the_rules(trace: Trace, found: list[SimReminder]) -> None:
    """The rules, second by second: work is time at the computer and short breaks away from it
    (sleep and closed time are not work); a break reaching the threshold is a pause; a reminder
    is due when work reaches the interval, shown at once unless the user has been away for
    ``max(1, threshold - 1)`` minutes, else at the return; each is skipped, so the count starts
    again when it actually came. A break that begins with sleep or a quit includes the gap
    idle time told then (``unsure``). The return from a pause is seen at the first reading that
    shows input since (idle time is read once a minute while the user is away) and the count
    starts at that input: with a desktop that tells the truth, within a minute of the return;
    with this desktop's random readings, within a minute per reading needed to pass
    ``input_gap_s``. After a pause the count may so start late by ``lag``."""
    rules = trace.reminders
    interval = rules["interval_min"] * 60
    threshold = rules["idle_threshold_min"] * 60
    hold = max(60, threshold - 60)
    start = trace.start.replace(tzinfo=ZoneInfo(trace.zone))
    actual = offsets_s(found, start)
    work = quiet = 0.0
    paused = waiting = False
    lag = unsure = 0.0
    return_lag = RETURN_SEEN_S * math.ceil((trace.input_gap_s + EDGE_S) / RETURN_SEEN_S)
    t = 0.0
    matched = 0

    def next_came_near(now: float) -> bool:
        return matched < len(actual) and now - EDGE_S <= actual[matched] <= now + lag + EDGE_S

    def remind(now: float) -> None:
        nonlocal matched, work, waiting, lag
        if now >= DAY_END_S - LATE_S and matched == len(actual):
            return  # due in the day's last minute: it may fall after the end
        assert matched < len(actual), f"no reminder came for the one due at {now / 60:.1f} min"
        came = actual[matched]
        assert now - EDGE_S <= came <= now + max(LATE_S, lag) + EDGE_S, (
            f"reminder {matched + 1} came at {came / 60:.2f} min, due at {now / 60:.2f} min"
        )
        matched += 1
        work = now - came  # the count starts again when it came
        waiting = False
        lag = 0.0

    def due_as_the_pause_begins(now: float) -> bool:
        # The break reaches the threshold at ``now``, and the work reaches the interval in the
        # same second (this whole-second count puts the due at the pause's second; the app
        # counts on: it may fall a fraction before). Where the user is not yet away at the due
        # (``hold`` is the whole threshold: a 1-minute one), the reminder may come first.
        return (
            not waiting
            and work + EDGE_S >= interval
            and quiet < hold + EDGE_S
            and matched < len(actual)
            and abs(actual[matched] - now) <= EDGE_S
        )

    before = "active"
    for index, (kind, minutes) in enumerate(trace.spans):
        following = trace.spans[index + 1 : index + 2]
        break_next = kind == "active" and bool(following) and following[0][0] != "active"
        if kind in ("asleep", "closed") and before == "active":
            # Idle time was read as the machine slept or the app quit: the gap it told (up to
            # ``input_gap_s``) is part of the break.
            unsure = trace.input_gap_s
        elif kind == "active":
            unsure = 0.0
        before = kind
        steps = round(minutes * 60)
        for step in range(steps):
            t += 1
            if kind == "active":
                if paused:
                    paused, lag = False, return_lag
                quiet = 0
                if waiting:
                    remind(t)
                work += 1
            else:
                quiet += 1
                if kind == "away" and not paused:
                    work += 1
                if not paused and quiet >= threshold:
                    if kind == "away" and due_as_the_pause_begins(t):
                        remind(t)
                    paused, work, waiting = True, 0.0, False
            if not paused and not waiting and work >= interval and t < DAY_END_S:
                if lag and not next_came_near(t):
                    # None came within the lag: the count started a second later at least (a
                    # second of work: a sleep may come before the rest of the lag is worked).
                    step_back = min(1.0, lag)
                    work, lag = work - step_back, lag - step_back
                    continue
                if steps - step <= EDGE_S and break_next and not next_came_near(t):
                    # Whole seconds may stretch the span: due this close to its end, the due
                    # may fall in the break after it; decided there.
                    continue
                surely_shown = quiet + unsure + EDGE_S < hold
                maybe_shown = quiet < hold + lag + EDGE_S and next_came_near(t)
                if quiet == 0 or (kind == "away" and (surely_shown or maybe_shown)):
                    remind(t)
                else:
                    waiting = True
        t += minutes * 60 - steps
    extra = [came for came in actual[matched:] if came < DAY_END_S - LATE_S - EDGE_S]
    assert not extra, f"reminders came that the rules do not make: {extra}"


def mouse_user(gap_s: float, spans: list[tuple[str, float]]) -> Trace:
    """A Monday in Berlin, a reminder every 15 minutes, a 1-minute threshold, each one skipped."""
    return Trace.model_validate(
        {
            "start": "2026-03-02T09:00:00",
            "zone": "Europe/Berlin",
            "reminders": {"interval_min": 15, "idle_threshold_min": 1},
            "input_gap_s": gap_s,
            "answer": "skip",
            "spans": spans,
        }
    )


@given(trace=workdays())
@settings(max_examples=60)
# Reminders due 59.5 s and 59.9 s into a break, just before it became a pause: shown, as the
# rules say (the user was not yet away), then the break was the pause.
@example(
    trace=mouse_user(
        1.0,
        [
            ("active", 1),
            ("away", 2),
            ("active", 136),
            ("away", 91),
            ("active", 150),
            ("away", 8),
            ("active", 15),
            ("away", 91),
            ("active", 16),
        ],
    )
)
@example(
    trace=mouse_user(
        2.0,
        [
            ("active", 137),
            ("away", 84),
            ("active", 150),
            ("away", 2),
            ("active", 84),
            ("away", 23),
            ("active", 30),
        ],
    )
)
# Due half a second into a sleep that whole seconds would count as work: the sleep was a pause.
@example(
    trace=Trace.model_validate(
        {
            "start": "2026-03-03T09:00:00",
            "zone": "America/New_York",
            "reminders": {"interval_min": 15, "idle_threshold_min": 2},
            "input_gap_s": 48.0,
            "answer": "skip",
            "spans": [
                ("active", 119),
                ("away", 4),
                ("active", 1),
                ("away", 60),
                ("active", 29.9921875),
                ("asleep", 3),
                ("active", 5),
                ("away", 3),
                ("active", 40),
                ("asleep", 3),
                ("active", 92),
                ("away", 3),
                ("active", 115),
                ("away", 3),
                ("active", 29.0078125),
            ],
            "seed": 1,
        }
    )
)
# Seen back 57 s late from a break, and due 57 s into the work after a 1-minute sleep.
@example(
    trace=Trace.model_validate(
        {
            "start": "2026-03-02T09:00:00",
            "zone": "Europe/Berlin",
            "reminders": {"interval_min": 70, "idle_threshold_min": 2},
            "input_gap_s": 4.0,
            "answer": "skip",
            "spans": [
                ("active", 141),
                ("away", 3),
                ("active", 1),
                ("away", 3),
                ("active", 3),
                ("away", 3),
                ("active", 36),
                ("away", 47),
                ("active", 70),
                ("asleep", 1),
                ("active", 113),
                ("away", 59),
                ("active", 30),
            ],
        }
    )
)
def test_simulated_days_follow_the_rules(trace: Trace) -> None:
    """Short gaps never delay a reminder by more than a minute; every break of the threshold
    plus a minute is a pause, asleep and closed included; no reminder is missing or extra."""
    check_against_the_rules(trace, simulate(trace, ROUTINES))


@given(
    trace=workdays(),
    answer=st.sampled_from(["start", "snooze", "skip", "ignore"]),
    snooze=st.sampled_from([5, 10, 15, 30]),
)
@settings(max_examples=40)
def test_no_two_reminders_closer_than_the_interval_unless_put_off(
    trace: Trace, answer: str, snooze: int
) -> None:
    """Whatever the user answers, two reminders are an interval of real time apart or more,
    except after a snooze (its length) or an unanswered one (the retry); and one left open when
    Unbrace was closed comes back when it starts again."""
    changed = trace.model_copy(
        update={"answer": answer, "reminders": {**trace.reminders, "snooze_min": snooze}}
    )
    found = simulate(changed, ROUTINES)
    interval = trace.reminders["interval_min"] * 60
    least = {"snooze": snooze * 60, "ignore": 4 * 60 + 10 * 60}.get(answer, interval)
    start = trace.start.replace(tzinfo=ZoneInfo(trace.zone)).timestamp()
    closings, elapsed = [], 0.0
    for kind, minutes in trace.spans:
        if kind == "closed":
            closings.append(start + elapsed)
        elapsed += minutes * 60
    times = [r.at.timestamp() for r in found]
    for before, after in itertools.pairwise(times):
        if any(before <= closed < after for closed in closings):
            continue
        assert after - before >= min(least, interval) - 1
    for reminder in found:
        assert reminder.work_min >= trace.reminders["interval_min"]


@given(
    zone=st.sampled_from(ZONES),
    spans=st.lists(
        st.tuples(st.sampled_from(["active", "active", *AWAY]), st.floats(1, 120)),
        min_size=1,
        max_size=12,
    ),
    gap_s=st.floats(0, 60),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=40)
def test_a_dst_change_inside_a_span_moves_nothing(
    zone: str, spans: list[tuple[str, float]], gap_s: float, seed: int
) -> None:
    """Work hours around the clock over the night of a DST switch: the reminders come after the
    same real time as in a zone without DST."""
    switch_eve = {"Europe/Berlin": ["2026-03-28", "2026-10-24"]}
    switch_eve["America/New_York"] = ["2026-03-07", "2026-10-31"]
    for eve in switch_eve[zone]:
        found: dict[str, list[float]] = {}
        for where in (zone, "UTC"):
            trace = Trace.model_validate(
                {
                    "start": f"{eve}T20:00:00",
                    "zone": where,
                    "reminders": {
                        "days": list(range(7)),
                        "start": "20:00:00",
                        "end": "19:59:00",
                        "interval_min": 45,
                        "idle_threshold_min": 5,
                    },
                    "input_gap_s": gap_s,
                    "answer": "skip",
                    "spans": spans,
                    "seed": seed,
                }
            )
            start = trace.start.replace(tzinfo=ZoneInfo(where))
            found[where] = offsets_s(simulate(trace, ROUTINES), start)
        assert found[zone] == found["UTC"]


def test_the_issues_trace() -> None:
    """The day from the issue: 90 minutes of work to 10:30; the routine is done; the break at
    10:55 and the sleep and the closed app are pauses; 90 minutes after 13:17, and again after
    the routine done then."""
    found = simulate(read_trace(TRACES / "issue-13.json"), ROUTINES)
    assert report(found) == (
        '{"reminders": [{"at": "2026-12-07T10:30:00+01:00", "work_min": 90.0}, '
        '{"at": "2026-12-07T14:47:00+01:00", "work_min": 90.0}, '
        '{"at": "2026-12-07T16:20:00+01:00", "work_min": 90.0}]}'
    )


def test_a_trace_with_a_bad_field_is_one_line_naming_it(tmp_path: Path) -> None:
    """A span of negative length: the file and the field are named, nothing else."""
    bad = tmp_path / "day.json"
    bad.write_text(
        '{"start": "2026-12-07T09:00:00", "zone": "Europe/Berlin", '
        '"spans": [["active", 10], ["away", -1]]}'
    )
    from app.core.reminders.workday import TraceError

    try:
        read_trace(bad)
    except TraceError as error:
        assert str(error) == f"{bad}: spans.1.1: Input should be greater than 0"
    else:
        raise AssertionError("the trace was accepted")
