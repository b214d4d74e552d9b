"""What the bench scripts share: figures with budgets, statistics, CPU pinning and a CPU hog, a
private home for the app, and a process's CPU time, context switches and memory from /proc.

Each script prints one line per figure::

    name: VALUE UNIT  budget ≤ BUDGET UNIT  PASS

and plain ``name: text`` lines for what it compares against (baselines, breakdowns). ``bench.all``
counts the lines that end in PASS or FAIL.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
NS_PER_MS = 1_000_000
NS_PER_S = 1_000_000_000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


#: the scratch folders this script made, removed when it ends (by ``finish`` or at exit)
_SCRATCH: list[Path] = []


def scratch_folder(what: str) -> Path:
    """A new folder in the system's temporary folder, removed with all it holds when the script
    ends: a run of the bench leaves nothing behind (its sound files alone are megabytes)."""
    folder = Path(tempfile.mkdtemp(prefix=f"unbrace-bench-{what}-"))
    if not _SCRATCH:
        atexit.register(_remove_scratch)
    _SCRATCH.append(folder)
    return folder


def _remove_scratch() -> None:
    while _SCRATCH:
        shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)


# ------------------------------------------------------------------------------ figures


def number(value: float) -> str:
    """A figure with as many decimals as it deserves: 0.42, 12.3, 145."""
    size = abs(value)
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def quantity(value: float, unit: str, *, exact: bool = False) -> str:
    """``0.42 ms``, ``2.95×``, ``7``; *exact* (budgets) prints the number as written: ``2 ms``."""
    if exact or (unit == "" and math.isfinite(value) and value == int(value)):
        shown = f"{value:g}"
    else:
        shown = number(value)
    return f"{shown}{unit}" if unit in ("×", "", "%") else f"{shown} {unit}"


@dataclass(frozen=True, slots=True)
class Figure:
    """A measured value and the most it may be."""

    name: str
    value: float
    budget: float
    unit: str = "ms"

    @property
    def passed(self) -> bool:
        return math.isfinite(self.value) and self.value <= self.budget

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        shown = quantity(self.value, self.unit)
        budget = quantity(self.budget, self.unit, exact=True)
        return f"{self.name}: {shown}  budget ≤ {budget}  {verdict}"


def report(figure: Figure) -> bool:
    print(figure.line(), flush=True)
    return figure.passed


def failed(name: str, reason: str, budget: float, unit: str = "ms") -> None:
    """A figure that could not be measured at all (the process crashed, say): a FAIL."""
    print(f"{name}: {reason}  budget ≤ {quantity(budget, unit, exact=True)}  FAIL", flush=True)


def note(name: str, text: str) -> None:
    """A line that is no figure: a baseline, a breakdown, a reason."""
    print(f"{name}: {text}", flush=True)


def finish() -> None:
    """Leave without interpreter teardown: the figures are out, and some PySide6 builds crash
    while tearing down (see the README's Performance section)."""
    sys.stdout.flush()
    sys.stderr.flush()
    _remove_scratch()
    os._exit(0)


# ---------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value with at least p % of them at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


# ------------------------------------------------------------------------------ machine


def pin_to(core: int) -> None:
    """Run this process on *core* only (when the machine has it)."""
    if core < (os.cpu_count() or 1):
        os.sched_setaffinity(0, {core})


@contextmanager
def cpu_hog(core: int) -> Iterator[None]:
    """A process spinning on *core* for as long as the block runs."""
    code = (  # it stops by itself when this process is gone, even if it crashes
        f"import os\nos.sched_setaffinity(0, {{{core}}})\nparent = os.getppid()\n"
        "while os.getppid() == parent:\n    for _ in range(100_000):\n        pass\n"
    )
    hog = subprocess.Popen([PYTHON, "-c", code])
    try:
        time.sleep(0.2)  # let it reach its core
        yield
    finally:
        hog.kill()
        hog.wait()


def machine() -> str:
    """One line naming the machine, for the README's table."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    release = os.uname().release
    python = ".".join(map(str, sys.version_info[:3]))
    try:
        import PySide6

        qt = PySide6.__version__
    except ImportError:
        qt = "not installed"
    return f"{model}, {os.cpu_count()} cores, Linux {release}, Python {python}, PySide6 {qt}"


# ------------------------------------------------------------------------- the app's home


def app_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for an Unbrace process with its own empty folders under *home*.

    Settings say the one-time medical notice was seen, so a routine without a safety note
    starts at once. No routines of the user's, no UNBRACE_ROUTINES.
    """
    env = dict(os.environ)
    env.pop("UNBRACE_ROUTINES", None)
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    (home / "runtime").chmod(0o700)
    env["HOME"] = str(home)
    settings = home / "config" / "unbrace" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    if not settings.exists():
        settings.write_text(json.dumps({"version": 1, "medical_notice_seen": True}))
    env.update(extra)
    return env


def alsa_file_sink(folder: Path) -> Path:
    """An ALSA configuration in *folder* whose default device writes raw samples to
    ``folder/audio.raw`` (a machine without a sound card plays for real into a file)."""
    config = folder / "asound.conf"
    config.write_text(
        "pcm.!default {\n    type file\n    slave.pcm { type null }\n"
        f'    file "{folder / "audio.raw"}"\n    format "raw"\n}}\n'
    )
    return config


def stop(process: subprocess.Popen[str]) -> str:
    """End *process* (one of ours, started with stderr piped) and return what it wrote there."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
    _, err = process.communicate()
    return err or ""


def xvfb_pids(display: str) -> list[int]:
    """The X server(s) serving *display*, to show what drawing costs there."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if args and args[0].endswith(b"Xvfb") and display.encode() in args:
            found.append(int(entry.name))
    return found


def use_env(env: Mapping[str, str]) -> None:
    """Make *env* this process's environment (before the app reads it)."""
    os.environ.clear()
    os.environ.update(env)


def dense_routine(seconds: int) -> str:
    """A routine of 0.5 s phases (the shortest the format allows) for *seconds*, as YAML."""
    return textwrap.dedent(
        f"""\
        format: 1
        id: dense
        name: Dense
        summary: Half-second phases, to measure cue timing.
        steps:
          - breathe:
              label: Quick
              pattern: {{inhale: 0.5, hold_in: 0.5, exhale: 0.5, hold_out: 0.5}}
              duration: {seconds}s
        """
    )


# ------------------------------------------------------------------------ /proc accounting


@dataclass(frozen=True, slots=True)
class Usage:
    cpu_ns: int
    voluntary: int
    involuntary: int


def _thread_counts(task: Path) -> tuple[int, int, int] | None:
    try:
        cpu_ns = int((task / "schedstat").read_text().split()[0])
        voluntary = involuntary = 0
        for line in (task / "status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                voluntary = int(line.split()[1])
            elif line.startswith("nonvoluntary_ctxt_switches:"):
                involuntary = int(line.split()[1])
    except (OSError, IndexError, ValueError):
        return None  # the thread ended while we read it
    return cpu_ns, voluntary, involuntary


class ProcessMeter:
    """CPU time (ns) and context switches of every thread of a process over a window.

    ``/proc/PID/stat`` counts CPU in 10 ms ticks and the status file counts the main thread's
    switches only, so this samples each thread's ``schedstat`` and ``status``: threads that exist
    at :meth:`start` count from there, threads born later from zero. Sample often enough
    (:meth:`watch`) and a thread that ends in the window loses at most its last moments.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._tasks = Path(f"/proc/{pid}/task")
        self._base: dict[int, tuple[int, int, int]] = {}
        self._last: dict[int, tuple[int, int, int]] = {}
        self._names: dict[int, str] = {}

    def start(self) -> None:
        self._base, self._last = {}, {}
        for tid, counts in self._read().items():
            self._base[tid] = counts
            self._last[tid] = counts

    def sample(self) -> bool:
        """Read every thread once more; False when the process is gone."""
        seen = self._read()
        if not seen and not Path(f"/proc/{self.pid}").exists():
            return False
        for tid, counts in seen.items():
            self._base.setdefault(tid, (0, 0, 0))
            self._last[tid] = counts
        return True

    def watch(self, seconds: float, every: float = 0.1) -> bool:
        """Sample for *seconds*; False if the process ended meanwhile."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(min(every, max(0.0, deadline - time.monotonic())))
            if not self.sample():
                return False
        return True

    def usage(self) -> Usage:
        cpu = vol = invol = 0
        for tid, (c, v, i) in self._last.items():
            c0, v0, i0 = self._base[tid]
            cpu, vol, invol = cpu + c - c0, vol + v - v0, invol + i - i0
        return Usage(cpu, vol, invol)

    def by_thread(self) -> list[tuple[str, Usage]]:
        """Each thread's share, busiest first (for the note when a budget fails)."""
        rows = []
        for tid, (c, v, i) in self._last.items():
            c0, v0, i0 = self._base[tid]
            name = self._names.get(tid, str(tid))
            rows.append((f"{name}[{tid}]", Usage(c - c0, v - v0, i - i0)))
        return sorted(rows, key=lambda row: (row[1].voluntary, row[1].cpu_ns), reverse=True)

    def _read(self) -> dict[int, tuple[int, int, int]]:
        found: dict[int, tuple[int, int, int]] = {}
        try:
            tids = [int(path.name) for path in Path(self._tasks).iterdir()]
        except OSError:
            return found
        for tid in tids:
            counts = _thread_counts(self._tasks / str(tid))
            if counts is not None:
                found[tid] = counts
                if tid not in self._names:
                    try:
                        self._names[tid] = (self._tasks / str(tid) / "comm").read_text().strip()
                    except OSError:
                        self._names[tid] = "?"
        return found


def process_cpu_ns(pid: int) -> int:
    """The whole process's CPU time from /proc/PID/stat (every thread, ended ones too; 10 ms
    resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) * NS_PER_S // CLOCK_TICKS


def steal_ms() -> float:
    """The machine's steal time so far in ms, all cores (``/proc/stat``, which counts it in ticks
    of 10 ms): how long the hypervisor ran something else while this machine had work to do."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return int(fields[8]) * 1000 / CLOCK_TICKS if len(fields) > 8 else 0.0


def pss_kib(pid: int) -> int:
    """Proportional set size of a process, in KiB."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise RuntimeError(f"no Pss line for process {pid}")


def rss_kib(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS line for process {pid}")


def stderr_tail(text: str, lines: int = 3) -> str:
    """The last meaningful lines of a crashed process's stderr, on one line."""
    kept = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith(("ALSA lib", "dbus-daemon"))
    ]
    return " | ".join(kept[-lines:]) if kept else "no output"


def first_fatal(text: str) -> str | None:
    """The ``Fatal Python error: ...`` line of a crashed process's stderr, if any."""
    for line in text.splitlines():
        if line.startswith("Fatal Python error"):
            return line.strip()
    return None
