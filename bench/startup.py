"""3. Start-up: process start to the main window shown, and to the tray icon registered.

Needs a real X display with a tray host (``bench/run`` runs it under Xvfb and jwm, on a private
session bus). Each measurement is a fresh process, ``bench/startup_probe.py``; the real app and a
bare PySide6 program take turns, 25 times each, so both see the same machine. The app runs with
its own empty folders (made on a first, unmeasured start, as a user's second start finds them)
and Python's compiled bytecode cached.

Figures: for the window and for the tray icon, the median of the paired ratios: each app start
over the bare start just before it. A virtual machine's speed drifts by a third from one minute to
the next, and a pair sees one speed. In three runs of 15 pairs the ratio of the two medians went
from 1.28× to 1.44× and the paired one from 1.29× to 1.34×; over six full runs of 25 pairs the
two agreed (1.26× to 1.34×, and 1.25× to 1.35× paired). Both medians are printed beside it.
And which heavy modules (numpy synthesis, charts, history view) were already loaded at the first
paint, which should be none. Beside them, one more start of each with ``-X importtime`` shows
where the app's time goes: imports by library, and what is left for building the window.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    PYTHON,
    REPO,
    Figure,
    app_env,
    failed,
    finish,
    median,
    note,
    number,
    report,
    scratch_folder,
    stderr_tail,
)

PROBE = REPO / "bench" / "startup_probe.py"
TRAY_ICON = REPO / "assets" / "icons" / "unbrace-tray.svg"
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 25
RATIO_BUDGET = 1.4
#: A start that takes this long is not repeated: one slow start says enough.
SLOW_S = 5.0
TIMEOUT_S = 45.0


#: When the app's routine list was first drawn, by start (the window is drawn before).
LISTED: list[float] = []


def probe(
    kind: str, env: dict[str, str], runtime: Path, python_flags: tuple[str, ...] = ()
) -> tuple[float | None, list[str], str]:
    """One start: (milliseconds, heavy modules loaded, what went wrong); with *python_flags*
    the interpreter's stderr replaces what went wrong."""
    for leftover in runtime.glob("unbrace.instance*"):
        leftover.unlink()  # as a clean quit leaves it
    args = [PYTHON, *python_flags, str(PROBE), kind]
    if kind == "bare-tray":
        args.append(str(TRAY_ICON))
    spawned = time.monotonic_ns()
    env = {**env, "BENCH_SPAWN_NS": str(spawned)}
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, [], f"no first paint within {TIMEOUT_S:.0f} s"
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            found = json.loads(line)
            if found.get("ms") is not None:
                if "listed_ms" in found and not python_flags:
                    LISTED.append(float(found["listed_ms"]))
                return float(found["ms"]), list(found["heavy"]), done.stderr if python_flags else ""
    return None, [], f"exit status {done.returncode}: {stderr_tail(done.stderr)}"


#: Import time is summed by where a module comes from (its own time, not its imports'). A
#: module's own time includes the classes it defines: the pydantic models' schemas are built
#: while ``app.core.routine.model`` and ``app.core.settings.settings`` import.
GROUPS = (
    ("PySide6", ("PySide6", "shiboken6", "shibokensupport", "signature_bootstrap")),
    ("pydantic", ("pydantic", "pydantic_core", "annotated_types", "typing_extensions")),
    ("PyYAML", ("yaml", "_yaml")),
    ("app.core", ("app.core",)),
    ("app.audio", ("app.audio",)),
    ("app.qt", ("app.qt",)),
    ("app", ("app",)),
)


