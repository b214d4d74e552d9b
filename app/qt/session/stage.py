"""Where everything sits on the session page, computed from its size alone.

Every text and control has a place of its own, reserved whether it shows or not, so nothing
moves when a step brings a body figure, a two-line prompt, a side or a Continue button, or when
the session pauses: the orb's square depends on the page's size and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect

from app.qt.design.tokens import SPACE

#: The body figure (half as wide as tall) is at least this share of the page's height.
FIGURE_SHARE = 1 / 3
#: The smallest orb square, for a window made very small.
SMALLEST_ORB = 120
#: The centre column (word, prompt) takes at least this share of the width.
CENTRE_SHARE = 0.56
#: Lines of prompt reserved under the phase word (a longer prompt is set smaller to fit).
PROMPT_LINES = 4


@dataclass(frozen=True, slots=True)
class LineHeights:
    """The height of one line in each of the page's type sizes, and of a button, in pixels."""

    caption: int
    heading: int
    word: int
    countdown: int
    body: int
    button: int


@dataclass(frozen=True, slots=True)
class StageRects:
    title: QRect  # the routine's name, small
    step: QRect  # the step's title
    notices: QRect  # sound or history problems: at the top of the right column
    orb: QRect  # the pacer: a square
    left: QRect  # the body figure
    right: QRect  # the side of a move step, or a journal step's text box
    word: QRect  # the phase word
    countdown: QRect
    counter: QRect  # "Breath 3 of 18"
    prompt: QRect
    action: QRect  # "Paused", an open step's hint and Continue, the voice being prepared
    controls: QRect  # the buttons that fade
    progress: QRect  # the thin progress line and the time left


def stage_layout(width: int, height: int, lines: LineHeights) -> StageRects:
    """The page's places for a page of *width* × *height*."""
    margin, gap = SPACE.xl, SPACE.s
    inner = max(0, width - 2 * margin)
    above = margin + lines.caption + lines.heading + SPACE.l
    below = (
        gap
        + lines.word
        + lines.countdown
        + lines.caption
        + gap
        + PROMPT_LINES * lines.body
        + gap
        + lines.button
        + SPACE.m
        + lines.button
        + gap
        + lines.caption
        + SPACE.l
    )
    band = max(SMALLEST_ORB, height - above - below)
    figure_width = round(height * FIGURE_SHARE / 2)
    side = max(SMALLEST_ORB, width - 2 * (figure_width + 2 * margin))
    orb_side = max(SMALLEST_ORB, min(band, side))
    centre_width = min(inner, max(orb_side, round(width * CENTRE_SHARE)))
    centre_x = (width - centre_width) // 2

    y = margin
    title = QRect(margin, y, inner, lines.caption)
    y += lines.caption
    step = QRect(margin, y, inner, lines.heading)
    y += lines.heading + SPACE.l
    stage_top = y
    orb = QRect((width - orb_side) // 2, y + (band - orb_side) // 2, orb_side, orb_side)
    y += band + gap
    word = QRect(centre_x, y, centre_width, lines.word)
    y += lines.word
    countdown = QRect(centre_x, y, centre_width, lines.countdown)
    y += lines.countdown
    counter = QRect(centre_x, y, centre_width, lines.caption)
    y += lines.caption + gap
    prompt = QRect(centre_x, y, centre_width, PROMPT_LINES * lines.body)
    y += PROMPT_LINES * lines.body + gap
    action = QRect(margin, y, inner, lines.button)
    y += lines.button + SPACE.m
    controls = QRect(margin, y, inner, lines.button)
    y += lines.button + gap
    progress = QRect(margin, y, inner, lines.caption)

    # the side columns run from the stage's top to the prompt's bottom, beside the centre
    column_width = max(0, centre_x - gap - margin)
    column_height = prompt.bottom() + 1 - stage_top
    left = QRect(margin, stage_top, column_width, column_height)
    right = QRect(width - margin - column_width, stage_top, column_width, column_height)
    notices = QRect(right.x(), stage_top, right.width(), 4 * lines.body + SPACE.xl)
    return StageRects(
        title=title,
        step=step,
        notices=notices,
        orb=orb,
        left=left,
        right=right,
        word=word,
        countdown=countdown,
        counter=counter,
        prompt=prompt,
        action=action,
        controls=controls,
        progress=progress,
    )
