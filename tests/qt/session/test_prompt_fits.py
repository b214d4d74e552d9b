"""Every built-in step's prompt can be read whole on the session page: a long one is set
smaller, never cut off, and the orb does not move for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.routine.loader import load_routine_file
from app.core.routine.model import Routine
from app.qt.design.scheme import calm_font
from app.qt.design.tokens import TYPE
from app.qt.session.running_page import RunningPage
from tests.conftest import BUILTIN_ROUTINES

#: the window's size when first opened
PAGE = (1000, 680)


def _prompts(routine: Routine) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, BaseModel):
            prompt = getattr(value, "prompt", None)
            if isinstance(prompt, str) and prompt:
                found.append(prompt)
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for child in value:
                walk(child)

    walk(routine)
    return found


def _builtin_prompts() -> list[str]:
    prompts = [
        prompt
        for path in sorted(Path(BUILTIN_ROUTINES).glob("*.yaml"))
        for prompt in _prompts(load_routine_file(path))
    ]
    assert len(prompts) > 50  # the walk finds the steps' prompts
    return prompts


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[RunningPage]:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    desktop_font = qt_app.font()
    qt_app.setFont(calm_font(desktop_font))  # the typeface the app draws with
    shown = RunningPage()
    qtbot.addWidget(shown)
    shown.resize(*PAGE)
    shown.show()
    yield shown
    qt_app.setFont(desktop_font)


def test_every_builtin_prompt_fits_its_place_whole(page: RunningPage) -> None:
    label = page.prompt_label
    base = label.base_font.pointSizeF()
    smallest = base * TYPE.caption / TYPE.body
    for prompt in _builtin_prompts():
        label.setText(prompt)
        assert label.fits(label.font()), prompt
        assert label.font().pointSizeF() >= smallest - 0.01, prompt


def test_a_short_prompt_keeps_the_body_size_and_a_long_one_steps_down(page: RunningPage) -> None:
    label = page.prompt_label
    label.setText("Breathe in through the nose.")
    assert label.font().pointSizeF() == pytest.approx(label.base_font.pointSizeF())
    assert label.toolTip() == ""
    words = iter(" ".join(_builtin_prompts()).split())
    longer = max(_builtin_prompts(), key=len)
    label.setText(longer)
    while label.fits(label.base_font):  # just too long for the body size, whatever the font
        longer = f"{longer} {next(words)}"
        label.setText(longer)
    assert label.font().pointSizeF() < label.base_font.pointSizeF()
    assert label.fits(label.font())
    assert label.toolTip() == ""


def test_text_too_long_for_any_size_is_whole_in_the_tooltip(page: RunningPage) -> None:
    label = page.prompt_label
    too_long = " ".join([max(_builtin_prompts(), key=len)] * 3)
    label.setText(too_long)
    assert label.font().pointSizeF() < label.base_font.pointSizeF() * (TYPE.caption + 0.06)
    assert label.toolTip() == too_long


def test_the_orb_stays_put_for_a_long_prompt(page: RunningPage) -> None:
    page.prompt_label.setText("")
    before = page.pacer.geometry()
    page.prompt_label.setText(max(_builtin_prompts(), key=len))
    assert page.pacer.geometry() == before
    assert page.prompt_label.geometry() == page.places().prompt
