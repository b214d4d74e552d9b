"""The tray host probe chosen at start-up: the X server on X11, or nothing."""

from __future__ import annotations

import pytest

from app.desktop.tray_host.abc import NullTrayHost, XEmbedTrayHost, tray_host_probe


def test_null_tray_host_sees_no_tray() -> None:
    assert NullTrayHost().tray_running() is False


def test_not_on_x11_nothing_is_asked() -> None:
    assert isinstance(tray_host_probe("wayland"), NullTrayHost)
    assert isinstance(tray_host_probe("offscreen"), NullTrayHost)


def test_on_x11_the_x_server_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = tray_host_probe("xcb")
    assert isinstance(probe, XEmbedTrayHost)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert probe.tray_running() is False  # no X display: no tray there
