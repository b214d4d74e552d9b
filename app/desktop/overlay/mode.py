"""Can the mini pacer float on top of other windows and let clicks through, here?

On X11 a client may keep a window above the others and give it an empty input shape, so the orb
floats over the work and every click goes to the window beneath it. Wayland compositors decide
stacking themselves and most give a plain client no way to stay on top: there the pacer opens as
a small normal window instead, and says so once. Qt-free: ``unbrace doctor`` asks it before
any window exists, naming the platform Qt would pick from the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FALLBACK_NOTICE = (
    "This desktop does not let an app keep a small window above the others or let clicks pass "
    "through it, so the pacer opens as a small normal window. Keep it beside your work; close "
    "it to stop."
)


@dataclass(frozen=True, slots=True)
class OverlayMode:
    overlay: bool  # on top of other windows, click-through, never focused
    platform: str  # Qt's platform plugin: xcb, wayland, offscreen...
    detail: str

    def doctor_line(self) -> tuple[str, bool, str, str]:
        """(name, ok, detail, advice), as ``unbrace doctor`` prints its checks."""
        advice = (
            ""
            if self.overlay
            else "where your compositor keeps X11 windows on top, QT_QPA_PLATFORM=xcb lets the "
            "pacer float through XWayland"
        )
        return ("mini pacer", self.overlay, self.detail, advice)


def overlay_mode(platform: str) -> OverlayMode:
    """The mode on Qt's *platform* (``QGuiApplication.platformName()``)."""
    if platform.startswith("wayland"):
        return OverlayMode(
            False,
            platform,
            "a small normal window (Wayland: no staying on top or click-through for apps)",
        )
    if platform == "xcb":
        return OverlayMode(True, platform, "floats on top, clicks pass through (X11)")
    return OverlayMode(True, platform, f"floats on top, clicks pass through ({platform})")


def expected_platform(env: Mapping[str, str]) -> str:
    """The platform Qt will pick here, read from the environment as Qt reads it."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"
