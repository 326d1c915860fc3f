"""What the memo says beyond the reviewed documents: the same covenant at other platforms
(``app.core.compare``) and what changed since the previous version (``app.core.diff``). When a
module is missing the memo says so once and leaves that part of each section out."""

from __future__ import annotations

import importlib

from app.core.memo.content import Change, Comparison, ComparisonRow
from app.core.model import Document
from app.core.store import Store

MAX_ROWS = 24  # comparison rows per covenant; the library has them all
WORDS_SHOWN = 3  # word-level differences quoted per changed clause


def _module(name: str):
    try:
        return importlib.import_module(f"app.core.{name}")
    except ImportError:
        return None


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "\u2026"


def _version_name(v) -> str:
    """ "version 3.1 (2024-07-23)"; the file's name when the text states neither version nor date."""
    label = v.label if v.label and v.label != v.title else ""
    date = f"({v.date})" if v.date and v.date not in label else ""
    if label or date:
        return " ".join(x for x in ("version", label, date) if x)
    return f"version in {v.file_name}"


class Related:
    def __init__(self, store: Store, docs: list[Document]):
        self.store, self.docs = store, docs
        self.compare, self.diff, self.platforms = _module("compare"), _module("diff"), _module("platforms")
        missing = [what for what, mod in (("cross-platform comparison", self.compare),
                                          ("version changes", self.diff and self.platforms)) if not mod]
        self.unavailable = (f"{' and '.join(missing).capitalize()} {'is' if len(missing) == 1 else 'are'} not "
                            "available in this version of ClauseLens; that part of each section is left out."
                            if missing else "")
        self._diffs = None

    # -- the same covenant at other platforms --------------------------------------------------------
    def comparison(self, type_id: str) -> tuple[Comparison | None, str]:
        if self.compare is None:
            return None, "Cross-platform comparison is not available in this version of ClauseLens."
        c = self.compare.compare_type(self.store, type_id)
        in_memo = {d.id for d in self.docs}
        rows = [ComparisonRow(m.platform or "(platform not stated)",
                              " ".join(x for x in (m.title, m.version) if x), v, m.text, m.similarity / 100.0,
                              m is variant.representative, m.document_id in in_memo)
                for v, variant in enumerate(c.variants, 1) for m in variant.members]
        if not rows:
            return None, f"No platform in the library has this covenant tagged (0 of {c.platforms_total})."
        shown = rows[:MAX_ROWS]
        comparison = Comparison(
            c.platforms_with, c.platforms_total, len(c.variants), shown,
            scopes=[v.scope for v in c.variants],
            absent=[p.platform or "(platform not stated)" for p in c.platforms if not p.has],
            dropped=[f"{d['platform']}: in {d['last_with']['label'] or d['last_with']['title']}, removed in "
                     f"{d['removed_in']['label'] or d['removed_in']['title']}" for d in c.dropped])
        note = (f"{len(rows) - len(shown)} more passages are in the library (clauselens compare --type {type_id})."
                if len(rows) > len(shown) else "")
        return comparison, note

    # -- what changed since the previous version -----------------------------------------------------
    def _all_diffs(self) -> list[tuple[Document, object, object]]:
        """(document, its previous version, the diff) for each reviewed document that has one."""
        if self._diffs is None:
            self._diffs = []
            for doc in self.docs:
                prev = self.platforms.previous_version(self.store, doc.id)
                if prev is not None:
                    self._diffs.append((doc, prev, self.diff.diff_documents(self.store, prev.document_id, doc.id)))
        return self._diffs

    def _pairs(self):
        for doc, prev, d in self._all_diffs():
            this = _version_name(self.platforms.version_of(self.store, doc.id))
            yield doc, f"{doc.title}, {this}", f"the previous {_version_name(prev)}", d

    def changes(self, type_id: str, clause_ids: set[int] | None = None, names: dict | None = None
                ) -> tuple[list[Change], str]:
        """Covenant changes of this type, then rewordings of the clauses this section quotes."""
        if self.diff is None or self.platforms is None:
            return [], "Version changes are not available in this version of ClauseLens."
        if not self._all_diffs():
            return [], "No earlier version of the reviewed documents is in the library."
        out = self._covenant_changes({type_id}, names or {})
        for doc, this, before, d in self._pairs():
            pages = {c.id: c.page for c in doc.clauses}
            for c in d.changes:
                if c.kind == "modified" and c.b_clause in (clause_ids or set()) and \
                        not any(t.label == type_id for t in c.tag_changes):
                    out.append(Change(this, before, "reworded", self._words(c) + self._where([c]),
                                      pages.get(c.b_clause)))
        if not out:
            return [], "No change to this covenant since " + "; ".join(
                f"{before} of {doc.title}" for doc, _, before, _ in self._pairs()) + "."
        return out, ""

    def not_latest(self) -> list[str]:
        """Reviewed documents that are not the latest version of their document in the library."""
        if self.platforms is None:
            return []
        out = []
        for doc in self.docs:
            latest = self.platforms.document_of(self.store, doc.id).latest
            if latest.document_id != doc.id:
                out.append(f"{doc.title} is an earlier version: the comparisons use the latest "
                           f"({latest.title}, {_version_name(latest)}), with the other platforms' latest versions.")
        return out

    def covenant_changes(self, types: set[str] | None, names: dict) -> list[Change]:
        """Every covenant added, removed or changed since the previous versions (for the summary)."""
        if self.diff is None or self.platforms is None:
            return []
        return self._covenant_changes(types, names)

    def _covenant_changes(self, types: set[str] | None, names: dict) -> list[Change]:
        out = []
        for doc, this, before, d in self._pairs():
            pages = {c.id: c.page for c in doc.clauses}
            grouped: dict[tuple, list] = {}
            for c in d.changes:
                for t in c.tag_changes:
                    if types is None or t.label in types:
                        grouped.setdefault((t.change, t.label, t.detail), []).append(c)
            for (kind, label, detail), cs in grouped.items():
                name = names.get(label, label)
                text = detail.replace(f"{label} clause", f"{name} clause").replace(label, name)
                if len(cs) > 1:
                    text += f" ({len(cs)} clauses)"
                out.append(Change(this, before, kind, text[:1].upper() + text[1:] + self._where(cs),
                                  next((pages[c.b_clause] for c in cs if c.b_clause in pages), None)))
        return out

    @staticmethod
    def _where(cs) -> str:
        numbers = list(dict.fromkeys(n for c in cs if (n := (c.b_number or c.a_number).strip())))
        if not numbers:
            return ""
        return f" (clause{'s' if len(numbers) > 1 else ''} {', '.join(numbers)})"

    @staticmethod
    def _words(c) -> str:
        parts = []
        for op in c.words:
            if op["op"] == "replace":
                parts.append(f"\u201c{_short(op['a'])}\u201d became \u201c{_short(op['b'])}\u201d")
            elif op["op"] == "delete":
                parts.append(f"\u201c{_short(op['a'])}\u201d deleted")
            elif op["op"] == "insert":
                parts.append(f"\u201c{_short(op['b'])}\u201d inserted")
        more = len(parts) - WORDS_SHOWN
        text = "; ".join(parts[:WORDS_SHOWN]) or "wording changed"
        return text + (f"; and {more} more change{'s' if more != 1 else ''}" if more > 0 else "")
