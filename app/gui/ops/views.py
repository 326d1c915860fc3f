"""The library-wide views: comparison across platforms, version diff, search, memo export."""

from __future__ import annotations

from dataclasses import dataclass

from app.core import platforms
from app.core.store import Store
from app.gui.ops.optional import require


@dataclass(frozen=True)
class VersionChoice:
    document_id: int
    text: str   # "Meta: Llama Community License Agreement 3 (2024-04-18)"
    label: str  # "3", or "3 (meta-llama3-license.txt)" when another version has the same label


def compare(store: Store, label: str, scope: str = "latest"):
    """``app.core.compare.Comparison`` of one covenant type (``Unavailable`` when not built)."""
    return require("compare", "compare_type", "Comparison across platforms")(store, label, scope)


def diff(store: Store, a_id: int, b_id: int):
    """``app.core.diff.DocumentDiff`` from stored file ``a_id`` to ``b_id``."""
    return require("diff", "diff_documents", "The version diff")(store, a_id, b_id)


def version_choices(store: Store) -> list[VersionChoice]:
    """Every stored file, grouped by document, oldest version first (for the diff's pickers)."""
    out = []
    for d in platforms.documents(store):
        name = d.name if d.platform and d.platform.lower() in d.name.lower() else \
            f"{d.platform or '(unknown platform)'}: {d.name}"
        seen = [(v.label, v.date) for v in d.versions]
        for v in d.versions:
            label = f" {v.label}" if v.label and v.label != v.date else ""
            when = f" ({v.date})" if v.date else ""
            twin = f" [{v.file_name}]" if seen.count((v.label, v.date)) > 1 else ""
            out.append(VersionChoice(v.document_id, f"{name}{label}{when}{twin}",
                                     v.label + (f" ({v.file_name})" if twin else "")))
    return out


def search(store: Store, query: str, type_: str | None = None, platform: str | None = None,
           severity: str | None = None, limit: int = 100):
    """``app.core.search.SearchHit`` list, matches between \u00ab and \u00bb in each snippet."""
    fn = require("search", "search", "Search")
    return fn(store, query, type=type_ or None, platform=platform or None, severity=severity or None,
              limit=limit)


def platform_names(store: Store) -> list[str]:
    return platforms.platform_names(store)


def export(store: Store, doc_ids: list[int], out: str, fmt: str, matter: str, reviewer: str,
           compare: bool, progress=None):
    """Write the memo of these documents; returns its path."""
    memo = require("memo", "export_memo", "Memo export")
    from app.core.memo import MemoOptions
    options = MemoOptions(matter=matter, reviewer=reviewer, compare=compare)
    return memo(store, doc_ids, out, fmt, options, progress)
