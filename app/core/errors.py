"""Errors a user sees: each names the file and says what is wrong with it in one line."""

from __future__ import annotations


class ClauseLensError(Exception):
    """Base class for errors that are reported to the user without a traceback."""


class ImportRefused(ClauseLensError):
    """A file could not be imported. ``str(err)`` is the one-line message for the user."""

    def __init__(self, path: str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotInLibrary(ClauseLensError):
    """An id or name the user gave is not in the library (a usage error, not a damaged file)."""
