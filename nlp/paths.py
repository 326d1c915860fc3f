"""Where the pipeline finds the clause library and its trained weights."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def root() -> Path:
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[1]


def clause_library() -> Path:
    return Path(os.environ.get("CLAUSELENS_LIBRARY_DIR", root() / "clause_library"))


def trained_pipeline() -> Path:
    return root() / "resources" / "pipeline"
