"""Colours of covenant types and severities, for a light or a dark palette.

Each type has a fixed hue, so a lawyer learns that anti-distillation is red-violet in every view;
the lightness follows the palette so highlighted text stays readable in both.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

HUES = {  # degrees on the colour wheel, neighbours in meaning kept apart in hue
    "anti_distillation": 330, "competing_use": 20, "data_use_training": 280, "output_scope": 200,
    "acceptable_use": 45, "commercial_threshold": 110, "attribution": 170, "derivative_naming": 140,
    "governing_law": 230, "venue_jurisdiction": 255, "arbitration": 300, "class_action_waiver": 0,
    "indemnity": 35, "liability_cap_disclaimer": 60, "termination": 350, "patent_retaliation": 95,
    "reverse_engineering": 310, "scraping_ban": 185, "export_control": 215,
}
SEVERITY = {"high": "#c62828", "medium": "#ef8f00", "low": "#6d8b74"}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _hue(label: str) -> int:
    return HUES.get(label, sum(map(ord, label)) * 37 % 360)


def highlight(label: str, dark: bool | None = None) -> QColor:
    """Background of highlighted text of this type."""
    dark = is_dark() if dark is None else dark
    return QColor.fromHsv(_hue(label), 150, 105) if dark else QColor.fromHsv(_hue(label), 60, 255)


def strong(label: str, dark: bool | None = None) -> QColor:
    """Outline and swatch colour of this type (boxes on the page, list swatches)."""
    dark = is_dark() if dark is None else dark
    return QColor.fromHsv(_hue(label), 170, 245) if dark else QColor.fromHsv(_hue(label), 220, 200)


def severity(level: str) -> QColor:
    return QColor(SEVERITY.get(level, "#888888"))
