"""What the app asks about a system tray already running on the display, what it gets where
there is no X display to ask, and the choice of the backend at start-up."""

from __future__ import annotations

from typing import Protocol

from app.desktop.tray_host.xembed import xembed_tray_running

__all__ = ["NullTrayHost", "TrayHostProbe", "XEmbedTrayHost", "tray_host_probe"]


class TrayHostProbe(Protocol):
    def tray_running(self) -> bool:
        """Whether a system tray is running now, one the app can show its icon in at once."""
        ...


class XEmbedTrayHost:
    """Asks the X server whether an XEmbed system tray owns its selection."""

    def __init__(self, display: str | None = None) -> None:
        self._display = display

    def tray_running(self) -> bool:
        return xembed_tray_running(self._display)


class NullTrayHost:
    """Not on X11 (Wayland, offscreen): there is no XEmbed tray to ask about, so the app waits
    for a StatusNotifier host alone."""

    def tray_running(self) -> bool:
        return False


def tray_host_probe(platform_name: str) -> TrayHostProbe:
    """``XEmbedTrayHost`` on Qt's X11 platform (``xcb``), else ``NullTrayHost``: Qt would use
    an XEmbed tray only there."""
    return XEmbedTrayHost() if platform_name == "xcb" else NullTrayHost()
