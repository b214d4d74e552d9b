"""Make every picture the README shows, in the light and the dark look, into one folder.

    .ci/with-xvfb .venv/bin/python docs/make_screenshots.py docs/images
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py /tmp/shots

The app is built as ``unbrace`` builds it, with a fake clock, no sound and its own folders, and
driven through its public flow: a few weeks of practice are written to its history first (the
store's own API, so History and Journal have something to show), then a routine is started from
the library, its check-in answered, the clock advanced to the middle of a breath and on to the
end, the after check-in answered, and the Journal and History pages opened. Each page is grabbed
as the window shows it, so the pictures show whatever the app's pages are today. The mini pacer
is pictured as it floats over the user's own work (a draft in a plain text editor, in the look
of the picture) half way through an in-breath, its backing translucent as with a compositor.

The pictures, each as ``NAME-light.png`` and ``NAME-dark.png`` (the session, dark in either
look, only as ``session-dark.png``): ``PICTURES`` below.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QScrollArea, QWidget

from app.core.files.paths import AppPaths
from app.core.history import CheckIn, HistoryStore
from app.core.session.clock import FakeClock
from app.core.session.mini_pacer import MiniPacer, resonance
from app.core.settings.settings import Settings, SettingsStore
from app.qt.design.scheme import apply_look
from app.qt.design.tokens import Scheme, palette_for
from app.qt.mini_pacer.orb_window import PacerOrb
from app.qt.session.controller import NoSound
from app.qt.shell.application import Unbrace, build
from app.qt.tray.icon import Tray

SCHEMES: tuple[Scheme, ...] = ("light", "dark")
#: name → what the README says under it
PICTURES: dict[str, str] = {
    "library": "The library: a card per routine with its breathing pattern or body regions",
    "check-in": "The check-in: how the upper, mid and lower back feel, and feelings if you like",
    "session": "A session mid-breath: the phase word, the orb and the countdown",
    "close": "The close of a session, once the after check-in is saved",
    "journal": "The journal: each session with what you wrote and how your back felt",
    "history": "The history: minutes per week and tension before → after, placed by time",
    "tray": "The tray menu: the pause routine, recent routines and reminders",
    "mini-pacer": "The mini pacer: a small breathing orb at the screen's edge, over your work",
}
#: pictures made in the dark look only: the session is its own dark room in either look
DARK_ONLY = frozenset({"session"})
SIZE = (1000, 680)
BREATHING = "diaphragmatic-3min"  # the routine practised in the pictures


@dataclass
class Wall:
    """The history's wall clock, moved by the script."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


# What a few weeks of practice wrote: (days ago, routine id, name, before, after, journal).
_PAST: tuple[tuple[int, str, str, CheckIn, CheckIn | None, tuple[tuple[str, str], ...]], ...] = (
    (33, "body-scan-spine", "Body Scan Along the Spine", CheckIn(7, 6, 8), CheckIn(5, 4, 6), ()),
    (30, "box-breathing", "Box Breathing", CheckIn(6, 6, 7, ("anxiety",)), None, ()),
    (27, "spinal-mobility", "Gentle Spinal Mobility", CheckIn(7, 5, 8), CheckIn(4, 4, 5), ()),
    (
        23,
        "somatic-journaling",
        "Somatic Journaling",
        CheckIn(6, 5, 7, ("frustration",), "Long day at the desk, jaw tight."),
        CheckIn(4, 4, 5, ("relief",)),
        (("What do you feel in your back?", "A knot under the left shoulder blade."),),
    ),
    (19, "diaphragmatic-3min", "3-Minute Diaphragmatic Breathing", CheckIn(6, 5, 6), None, ()),
    (16, "body-scan-spine", "Body Scan Along the Spine", CheckIn(5, 5, 6), CheckIn(3, 3, 4), ()),
    (12, "hips-and-glutes", "Hips and Glutes", CheckIn(5, 4, 7, ("fear",)), CheckIn(3, 3, 4), ()),
    (9, "box-breathing", "Box Breathing", CheckIn(5, 4, 5), CheckIn(3, 3, 3, ("calm",)), ()),
    (
        5,
        "evening-wind-down",
        "Evening Wind-Down with Warmth",
        CheckIn(5, 4, 6, ("sadness",), "Heavy shoulders after the call."),
        CheckIn(3, 2, 3, ("safety",)),
        (("What did the warmth bring?", "Softer. Some sadness, and it could stay."),),
    ),
    (2, "spinal-mobility", "Gentle Spinal Mobility", CheckIn(4, 4, 5), CheckIn(2, 3, 3), ()),
    (1, "physiological-sigh", "Breath and Sound Release", CheckIn(5, 4, 4), CheckIn(3, 2, 3), ()),
)


def _seed(store: HistoryStore, wall: Wall, now: datetime) -> None:
    for days, routine_id, name, before, after, journal in _PAST:
        wall.now = (now - timedelta(days=days)).replace(hour=18, minute=5)
        session = store.begin_session(routine_id, name, "screenshots", before)
        for prompt, text in journal:
            wall.now += timedelta(minutes=3)
            store.add_journal(session, prompt, text)
        wall.now += timedelta(minutes=6)
        store.finish_session(session, completed=True, practised_s=360, step=3, after=after)
    wall.now = now


