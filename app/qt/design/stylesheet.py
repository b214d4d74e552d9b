"""One Qt style sheet, built from the tokens: soft surfaces, rounded controls, quiet borders.

The palette carries the colours to every widget; the sheet adds only what a palette cannot say
(corner radii, padding, the primary button, pill tags). Combo and spin boxes keep the style's
own drawing in the palette's colours: a sheet that touches them must also supply their arrows.
Views mark a widget's role with a dynamic property (``role="primary"``, ``pill="true"``,
``card="true"``, ``caption="true"``, ``notice="true"``) rather than styling it themselves.
"""

from __future__ import annotations

from app.qt.design.tokens import RADII, SPACE, Palette


def app_style_sheet(p: Palette) -> str:
    r, s = RADII, SPACE
    return f"""
QMainWindow, QDialog {{ background: {p.background}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QToolTip {{
    background: {p.surface}; color: {p.ink}; border: 1px solid {p.line};
    border-radius: {r.small}px; padding: {s.xs}px {s.s}px;
}}
QPushButton {{
    background: {p.surface}; color: {p.ink}; border: 1px solid {p.line};
    border-radius: {r.medium}px; padding: {s.s - 2}px {s.l}px; min-height: 20px;
}}
QPushButton:hover {{ background: {p.surface_alt}; }}
QPushButton:pressed {{ background: {p.accent_soft}; }}
QPushButton:focus {{ border: 2px solid {p.accent}; }}
QPushButton:disabled {{ color: {p.ink_muted}; background: {p.background}; }}
QPushButton[role="primary"] {{
    background: {p.accent}; color: {p.accent_ink}; border: 1px solid {p.accent};
    font-weight: 600;
}}
QPushButton[role="primary"]:hover {{ background: {p.accent}; border-color: {p.ink}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {p.ink}; }}
QPushButton[role="quiet"] {{ background: transparent; border: 1px solid transparent; }}
QPushButton[role="quiet"]:hover {{ background: {p.surface_alt}; }}
QPushButton[role="quiet"]:focus {{ border: 2px solid {p.accent}; }}
QPushButton[pill="true"] {{
    border: 1px solid {p.line}; border-radius: {r.pill}px; padding: {s.xs}px {s.m}px;
    background: {p.surface}; color: {p.ink}; min-height: 18px;
}}
QPushButton[pill="true"]:checked {{
    background: {p.accent}; color: {p.accent_ink}; border-color: {p.accent};
}}
QPushButton[pill="true"]:focus {{ border: 2px solid {p.accent}; }}
QLineEdit, QPlainTextEdit, QTextEdit {{
    background: {p.surface}; color: {p.ink}; border: 1px solid {p.line};
    border-radius: {r.small}px; padding: {s.xs}px {s.s}px;
    selection-background-color: {p.accent}; selection-color: {p.accent_ink};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 2px solid {p.accent};
}}
QListView, QListWidget, QTreeView, QTableView {{
    background: {p.surface}; color: {p.ink}; border: 1px solid {p.line};
    border-radius: {r.medium}px;
}}
QFrame[card="true"] {{
    background: {p.surface}; border: 1px solid {p.line}; border-radius: {r.large}px;
}}
QLabel[caption="true"] {{ color: {p.ink_muted}; }}
QLabel[notice="true"] {{
    background: {p.notice}; color: {p.notice_ink}; border-radius: {r.medium}px;
    padding: {s.m}px;
}}
QLabel[problem="true"] {{ color: {p.danger_ink}; }}
QMenuBar {{ background: {p.background}; color: {p.ink}; }}
QMenuBar::item:selected {{ background: {p.surface_alt}; border-radius: {r.small}px; }}
QMenu {{
    background: {p.surface}; color: {p.ink}; border: 1px solid {p.line};
    border-radius: {r.small}px; padding: {s.xs}px;
}}
QMenu::item {{ padding: {s.xs + 1}px {s.xl}px {s.xs + 1}px {s.l}px; border-radius: {r.small}px; }}
QMenu::item:selected {{ background: {p.accent_soft}; color: {p.ink}; }}
QMenu::separator {{ height: 1px; background: {p.line}; margin: {s.xs}px {s.s}px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: {p.line}; border-radius: 4px; min-height: 32px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle:horizontal {{ background: {p.line}; border-radius: 4px; min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QSplitter::handle {{ background: transparent; }}
QSlider:horizontal {{ min-height: 22px; }}
QSlider::groove:horizontal {{ height: 4px; background: {p.line}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {p.accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{
    background: {p.surface}; border: 2px solid {p.accent}; width: 14px;
    margin: -7px 0; border-radius: 9px;
}}
QSlider::handle:horizontal:focus {{ background: {p.accent}; }}
"""