def import_profile(importtime: str, first_paint_ms: float) -> str:
    """``-X importtime`` output summed by library, and what the imports leave of the start."""
    sums: dict[str, float] = {}
    for line in importtime.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = line[len("import time:") :].split("|")
        try:
            own_ms = int(fields[0]) / 1000
        except ValueError:
            continue  # the header line
        name = fields[2].strip()
        group = next(
            (
                label
                for label, prefixes in GROUPS
                if any(name == p or name.startswith(p + ".") for p in prefixes)
            ),
            "standard library and others",
        )
        sums[group] = sums.get(group, 0.0) + own_ms
    imports = sum(sums.values())
    parts = ", ".join(
        f"{label} {number(ms)}" for label, ms in sorted(sums.items(), key=lambda kv: -kv[1])
    )
    return (
        f"first paint at {number(first_paint_ms)} ms (one start, timed imports); imports "
        f"{number(imports)} ms ({parts}); the rest (interpreter, Qt and the app setting up, "
        f"drawing) {number(first_paint_ms - imports)} ms"
    )


def main() -> None:
    home = scratch_folder("startup")
    env = app_env(home)
    runtime = home / "runtime"
    kinds = ("bare", "app", "bare-tray", "app-tray")
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    problems: dict[str, str] = {}
    heavy: set[str] = set()
    for kind in kinds:  # warm-up: caches, the app's folders and history file
        ms, _, problem = probe(kind, env, runtime)
        if ms is None:
            problems[kind] = problem
        elif ms > SLOW_S * 1000:
            times[kind].append(ms)
            problems[kind] = f"slow: {number(ms / 1000)} s, so measured once"
    rounds: list[dict[str, float]] = []  # each round's start of each kind, bare before app
    for _ in range(ROUNDS):
        this_round: dict[str, float] = {}
        for kind in kinds:
            if kind in problems:
                continue
            ms, loaded, problem = probe(kind, env, runtime)
            if ms is None:
                problems[kind] = problem
                continue
            times[kind].append(ms)
            this_round[kind] = ms
            heavy.update(loaded)
        rounds.append(this_round)
    for kind, problem in problems.items():
        note(f"start-up, {kind}", problem)
    for what, app_kind, bare_kind in (
        ("window shown", "app", "bare"),
        ("tray icon registered", "app-tray", "bare-tray"),
    ):
        name = f"start-up to {what}, app / bare PySide6"
        app_times, bare_times = times[app_kind], times[bare_kind]
        if not app_times or not bare_times:
            failed(name, "not measured", RATIO_BUDGET, "×")
            continue
        paired = [r[app_kind] / r[bare_kind] for r in rounds if app_kind in r and bare_kind in r]
        app_ms, bare_ms = median(app_times), median(bare_times)
        spread = (
            f"paired ratios from {number(min(paired))}× to {number(max(paired))}×"
            if paired
            else "no pairs (a start too slow to repeat): the figure is the ratio of the medians"
        )
        note(
            f"start-up to {what}",
            f"app median {number(app_ms)} ms ({len(app_times)} starts), "
            f"bare PySide6 median {number(bare_ms)} ms ({len(bare_times)} starts), "
            f"ratio of the medians {number(app_ms / bare_ms)}×; {spread}",
        )
        if paired:
            figure = Figure(
                f"{name} (median of {len(paired)} pairs)", median(paired), RATIO_BUDGET, "×"
            )
        else:
            figure = Figure(name, app_ms / bare_ms, RATIO_BUDGET, "×")
        report(figure)
        if app_kind == "app" and LISTED:
            note(
                "start-up to the routines listed",
                f"app median {number(median(LISTED))} ms: the window is drawn first, the "
                "settings, routines and history are loaded into it right after",
            )
    for kind in ("bare", "app"):
        if kind not in problems:
            profiled = {**env, "BENCH_FIRST_PAINT_ONLY": "1"}
            ms, _, stderr = probe(kind, profiled, runtime, ("-X", "importtime"))
            if ms is not None:
                note(f"start-up profile, {kind}", import_profile(stderr, ms))
    note("heavy modules loaded at start-up", ", ".join(sorted(heavy)) or "none")
    report(Figure("heavy modules loaded at start-up", len(heavy), 0, ""))
    finish()


if __name__ == "__main__":
    main()