def _build(scratch: Path, clock: FakeClock, wall: Wall) -> Unbrace:
    defaults = AppPaths.default()
    paths = AppPaths(
        defaults.builtin_routines, defaults.assets, scratch / "config", scratch / "data"
    )
    settings = Settings(
        medical_notice_seen=True,
        count_in=False,
        check_ins=True,
        favourites=["body-scan-spine", "box-breathing"],
    )
    history = HistoryStore.open(scratch / "history.sqlite3", wall)
    assert history.store is not None, history.notice
    _seed(history.store, wall, wall.now)
    return build(
        paths,
        clock,
        NoSound(),
        SettingsStore(scratch / "settings.json"),
        settings,
        history,
        confirm=lambda parent, notices: True,
        open_url=lambda url: isinstance(url, QUrl),
    )


def _settle(qt_app: QApplication) -> None:
    for _ in range(3):
        qt_app.processEvents()


def _answer_check_in(app: Unbrace, answer: CheckIn) -> None:
    """Answer the check-in page as a user would by saving it: its ``submitted`` signal."""
    app.window.session_view.check_in.submitted.emit(answer)


def _show_ratings(app: Unbrace, upper: int, mid: int, lower: int) -> None:
    """Move the check-in's sliders, where the page offers ``set_value``."""
    page = app.window.session_view.check_in
    set_value: Callable[[str, int], None] | None = getattr(page, "set_value", None)
    if set_value is not None:
        for region, value in (("upper", upper), ("mid", mid), ("lower", lower)):
            set_value(region, value)


def _scroll_to_tension(app: Unbrace) -> None:
    """Scroll the History page just far enough to show the whole tension chart."""
    view = app.records.history_view
    scroll = view.findChild(QScrollArea, "history-scroll") if view is not None else None
    if view is not None and scroll is not None:
        QApplication.processEvents()
        scroll.ensureWidgetVisible(view.tension_chart, 0, 40)


def _tray_menu(scheme: Scheme, icon: Path, app: Unbrace) -> QImage:
    """The tray's menu with its Routines submenu open beside it, on the desktop's colour."""
    tray = Tray(QIcon(str(icon)))
    tray.set_pause_routine(BREATHING, "3-Minute Diaphragmatic Breathing")
    tray.set_routines(
        [
            (entry.id, entry.routine.name)
            for routine_id in ("body-scan-spine", "box-breathing", "spinal-mobility")
            if (entry := app.library.find(routine_id)) is not None and entry.routine is not None
        ]
    )
    tray.set_reminders_enabled(True)
    tray.menu.setActiveAction(tray.routines_menu.menuAction())
    main, sub = tray.menu.grab(), tray.routines_menu.grab()
    margin = 24
    row = tray.menu.actionGeometry(tray.routines_menu.menuAction()).top()
    image = QImage(
        main.width() + sub.width() + 2 * margin - 4,
        max(main.height(), row + sub.height()) + 2 * margin,
        QImage.Format.Format_RGB32,
    )
    image.fill(QColor(palette_for(scheme).background))
    painter = QPainter(image)
    painter.drawPixmap(QPoint(margin, margin), main)
    painter.drawPixmap(QPoint(margin + main.width() - 4, margin + row), sub)
    painter.end()
    return image


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


def _pacer_over_work(qt_app: QApplication) -> QImage:
    """The mini pacer at the right edge of a draft being written, part way through an in-breath
    (the draft in the look set; the orb in the session's colours, as in either look)."""
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
    _settle(qt_app)
    picture = work.grab().toImage()
    painter = QPainter(picture)
    painter.drawPixmap(QPoint(work.width() - orb.width() - 28, 150), orb.grab())
    painter.end()
    orb.close()
    work.close()
    return picture


def _pictures(qt_app: QApplication, scheme: Scheme, out: Path) -> list[Path]:
    apply_look(qt_app, scheme)
    scratch = Path(tempfile.mkdtemp(prefix=f"unbrace-screenshots-{scheme}-"))
    clock = FakeClock()
    wall = Wall(datetime.now(UTC).replace(hour=18, minute=30, second=0, microsecond=0))
    app = _build(scratch, clock, wall)
    window = app.window
    window.resize(*SIZE)
    window.show()
    written: list[Path] = []

    def shot(name: str, widget: QWidget | None = None, image: QImage | None = None) -> None:
        if scheme == "light" and name in DARK_ONLY:
            return
        _settle(qt_app)
        path = out / f"{name}-{scheme}.png"
        picture = image if image is not None else (widget or window).grab().toImage()
        if not picture.save(str(path)):
            raise OSError(f"{path} could not be written")
        written.append(path)

    app.library.reload()
    window.library_view.select("body-scan-spine")
    shot("library")

    assert app.start_by_id(BREATHING), f"{BREATHING} did not start"
    _show_ratings(app, 6, 5, 7)
    shot("check-in")
    _answer_check_in(app, CheckIn(6, 5, 7, ("anxiety",), "Shoulders up by the ears."))
    clock.advance(62.5)  # the middle of an in-breath, a minute in
    app.driver.wake()
    shot("session")

    clock.advance(200)  # past the end: the after check-in, then the close
    wall.now += timedelta(minutes=3)
    app.driver.wake()
    _answer_check_in(app, CheckIn(3, 3, 4, ("calm",), "Shoulders dropped; warm lower back."))
    shot("close")

    window.journal_action.trigger()
    shot("journal")
    window.history_action.trigger()
    _scroll_to_tension(app)
    shot("history")
    shot(
        "tray", image=_tray_menu(scheme, AppPaths.default().assets / "icons/unbrace-tray.svg", app)
    )

    shot("mini-pacer", image=_pacer_over_work(qt_app))

    app.leave_session()
    window.quit()
    app.shut_down()
    return written


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    written = [path for scheme in SCHEMES for path in _pictures(qt_app, scheme, out)]
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")))
