"""Fades a session's controls out while the user breathes, and back on a movement or a key.

The rule is ``ControlsFade`` (time from the injected clock); this only feeds it activity, wakes
up when a fade is due (a single-shot timer, or ``wake()`` after a test moved its fake clock) and
shows the result. Hidden controls take no clicks or focus; the page's keys keep working.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPropertyAnimation, Qt, QTimer
from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

from app.core.session.clock import NS_PER_MS, Clock
from app.core.session.controls_fade import CONTROLS_LINGER_NS, ControlsFade

#: How long the fade itself takes.
FADE_MS = 600
ACTIVITY = frozenset(
    {
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Wheel,
    }
)


class ControlsFader(QObject):
    def __init__(
        self,
        clock: Clock,
        page: QWidget,
        controls: list[QWidget],
        linger_ns: int = CONTROLS_LINGER_NS,
        fade_ms: int = FADE_MS,
    ) -> None:
        super().__init__(page)
        self._clock = clock
        self._page = page
        self._controls = controls
        self._fade_ms = fade_ms
        self._rule = ControlsFade(linger_ns=linger_ns, last_activity_ns=clock())
        self._shown = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.wake)
        self._fades: list[tuple[QGraphicsOpacityEffect, QPropertyAnimation]] = []
        for widget in controls:
            effect = QGraphicsOpacityEffect(widget)
            effect.setEnabled(False)  # drawn without an effect while fully shown
            widget.setGraphicsEffect(effect)
            animation = QPropertyAnimation(effect, b"opacity", self)
            animation.setEasingCurve(QEasingCurve.Type.InOutSine)
            animation.finished.connect(self._settled)
            self._fades.append((effect, animation))
        # a movement over a widget that does not track the mouse is dropped, not handed to its
        # parent: every widget of the page tracks it, and is watched
        for widget in (page, *page.findChildren(QWidget)):
            widget.setMouseTracking(True)
            widget.installEventFilter(self)

    @property
    def shown(self) -> bool:
        """Whether the controls are showing (or coming back), as opposed to faded away."""
        return self._shown

    def touch(self) -> None:
        """The user moved the mouse or pressed a key."""
        self._rule.touch(self._clock())
        self._apply()

    def set_playing(self, playing: bool) -> None:
        if playing != self._rule.playing:
            self._rule.set_playing(playing, self._clock())
            self._apply()

    def wake(self) -> None:
        """Look at the clock again (the timer fired, or a test moved its fake clock)."""
        if self._shown and any(widget.underMouse() for widget in self._controls):
            self._rule.touch(self._clock())  # a pointer resting on a button keeps them
        self._apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._rule.touch(self._clock())
            if not self._shown:
                self._apply()
        return False

    def _apply(self) -> None:
        now = self._clock()
        shown = self._rule.visible(now)
        if shown != self._shown:
            self._shown = shown
            self._fade(shown)
        due = self._rule.next_change_ns(now)
        if due is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, -(-(due - now) // NS_PER_MS)))

    def _fade(self, shown: bool) -> None:
        if shown:
            self._page.unsetCursor()
        else:
            self._page.setCursor(Qt.CursorShape.BlankCursor)
            focus = self._page.focusWidget()
            if focus is not None and any(w.isAncestorOf(focus) for w in self._controls):
                self._page.setFocus()  # the keys stay with the page
        for widget, (effect, animation) in zip(self._controls, self._fades, strict=True):
            animation.stop()
            start = effect.opacity() if effect.isEnabled() else 1.0
            end = 1.0 if shown else 0.0
            if shown:
                widget.show()
            effect.setEnabled(True)
            if self._fade_ms <= 0:
                effect.setOpacity(end)
                self._settled()
                continue
            animation.setDuration(self._fade_ms)
            animation.setStartValue(start)
            animation.setEndValue(end)
            animation.start()

    def _settled(self) -> None:
        """A fade ended: hidden controls leave (no clicks, no Tab), shown ones lose the effect
        (drawn directly again)."""
        for widget, (effect, animation) in zip(self._controls, self._fades, strict=True):
            if animation.state() is QPropertyAnimation.State.Running:
                continue
            if self._shown:
                effect.setEnabled(False)
            else:
                widget.hide()
