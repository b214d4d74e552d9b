"""Design tokens: the palettes, the type scale, spacing and corner radii, as plain data.

The records are named tuples: read-only like frozen dataclasses, and built in a tenth of the
time, which the window's first paint waits for.

Three palettes: ``LIGHT`` and ``DARK`` for the library, journal, history and dialogs (they follow
the desktop's colour scheme unless the user forces one), and ``SESSION``, the dark, softly graded
place a routine runs in whatever the rest of the app uses. ``TEXT_PAIRS`` names every
text-on-background pair the views draw, so one test can hold each to WCAG AA contrast.
"""

from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from app.core.session.pacer_model import Tone

Scheme = Literal["light", "dark"]
#: how a text pair is used: body text needs 4.5:1, large text (≥ 18 pt, or 14 pt bold) 3:1
TextSize = Literal["body", "large"]


class Palette(NamedTuple):
    """Every colour a view may use, as ``#rrggbb``."""

    scheme: Scheme
    background: str  # the window behind everything
    surface: str  # cards, lists, fields
    surface_alt: str  # a card's hover, a quiet band, the unchecked pill
    line: str  # borders and separators (never carry meaning alone)
    ink: str  # body text
    ink_muted: str  # captions, secondary lines
    accent: str  # the primary button, the selection, focus rings
    accent_ink: str  # text on the accent
    accent_soft: str  # a selected card's background (ink stays readable on it)
    notice: str  # the background of a safety note
    notice_ink: str  # its text
    danger_ink: str  # text of a problem ("Not valid: …")
    glow: str  # the soft light around the orb
    tones: "dict[Tone, str]"  # the pacer's colour per phase; also chart and body-figure hues


LIGHT = Palette(
    scheme="light",
    background="#f5f2ec",
    surface="#fffdf9",
    surface_alt="#ebe6dd",
    line="#d6cec1",
    ink="#2a2e35",
    ink_muted="#5b626d",
    accent="#2f6f60",
    accent_ink="#ffffff",
    accent_soft="#d9e8e2",
    notice="#fbf1dc",
    notice_ink="#5a4317",
    danger_ink="#a2322a",
    glow="#ffffff",
    tones={
        "inhale": "#3f7fb8",
        "hold": "#7a67b3",
        "exhale": "#3a8a71",
        "rest": "#94805f",
        "guide": "#b3704d",
        "move": "#a87b23",
        "open": "#62758a",
        "idle": "#7b8692",
    },
)

DARK = Palette(
    scheme="dark",
    background="#161b21",
    surface="#1e242c",
    surface_alt="#29313b",
    line="#38414d",
    ink="#e9e6e0",
    ink_muted="#a9b0ba",
    accent="#7cc4ae",
    accent_ink="#10201b",
    accent_soft="#24403a",
    notice="#3a3020",
    notice_ink="#f3dcae",
    danger_ink="#f2a39b",
    glow="#cfe6ff",
    tones={
        "inhale": "#7fb3e6",
        "hold": "#a998d9",
        "exhale": "#6cc3a6",
        "rest": "#cdb794",
        "guide": "#dca283",
        "move": "#e3b865",
        "open": "#98a9bb",
        "idle": "#7c8792",
    },
)

#: The session: a dark, softly graded room (top → bottom of the gradient) and quiet type.
SESSION = Palette(
    scheme="dark",
    background="#0f1620",
    surface="#1a2533",
    surface_alt="#223042",
    line="#2e3d50",
    ink="#eef2f6",
    ink_muted="#a3b3c4",
    accent="#8fcdb9",
    accent_ink="#0d1b17",
    accent_soft="#1f3a35",
    notice="#3a3020",
    notice_ink="#f3dcae",
    danger_ink="#f2a39b",
    glow="#cfe6ff",
    tones=DARK.tones,
)


def palette_for(scheme: Scheme) -> Palette:
    return DARK if scheme == "dark" else LIGHT


class TypeScale(NamedTuple):
    """Font sizes as multiples of the desktop's body size, so a user's larger font is kept."""

    phase_word: float = 2.6  # "Breathe in", under the orb
    display: float = 2.0  # the close page's headline, the side in a move step
    title: float = 1.5  # a routine's or a page's title
    heading: float = 1.15  # section headings
    body: float = 1.0
    caption: float = 0.88  # counters, lengths, secondary lines
    #: families tried in order; the desktop's own font when none is installed
    families: tuple[str, ...] = ("Inter", "Cantarell", "Noto Sans", "Ubuntu", "DejaVu Sans")


class Spacing(NamedTuple):
    xs: int = 4
    s: int = 8
    m: int = 12
    l: int = 16  # noqa: E741 - the size name, read beside xs/s/m/xl
    xl: int = 24
    xxl: int = 40


class Radii(NamedTuple):
    small: int = 6  # fields, small buttons
    medium: int = 10  # cards, buttons
    large: int = 16  # panels, dialogs
    pill: int = 14  # feeling tags, choice chips (half their height)


TYPE = TypeScale()
SPACE = Spacing()
RADII = Radii()


class TextPair(NamedTuple):
    name: str
    ink: str
    background: str
    size: TextSize


def text_pairs(palette: Palette, label: str) -> list[TextPair]:
    """Every text/background pair drawn with *palette*, named ``label.role-on-background``."""
    p = palette
    pairs = [
        TextPair(f"{label}.ink-on-background", p.ink, p.background, "body"),
        TextPair(f"{label}.ink-on-surface", p.ink, p.surface, "body"),
        TextPair(f"{label}.ink-on-surface_alt", p.ink, p.surface_alt, "body"),
        TextPair(f"{label}.ink-on-accent_soft", p.ink, p.accent_soft, "body"),
        TextPair(f"{label}.muted-on-background", p.ink_muted, p.background, "body"),
        TextPair(f"{label}.muted-on-surface", p.ink_muted, p.surface, "body"),
        TextPair(f"{label}.muted-on-accent_soft", p.ink_muted, p.accent_soft, "body"),
        TextPair(f"{label}.accent_ink-on-accent", p.accent_ink, p.accent, "body"),
        TextPair(f"{label}.accent-on-surface", p.accent, p.surface, "body"),
        TextPair(f"{label}.accent-on-background", p.accent, p.background, "body"),
        TextPair(f"{label}.notice_ink-on-notice", p.notice_ink, p.notice, "body"),
        TextPair(f"{label}.danger-on-surface", p.danger_ink, p.surface, "body"),
        TextPair(f"{label}.danger-on-background", p.danger_ink, p.background, "body"),
    ]
    # a tone colours large things only: the orb, the phase word's underline, a chart's marks
    pairs += [
        TextPair(f"{label}.tone-{tone}-on-background", colour, p.background, "large")
        for tone, colour in p.tones.items()
        if tone != "idle"
    ]
    return pairs


#: every pair the app draws, in every palette
TEXT_PAIRS: tuple[TextPair, ...] = tuple(
    text_pairs(LIGHT, "light") + text_pairs(DARK, "dark") + text_pairs(SESSION, "session")
)

#: WCAG 2.x AA
MINIMUM_CONTRAST: dict[TextSize, float] = {"body": 4.5, "large": 3.0}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    digits = colour.removeprefix("#")
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(ink: str, background: str) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    a, b = sorted((relative_luminance(ink), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
