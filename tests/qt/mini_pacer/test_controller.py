"""The mini pacer in the app: its window's manners, its pacing from the clock, its record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.core.history import HistoryStore
from app.core.routine.loader import load_routine_text
from app.core.session.clock import FakeClock
from app.core.session.mini_pacer import MOVING_FRAME_MS, breath_pattern, resonance
from app.core.session.pacer_model import ORB_MAX, ORB_MIN
from app.core.session.timeline import Segment
from app.core.settings.settings import Settings, SettingsStore
from app.desktop.overlay.mode import FALLBACK_NOTICE, overlay_mode
from app.qt.design.tokens import SESSION
from app.qt.mini_pacer.controller import IDLE_PAUSE_S, MiniPacerController
from app.qt.mini_pacer.orb_window import PacerOrb
from app.qt.settings.preferences import Preferences

BOX = """\
id: box
name: Box
summary: Four sides.
steps:
  - breathe: {label: Box, pattern: {inhale: 4, hold_in: 4, exhale: 4, hold_out: 4}, cycles: 4}
"""


class Desk:
    """What the desktop says: a full-screen window in front? how long idle?"""

    def __init__(self) -> None:
        self.fullscreen: bool | None = False
        self.idle: float | None = 0.0

    def active_window_fullscreen(self) -> bool | None:
        return self.fullscreen

    def idle_seconds(self) -> float | None:
        return self.idle


class Wall:
    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._zero = clock()

    def __call__(self) -> datetime:
        return datetime(2026, 3, 4, 10, 0, tzinfo=UTC) + timedelta(
            microseconds=(self._clock() - self._zero) // 1000
        )


class Rig:
    def __init__(self, qtbot: QtBot, tmp_path: Path, *, overlay: bool = True) -> None:
        self.clock = FakeClock()
        self.desk = Desk()
        opened = HistoryStore.open(tmp_path / "history.sqlite3", Wall(self.clock))
        assert opened.store is not None
        self.history = opened.store
        self.preferences = Preferences(SettingsStore(tmp_path / "settings.json"), Settings())
        self.notices: list[str] = []
        self.controller = MiniPacerController(
            self.clock,
            Wall(self.clock),
            self.preferences,
            lambda: self.history,
            self.desk,
            self.desk,
            overlay_mode("xcb" if overlay else "wayland"),
            composited=lambda: True,
        )
        self.controller.notice.connect(self.notices.append)

    @property
    def orb(self) -> PacerOrb:
        orb = self.controller.orb
        assert orb is not None
        return orb

    def close(self) -> None:
        """As when the app quits: the pacer stops, its window goes, the files are written."""
        self.controller.stop()
        if self.controller.orb is not None:
            self.controller.orb.close()
        self.preferences.flush()
        self.history.close()

    def after(self, seconds: float) -> None:
        """Time passes; the window is woken once (however late), as its timers would."""
        self.clock.advance(seconds)
        self.controller.watch()


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(qtbot, tmp_path)
    yield made
    made.close()


def test_the_orb_floats_on_top_and_never_takes_a_click_or_the_focus(rig: Rig) -> None:
    rig.controller.start(resonance(), 5)
    orb = rig.orb
    assert orb.isVisible()
    flags = orb.windowFlags()
    for flag in (
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.WindowTransparentForInput,
        Qt.WindowType.WindowDoesNotAcceptFocus,
        Qt.WindowType.FramelessWindowHint,
        Qt.WindowType.Tool,
    ):
        assert flags & flag == flag, flag
    assert orb.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert orb.testAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    assert orb.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert 96 <= orb.width() == orb.height() <= 160
    handle = orb.windowHandle()
    assert handle is not None
    assert handle.flags() & Qt.WindowType.WindowTransparentForInput


def test_it_breathes_from_the_clock_as_the_timeline_lays_out_the_breath(rig: Rig) -> None:
    routine = load_routine_text(BOX, "box.yaml")
    rig.controller.start(breath_pattern(routine), None)
    rig.after(16 * 20 + 2)  # twenty cycles later, in one wake: half way through an inhale
    frame = rig.orb.frame
    assert frame is not None and (frame.tone, frame.word) == ("inhale", "In")
    assert frame.scale == pytest.approx((ORB_MIN + ORB_MAX) / 2)
    # the next frame when the edge has moved about a pixel: soon, in the middle of the inhale
    wait = rig.controller.frame_timer_ms()
    assert wait is not None and MOVING_FRAME_MS - 5 <= wait <= 2 * MOVING_FRAME_MS
    rig.after(3)  # a second into the hold at the top: no frame until it ends in 3 s
    frame = rig.orb.frame
    assert frame is not None and (frame.tone, frame.scale) == ("hold", ORB_MAX)
    assert rig.controller.frame_timer_ms() == pytest.approx(3_000, abs=5)


def test_it_steps_aside_for_a_full_screen_window_and_waits(rig: Rig) -> None:
    rig.controller.start(resonance(), 5)
    rig.after(30)
    rig.desk.fullscreen = True
    rig.after(3)  # the watch sees the film
    assert not rig.orb.isVisible()
    assert rig.controller.frame_timer_ms() is None  # nothing is drawn while hidden
    rig.after(600)
    rig.desk.fullscreen = False
    rig.after(3)
    assert rig.orb.isVisible()
    assert rig.controller.pacer is not None
    # 30 s, and the 3 s until the watch saw the film; the film's ten minutes are left out
    assert rig.controller.pacer.practised_ms() == 33_000


def test_it_steps_aside_while_a_session_runs_in_the_main_window(rig: Rig) -> None:
    rig.controller.start(resonance(), 15)
    rig.controller.set_session_running(True)
    assert not rig.orb.isVisible()
    rig.controller.set_session_running(False)
    assert rig.orb.isVisible()


def test_time_away_from_the_keyboard_pauses_it(rig: Rig) -> None:
    rig.controller.start(resonance(), None)
    rig.after(100)
    rig.clock.advance(IDLE_PAUSE_S + 1)  # no input since
    rig.desk.idle = IDLE_PAUSE_S + 1
    rig.controller.watch()
    assert rig.controller.hold.idle and rig.orb.isVisible()
    assert rig.controller.pacer is not None
    assert rig.controller.pacer.practised_ms() == 100_000  # the idle minute is not counted
    still = rig.orb.frame
    rig.after(300)
    assert rig.orb.frame == still and rig.controller.frame_timer_ms() is None
    rig.desk.idle = 0.5
    rig.after(3)
    assert not rig.controller.hold.paused
    assert rig.controller.frame_timer_ms() is not None


@pytest.mark.parametrize("reduced", [False, True])
def test_reduced_motion_fills_a_ring_instead_of_growing_the_orb(
    qtbot: QtBot, tmp_path: Path, reduced: bool
) -> None:
    rig = Rig(qtbot, tmp_path)
    rig.preferences.update(reduced_motion=reduced)
    rig.controller.start(resonance(), 5)
    assert rig.orb.reduced_motion is reduced
    side = rig.orb.width()
    largest = side / 2 - 6
    between = (round(side / 2 + 0.6 * largest), side // 2)  # outside the smallest orb
    ring_top = (side // 2 + 2, round(side / 2 - largest + largest * 0.08))  # at 12 o'clock

    def looks() -> tuple[QColor, QColor]:
        picture = rig.orb.grab().toImage()
        return picture.pixelColor(*between), picture.pixelColor(*ring_top)

    bottom = looks()  # the breath has just turned: smallest, ring empty
    rig.after(5.5)  # the top of the breath: largest, ring full
    top = looks()
    frame = rig.orb.frame
    assert frame is not None and frame.fill == pytest.approx(1.0)
    hue = QColor(SESSION.tones[frame.tone])  # the out-breath's, as it turns
    if reduced:
        assert bottom[0] == top[0]  # nothing grows
        assert _near(top[1], hue) and not _near(bottom[1], hue)  # the ring filled
    else:
        assert _near(top[0], hue, 70) and not _near(bottom[0], hue, 70)  # the orb grew
    rig.close()


def _near(colour: QColor, other: QColor, by: int = 40) -> bool:
    return all(
        abs(a - b) <= by for a, b in zip(colour.getRgb()[:3], other.getRgb()[:3], strict=True)
    )


def test_it_fades_away_after_its_time_and_the_history_keeps_it(rig: Rig) -> None:
    rig.controller.start(resonance(), 5)
    ended: list[bool] = []
    rig.controller.running_changed.connect(ended.append)
    rig.after(298.5)
    assert rig.orb.isVisible() and rig.orb.frame is not None
    assert rig.orb.frame.opacity == pytest.approx(0.5)
    rig.after(2)
    assert ended == [False] and not rig.orb.isVisible()
    (practice,) = rig.history.practices()
    assert (practice.kind, practice.routine_id, practice.pattern) == (
        "mini_pacer",
        "resonance",
        "in 5.5 s · out 5.5 s",
    )
    assert practice.practised_s == 300
    assert rig.history.sessions() == []


def test_two_days_without_a_pause_are_not_kept_and_nothing_breaks(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    rig.controller.start(resonance(), None)  # until stopped
    rig.after(49 * 3600)
    rig.controller.stop()
    assert rig.history.practices() == []
    assert "ran 49 h without a pause; not kept" in caplog.text


def test_its_place_is_remembered_for_the_screen_layout(rig: Rig) -> None:
    rig.controller.start(resonance(), 5)
    rig.orb.moved.emit(QPoint(40, 50))
    rig.controller.stop()
    assert len(rig.preferences.current.mini_pacer.places) == 1
    rig.controller.start(resonance(), 5)
    assert rig.orb.pos() == QPoint(40, 50)


def test_move_mode_lets_the_orb_take_the_mouse_until_it_is_dropped(rig: Rig) -> None:
    rig.controller.start(resonance(), 5)
    rig.controller.start_moving()
    handle = rig.orb.windowHandle()
    assert handle is not None
    assert not handle.flags() & Qt.WindowType.WindowTransparentForInput
    rig.orb.moved.emit(QPoint(60, 70))
    assert handle.flags() & Qt.WindowType.WindowTransparentForInput


def test_where_it_cannot_float_it_is_a_normal_window_and_says_so_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    rig = Rig(qtbot, tmp_path, overlay=False)
    rig.controller.start(resonance(), 5)
    flags = rig.orb.windowFlags()
    assert not flags & Qt.WindowType.WindowStaysOnTopHint
    assert not flags & Qt.WindowType.WindowTransparentForInput
    rig.controller.stop()
    rig.controller.start(resonance(), 5)
    assert rig.notices == [FALLBACK_NOTICE]
    rig.orb.closed_by_user.emit()  # its close button stops it
    assert not rig.controller.running and not rig.orb.isVisible()
    rig.close()


class Tone:
    def __init__(self) -> None:
        self.prepared: list[str] = []
        self.sounded: list[str] = []

    def prepare(self, pattern: object) -> None:
        self.prepared.append(getattr(pattern, "name", ""))

    def sound(self, segment: Segment, at_ns: int) -> None:
        self.sounded.append(f"{segment.cues[0]} at {at_ns // 1_000_000_000}")


def test_silent_by_default_and_each_phase_sounds_with_the_breath_tone_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    rig = Rig(qtbot, tmp_path)
    tone = Tone()
    rig.controller._tone = tone  # as the composition root gives it
    rig.controller.start(resonance(), 5)
    rig.after(5.5)
    rig.after(5.5)
    assert tone.sounded == []  # silent by default
    settings = rig.preferences.current.mini_pacer
    rig.preferences.update(mini_pacer=settings.model_copy(update={"breath_tone": True}))
    assert tone.prepared == ["Resonance breathing"]  # made now, not when its first cue is due
    start = rig.clock() // 1_000_000_000
    rig.after(5.5)
    rig.after(5.5)
    assert tone.prepared == ["Resonance breathing"]
    assert tone.sounded == [f"exhale at {start + 5}", f"inhale at {start + 11}"]
    rig.controller.set_session_running(True)  # the session takes the sound layer
    rig.after(5.5)
    assert len(tone.sounded) == 2  # hidden: silent
    rig.controller.set_session_running(False)
    assert tone.prepared == ["Resonance breathing"] * 2  # made again as the session ends
    rig.after(5.5)
    assert tone.prepared == ["Resonance breathing"] * 2  # and not again at the next cue
    assert len(tone.sounded) == 3
    rig.close()
