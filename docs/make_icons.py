"""Render the app icon to the PNG sizes the icon theme specification asks for.

The SVG in assets/icons/ is the source; the PNGs beside it in hicolor/ are for desktops and
software centres that do not draw SVG. Run after changing the SVG:
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from app import APP_ID
from app.desktop.autostart.menu_entry import PNG_ICON_SIZES

ICONS = Path(__file__).resolve().parents[1] / "assets" / "icons"


def main() -> int:
    app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "unbrace.svg"))
    for size in PNG_ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(out), b"PNG")
        print(out.relative_to(ICONS.parents[1]))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
