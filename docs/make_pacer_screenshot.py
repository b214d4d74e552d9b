"""Render the mini pacer beside some work to PNG, for the README (``mini-pacer.png``).

A window of the user's own work (a draft in a plain text editor) with the orb floating at its
right edge, half way through an in-breath, as a desktop with a compositor shows it (the orb's
backing translucent over the text). Run on a real X display (the README's test set-up has one):
    .ci/with-xvfb .venv/bin/python docs/make_pacer_screenshot.py docs/images
Kept apart from ``make_screenshots.py`` (the library and the session).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from app.core.session.clock import FakeClock
from app.core.session.mini_pacer import MiniPacer, resonance
from app.qt.design.scheme import apply_look
from app.qt.mini_pacer.orb_window import PacerOrb

DRAFT = """\
Quarterly review — notes

The migration finished two days early. Most of the time went into the reports, which
now load in under a second; the old export stays available until the end of the month.

Open questions
- Who owns the nightly import once the contractor leaves?
- The dashboard still counts cancelled orders twice in the weekly total.
- Budget for the second reviewer: ask before Friday.

Next steps
1. Write the hand-over page for the import.
2. Fix the double count, with a test that would have caught it.
3. Book the room for the retrospective.

(Shoulders down. Breathe out slowly.)
"""


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication(sys.argv[:1])
    apply_look(qt_app, "light")
    work = QPlainTextEdit()
    work.setPlainText(DRAFT)
    font = QFont(work.font())
    font.setPointSizeF(font.pointSizeF() * 1.1)
    work.setFont(font)
    work.resize(760, 420)
    work.show()
    orb = PacerOrb(overlay=True, composited=True, size=128)
    clock = FakeClock()
    pacer = MiniPacer(resonance(), clock)
    pacer.start()
    clock.advance(2.4)  # part way through an in-breath
    orb.set_frame(pacer.frame())
    orb.show()
    qt_app.processEvents()
    picture = QPixmap(work.grab())
    painter = QPainter(picture)
    painter.drawPixmap(QPoint(work.width() - orb.width() - 28, 150), orb.grab())
    painter.end()
    target = out / "mini-pacer.png"
    picture.save(str(target))
    orb.close()
    work.close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images")))
