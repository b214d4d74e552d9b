"""Where the app's log records go: one logger per subsystem under ``unbrace`` (``unbrace.history``,
``unbrace.instance``, ``unbrace.startup``, ``unbrace.window``, ...).

Warnings and errors go to stderr as ``unbrace: message``; ``--verbose`` adds the info and debug
records. ``UNBRACE_LOG=FILE`` also appends every record, with its time and logger, to FILE.
``configure`` is called once by each entry point; calling it again replaces what it set up.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = "unbrace"
_OURS = "_unbrace_handler"


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.setStream(sys.stderr)
        super().emit(record)


def configure(verbose: bool = False, env: Mapping[str, str] = os.environ) -> str | None:
    """Send the ``unbrace`` records to stderr (and to ``UNBRACE_LOG``, when set). Returns why
    the log file cannot be written, or None."""
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if getattr(h, _OURS, False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.DEBUG)
    stderr = _Stderr()
    stderr.setLevel(logging.DEBUG if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter("unbrace: %(message)s"))
    handlers: list[logging.Handler] = [stderr]
    problem = None
    if target := env.get("UNBRACE_LOG"):
        try:
            to_file = logging.FileHandler(Path(target), encoding="utf-8")
        except OSError as error:
            problem = f"cannot write the log file {target}: {error.strerror or error}"
        else:
            to_file.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            handlers.append(to_file)
    for handler in handlers:
        setattr(handler, _OURS, True)
        logger.addHandler(handler)
    return problem
