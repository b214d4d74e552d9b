"""What the app asks of the desktop about a full-screen window, what it gets where nothing can
tell, and the choice of the backend at start-up."""

from __future__ import annotations

import os

from app.core.reminders.runner import FullScreenSource

__all__ = ["FullScreenSource", "NullFullScreen", "fullscreen_source"]


class NullFullScreen:
    """No X server to ask (Wayland without XWayland, a console): whether the window in front is
    full screen cannot be told, so reminders are never held back for it."""

    def active_window_fullscreen(self) -> bool | None:
        return None


def fullscreen_source(display: str | None = None) -> FullScreenSource:
    """The X server's answer where there is an X display (*display* defaults to ``$DISPLAY``),
    else ``NullFullScreen``."""
    if not (display or os.environ.get("DISPLAY")):
        return NullFullScreen()
    from app.desktop.fullscreen.x11 import X11FullScreen

    return X11FullScreen(display)
