"""Which mini pacer the desktop allows, as the doctor tells it."""

from __future__ import annotations

from app.desktop.overlay.mode import expected_platform, overlay_mode


def test_x11_floats_the_orb_and_lets_clicks_through() -> None:
    mode = overlay_mode(expected_platform({"DISPLAY": ":0"}))
    assert mode.overlay and mode.platform == "xcb"
    assert mode.doctor_line() == (
        "mini pacer",
        True,
        "floats on top, clicks pass through (X11)",
        "",
    )


def test_wayland_gets_a_normal_small_window_and_a_way_out() -> None:
    mode = overlay_mode(expected_platform({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}))
    assert not mode.overlay
    name, ok, detail, advice = mode.doctor_line()
    assert (name, ok) == ("mini pacer", False)
    assert "normal window" in detail and "QT_QPA_PLATFORM=xcb" in advice


def test_a_platform_the_user_chose_wins() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}
    assert expected_platform(env) == "xcb"
    assert expected_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
