"""The workday simulator: a trace of a day in, the reminders the app would show out.

    .venv/bin/python bench/workday.py TRACE.json

prints one JSON object, ``{"reminders": [{"at": "2026-12-07T10:30:00+01:00", "work_min": 90.0},
...]}``: when each reminder came (local time, with its offset, in the trace's zone) and how much
work had been counted then. The decisions are the app's own: see ``app/core/reminders/workday.py``
for the trace format and what is simulated. Example traces are in ``bench/traces/``. A trace
that cannot be run is one line on stderr naming the file and the field, and exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.core.reminders.workday import TraceError, read_trace, report, simulate


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: bench/workday.py TRACE.json", file=sys.stderr)
        return 2
    try:
        trace = read_trace(Path(argv[0]))
    except TraceError as error:
        print(f"workday: {error}", file=sys.stderr)
        return 2
    print(report(simulate(trace, REPO / "routines")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
