"""The mini pacer comes back where the user put it, on the same screens."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.settings.mini_pacer_settings import (
    MAX_LAYOUTS,
    MiniPacerSettings,
    edge_place,
    kept_on_screen,
    layout_key,
)
from app.core.settings.settings import Settings, SettingsStore

LAPTOP = [(0, 0, 1920, 1080)]
DOCKED = [(1920, 0, 2560, 1440), (0, 0, 1920, 1080)]


def test_each_screen_layout_keeps_its_own_place(tmp_path: object) -> None:
    settings = MiniPacerSettings().with_place(layout_key(LAPTOP), 1776, 600)
    settings = settings.with_place(layout_key(DOCKED), 4300, 900)
    store = SettingsStore(tmp_path / "settings.json")  # type: ignore[operator]
    store.save(Settings(mini_pacer=settings))
    loaded = store.load().settings.mini_pacer
    assert loaded.place_for(layout_key(LAPTOP)) is not None
    assert loaded.place_for(layout_key(LAPTOP)).x == 1776  # type: ignore[union-attr]
    # the same screens listed in another order are the same layout
    assert loaded.place_for(layout_key(list(reversed(DOCKED)))).x == 4300  # type: ignore[union-attr]
    assert loaded.place_for(layout_key([(0, 0, 1280, 800)])) is None


def test_only_the_latest_layouts_are_remembered() -> None:
    settings = MiniPacerSettings()
    for n in range(MAX_LAYOUTS + 3):
        settings = settings.with_place(layout_key([(0, 0, 1000 + n, 800)]), n, n)
    assert len(settings.places) == MAX_LAYOUTS
    assert settings.place_for(layout_key([(0, 0, 1000, 800)])) is None
    assert settings.place_for(layout_key([(0, 0, 1000 + MAX_LAYOUTS + 2, 800)])) is not None


def test_a_new_pacer_sits_at_the_right_edge_and_on_screen() -> None:
    place = edge_place(LAPTOP[0], 120)
    assert place == (1920 - 120 - 24, 648 - 60)
    assert kept_on_screen(place, 120, LAPTOP)
    assert not kept_on_screen((4300, 900), 120, LAPTOP)  # the monitor it was on is gone


def test_a_size_outside_96_to_160_pixels_is_refused() -> None:
    with pytest.raises(ValidationError):
        MiniPacerSettings(size=400)
