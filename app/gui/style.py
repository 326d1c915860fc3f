"""The look: the system palette (light or dark, followed as it changes) plus a small stylesheet
that only uses palette colours, so it reads in both.

``CLAUSELENS_THEME=dark`` (or ``light``) overrides the system: the request goes to the platform
theme, and where there is none that honours it (a bare X server) a dark Fusion palette is set.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.core.paths import resources_dir
from app.gui import colours

DARK = {  # role: colour of a plain dark palette
    "Window": "#2b2d30", "WindowText": "#e6e6e6", "Base": "#1f2023", "AlternateBase": "#303236",
    "ToolTipBase": "#3a3c40", "ToolTipText": "#e6e6e6", "PlaceholderText": "#9a9da3", "Text": "#e6e6e6",
    "Button": "#35373b", "ButtonText": "#e6e6e6", "BrightText": "#ff6b6b", "Light": "#4a4c50",
    "Midlight": "#3e4044", "Mid": "#55585d", "Dark": "#1a1b1d", "Shadow": "#000000",
    "Highlight": "#3d7ab8", "HighlightedText": "#ffffff", "Link": "#7fb3ff", "LinkVisited": "#c49bff",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in ("WindowText", "Text", "ButtonText"):
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor("#7a7d82"))
    return palette


def apply(app: QApplication) -> None:
    theme = os.environ.get("CLAUSELENS_THEME", "").lower()
    if theme in ("dark", "light"):
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
        if colours.is_dark(app.palette()) != (theme == "dark"):  # no platform theme took the request
            app.setStyle("Fusion")
            app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
    qss = resources_dir() / "style" / "clauselens.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
