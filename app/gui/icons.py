"""Icons drawn for ClauseLens (SVG under resources/icons)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.core.paths import resources_dir


@cache
def icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
