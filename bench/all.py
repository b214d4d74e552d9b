"""Runs the bench scripts one after another, each in its own process, and counts the figures.

``python -m bench.all [SCRIPT...]`` (``bench/run`` calls it under Xvfb, jwm and a session bus):
every script's lines pass through as they come, a script that breaks counts as a failed figure,
and the last line is ``N passed, M failed``. Exit status 1 when anything failed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

from bench.common import PYTHON, REPO, machine, stderr_tail

SCRIPTS = (
    "cue_timing",
    "audio",
    "startup",
    "idle",
    "session",
    "mini_pacer",
    "library",
    "speech",
    "render",
)


def run(script: str) -> tuple[int, int]:
    """Run one script; (figures passed, figures failed)."""
    passed = failed = 0
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            [PYTHON, "-m", f"bench.{script}"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            verdict = line.rstrip().rsplit(" ", 1)[-1]
            passed += verdict == "PASS"
            failed += verdict == "FAIL"
        status = process.wait()
        if status != 0:
            errors.seek(0)
            print(f"bench.{script}: ended with status {status}: {stderr_tail(errors.read())}  FAIL")
            failed += 1
    return passed, failed


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in SCRIPTS]
    if unknown:
        print(f"bench: no script {', '.join(unknown)} (there are: {' '.join(SCRIPTS)})")
        return 2
    print(f"machine: {machine()}", flush=True)
    began = time.monotonic()
    passed = failed = 0
    for script in argv or SCRIPTS:
        done = run(script)
        passed, failed = passed + done[0], failed + done[1]
    minutes, seconds = divmod(round(time.monotonic() - began), 60)
    print(f"took {minutes} min {seconds} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
