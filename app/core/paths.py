"""Where ClauseLens keeps things: the library database, bundled data and resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "ClauseLens"


def project_root() -> Path:
    """The folder holding clause_library/ and resources/ (the bundle's folder when frozen)."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[2]


def clause_library_dir() -> Path:
    return project_root() / "clause_library"


def resources_dir() -> Path:
    return project_root() / "resources"


def default_db_path() -> Path:
    """``CLAUSELENS_DB`` if set, else ``library.db`` in the user's data directory."""
    env = os.environ.get("CLAUSELENS_DB")
    if env:
        return Path(env)
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "library.db"
