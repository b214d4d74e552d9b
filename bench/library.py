"""6. Library: loading and validating 1,000 routine files; filtering 1,000 entries in the view.

The files are made from the built-in routines (renamed copies, so each has its own id) in a
temporary folder. Loading is ``load_library`` over that folder (median of 5). Filtering types a
search word into the real ``LibraryView`` (offscreen, shown) holding the 1,000 entries and times
until the list has been filtered and drawn again (median of 20, words that match many, few and
none).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.core.routine.library import RoutineFolder, load_library
from bench.common import REPO, Figure, finish, median, note, number, report

COUNT = 1_000


def make_folder(folder: Path) -> None:
    sources = sorted((REPO / "routines").glob("*.yaml"))
    for n in range(COUNT):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if not line.startswith("id:")]
        (folder / f"{source.stem}-copy-{n:04d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from app.qt.library.view import LibraryView

    with tempfile.TemporaryDirectory(prefix="unbrace-bench-library-") as tmp:
        folder = Path(tmp)
        make_folder(folder)
        times = []
        library = None
        for _ in range(5):
            began = time.perf_counter()
            library = load_library([RoutineFolder(folder, "user")])
            times.append((time.perf_counter() - began) * 1000)
        assert library is not None and len(library.routines) == COUNT
        megabytes = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
        note(
            "library load",
            f"{megabytes:.1f} MB of YAML, {number(median(times) / megabytes)} ms per MB",
        )
        report(Figure("library load and validate, 1,000 files (median)", median(times), 1000))

        view = LibraryView()
        view.resize(980, 680)
        view.show()
        app.processEvents()
        began = time.perf_counter()
        view.set_library(library)
        app.processEvents()
        note(
            "library view",
            f"showing 1,000 entries took {number((time.perf_counter() - began) * 1000)} ms",
        )
        filters = []
        for n in range(20):
            word = ("box", "breath", "spine", "zzz", "sigh")[n % 5]
            began = time.perf_counter()
            view.search.setText(word)
            app.processEvents()
            filters.append((time.perf_counter() - began) * 1000)
            view.search.clear()
            app.processEvents()
        note("library filtering", f"slowest {number(max(filters))} ms")
        report(Figure("library filtering, 1,000 entries (median)", median(filters), 50))
    finish()


if __name__ == "__main__":
    main()
