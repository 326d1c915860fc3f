"""Render resources/icons/clauselens.svg into the icons the installers need (run once after the SVG
changes; the results are committed): clauselens.png (256 px, Linux), clauselens.ico (Windows) and
clauselens.icns (macOS). Qt draws the SVG; Pillow writes the multi-size files."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parents[1] / "resources" / "icons" / "clauselens.svg"


def render(size: int):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    big = render(1024)
    render(256).save(HERE / "clauselens.png")
    big.save(HERE / "clauselens.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(HERE / "clauselens.icns")
    print(f"wrote icons in {HERE}")


if __name__ == "__main__":
    main()
