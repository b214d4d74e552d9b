"""7. Render and hostile files: the memory ``unbrace render-audio`` takes, and how long loading a
hostile routine file takes.

Render memory. ``unbrace render-audio`` runs as its own process on a 1-hour and a 12-hour routine
(rests, the longest a routine may be; 3.8 GB of WAV) and on 2,000 open holds (``repeat: {times:
100}`` over 20 holds): at the default ``--open-seconds 60`` that track would take 10.6 GB and is
refused in one line, at ``--open-seconds 20`` (11 hours) it is written. Each figure is the peak
resident memory of the process (``VmHWM``, read by polling /proc while it runs and taken as the
last reading before it exits). The budget is 100 MB, whatever the length: the 12-hour figure is
also compared with the 1-hour one.

Hostile files. Each hostile routine file (a billion-laughs alias bomb, 10,000 unknown keys, a
256 KiB file of one long line, a sparse 2 GB file) is loaded with ``load_library`` beside a good
routine, in this process, and timed (median of 3): the suite bounds what they cost in memory and
bytes read, the time is measured here.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from app.core.routine.library import RoutineFolder, load_library
from bench.common import PYTHON, REPO, Figure, failed, finish, median, note, number, report

BUDGET_MB = 100.0
HOSTILE_BUDGET_MS = 1000.0


def rests(hours: int) -> str:
    return "name: Long rest\nsummary: Rests.\nsteps:\n" + "".join(
        "  - rest: {duration: 1h}\n" for _ in range(hours)
    )


HOLDS_2000 = (
    "name: Two thousand holds\nsummary: Open holds.\nsteps:\n"
    "  - repeat:\n      times: 100\n      steps:\n"
    + "".join(f"        - hold: {{label: Hold {n}}}\n" for n in range(20))
)


def peak_of(argv: list[str]) -> tuple[int, float, str]:
    """Run ``unbrace`` with *argv*: (exit status, peak resident MB, stderr)."""
    process = subprocess.Popen(
        [PYTHON, "-m", "app", *argv],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    status_file = Path(f"/proc/{process.pid}/status")
    peak_kib = 0
    while process.poll() is None:
        try:
            for line in status_file.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kib = max(peak_kib, int(line.split()[1]))
        except OSError:  # ended between poll and read
            break
        time.sleep(0.05)
    _, err = process.communicate()
    return process.returncode, peak_kib / 1024, err


def render_figures(folder: Path) -> None:
    cases = [
        ("1 hour", rests(1), []),
        ("12 hours", rests(12), []),
        ("2,000 holds at 60 s (refused)", HOLDS_2000, []),
        ("2,000 holds at 20 s", HOLDS_2000, ["--open-seconds", "20"]),
    ]
    peaks: dict[str, float] = {}
    for name, text, options in cases:
        routine = folder / "routine.yaml"
        routine.write_text(text, encoding="utf-8")
        out = folder / "out.wav"
        began = time.monotonic()
        status, peak, err = peak_of(["render-audio", str(routine), str(out), *options])
        took = time.monotonic() - began
        refused = "refused" in name
        if status != (2 if refused else 0):
            failed(f"render-audio peak memory, {name}", err.strip() or f"exit {status}", BUDGET_MB)
            continue
        size = out.stat().st_size / 1e9 if out.exists() else 0.0
        peaks[name] = peak
        report(Figure(f"render-audio peak memory, {name}", peak, BUDGET_MB, "MB"))
        what = err.strip() if refused else f"{number(size)} GB written"
        note(f"render-audio, {name}", f"{what}; took {number(took)} s")
        out.unlink(missing_ok=True)
    if "1 hour" in peaks and "12 hours" in peaks:
        note(
            "render-audio memory and length",
            f"12 hours peak {number(peaks['12 hours'])} MB, 1 hour {number(peaks['1 hour'])} MB "
            f"(12× the length, a difference of {number(peaks['12 hours'] - peaks['1 hour'])} MB)",
        )


def alias_bomb() -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\nname: Bomb\nsummary: x\nsteps: [*a8]\n"


def hostile_files(folder: Path) -> dict[str, bytes | int]:
    return {
        "alias bomb": alias_bomb().encode(),
        "10,000 unknown keys": (
            "name: Flood\nsummary: x\nsteps:\n  - rest: {duration: 5s}\n"
            + "".join(f"key{n}: {n}\n" for n in range(10_000))
        ).encode(),
        "one 256 KiB line": b"name: " + b"x" * (256 * 1024 - 10) + b"\n",
        "sparse 2 GB file": 2 * 1024**3,
    }


def hostile_figures(folder: Path) -> None:
    good = "name: Good\nsummary: Listed.\nsteps:\n  - rest: {duration: 20s}\n"
    for name, content in hostile_files(folder).items():
        case = folder / name.replace(" ", "-").replace(",", "")
        case.mkdir()
        (case / "good.yaml").write_text(good, encoding="utf-8")
        hostile = case / "hostile.yaml"
        if isinstance(content, int):
            with hostile.open("wb") as out:
                out.truncate(content)
        else:
            hostile.write_bytes(content)
        times = []
        for _ in range(3):
            began = time.perf_counter()
            library = load_library([RoutineFolder(case, "user")])
            times.append((time.perf_counter() - began) * 1000)
        assert [entry.id for entry in library.routines] == ["good"], name
        report(Figure(f"hostile file load, {name} (median)", median(times), HOSTILE_BUDGET_MS))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="unbrace-bench-render-") as tmp:
        folder = Path(tmp)
        render_figures(folder)
        hostile_figures(folder)
    finish()


if __name__ == "__main__":
    os.environ.pop("UNBRACE_ROUTINES", None)
    main()
