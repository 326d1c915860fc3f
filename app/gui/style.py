"""The look: the system palette (light or dark, followed as it changes) plus a small stylesheet
that only uses palette colours, so it reads in both."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.paths import resources_dir


def apply(app: QApplication) -> None:
    theme = os.environ.get("CLAUSELENS_THEME", "").lower()  # "dark" or "light" overrides the system
    if theme in ("dark", "light"):
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
    qss = resources_dir() / "style" / "clauselens.qss"
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
