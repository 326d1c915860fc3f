"""Core modules the GUI uses when this build of ClauseLens has them (comparison, search, the
demo library): a missing one gives a plain "not available" state, never an error."""

from __future__ import annotations

import importlib
from types import ModuleType


class Unavailable(Exception):
    """A part of ClauseLens that this build does not have; ``str()`` is the one-line message."""


def core_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"app.core.{name}")
    except ImportError:
        return None


def require(name: str, attr: str, what: str):
    """``app.core.<name>.<attr>``, or ``Unavailable`` naming ``what`` the user cannot do yet."""
    fn = getattr(core_module(name), attr, None)
    if fn is None:
        raise Unavailable(f"{what} is not available in this version of ClauseLens yet.")
    return fn
