"""Small widget makers the views share: labels, buttons with accessible names, pill buttons, a
percent slider."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider


def text_label(
    text: str,
    name: str,
    *,
    size: float | None = None,
    bold: bool = False,
    centered: bool = False,
) -> QLabel:
    """A word-wrapping label, its font scaled by *size* and made bold if asked."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    if centered:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = label.font()
    if size is not None:
        font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(bold)
    label.setFont(font)
    return label


def percent_slider(name: str, percent: int) -> tuple[QSlider, QLabel, QHBoxLayout]:
    """A 0–100 slider in steps of 5, its value written beside it ("35 %"), in one row."""
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setAccessibleName(name)
    slider.setRange(0, 100)
    slider.setSingleStep(5)
    slider.setPageStep(10)
    slider.setValue(percent)
    label = QLabel(f"{slider.value()} %")
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("100 %"))
    slider.valueChanged.connect(lambda value: label.setText(f"{value} %"))
    row = QHBoxLayout()
    row.addWidget(slider, 1)
    row.addWidget(label)
    return slider, label, row


def action_button(name: str, text: str, description: str) -> QPushButton:
    """A push button whose accessible name and tooltip say what it does."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setAccessibleDescription(description)
    button.setToolTip(description)
    button.setAutoDefault(False)
    return button


def pill_style(marker: str) -> str:
    """The style of checkable round-ended buttons carrying the dynamic property *marker*."""
    selector = f'QPushButton[{marker}="true"]'
    return f"""
{selector} {{
    border: 1px solid palette(mid); border-radius: 11px; padding: 3px 12px;
    background: palette(base); color: palette(text);
}}
{selector}:checked {{
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}}
{selector}:focus {{ border: 2px solid palette(highlight); }}
"""
