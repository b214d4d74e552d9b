"""Every text the app draws is readable: WCAG AA for each text/background pair, in every scheme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.qt.design.tokens import (
    DARK,
    LIGHT,
    MINIMUM_CONTRAST,
    SESSION,
    TEXT_PAIRS,
    Palette,
    TextPair,
    contrast_ratio,
    relative_luminance,
)

APP_QT = Path(__file__).resolve().parents[3] / "app" / "qt"


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # the grey that just fails body text on white, and the one that just passes
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#767676") == contrast_ratio("#767676", "#ffffff")


def test_a_colour_that_is_not_rrggbb_is_refused() -> None:
    with pytest.raises(ValueError, match="#rrggbb"):
        relative_luminance("#fff")


@pytest.mark.parametrize("pair", TEXT_PAIRS, ids=lambda pair: pair.name)
def test_every_text_pair_meets_wcag_aa(pair: TextPair) -> None:
    ratio = contrast_ratio(pair.ink, pair.background)
    needed = MINIMUM_CONTRAST[pair.size]
    assert ratio >= needed, f"{pair.name}: {ratio:.2f}:1, needs {needed}:1"


def test_the_pairs_cover_every_palette_and_every_phase_tone() -> None:
    names = {pair.name for pair in TEXT_PAIRS}
    for label in ("light", "dark", "session"):
        assert f"{label}.ink-on-background" in names
        assert f"{label}.muted-on-surface" in names
        for tone in ("inhale", "hold", "exhale", "rest", "guide", "move", "open"):
            assert f"{label}.tone-{tone}-on-background" in names


@pytest.mark.parametrize("palette", [LIGHT, DARK, SESSION], ids=["light", "dark", "session"])
def test_palettes_are_what_they_say(palette: Palette) -> None:
    colours = [
        getattr(palette, name) for name in palette._fields if name not in ("scheme", "tones")
    ]
    colours += list(palette.tones.values())
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in colours)
    background = relative_luminance(palette.background)
    if palette.scheme == "dark":
        assert background < 0.05
    else:
        assert background > 0.75


def test_the_session_is_dark_whatever_the_library_uses() -> None:
    assert SESSION.scheme == "dark"
    assert relative_luminance(SESSION.background) < relative_luminance(DARK.background) + 0.01


def test_no_view_carries_a_colour_of_its_own() -> None:
    """Colours are defined once, in the design tokens; a view that writes ``"#c0ffee"`` drifts."""
    literal = re.compile(r"""["']#[0-9a-fA-F]{3,8}["']""")
    offenders = [
        f"{path.relative_to(APP_QT)}:{number}"
        for path in APP_QT.rglob("*.py")
        if path.parent.name != "design"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []
