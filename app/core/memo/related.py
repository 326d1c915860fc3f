"""What the memo says beyond the reviewed documents: the same covenant at other platforms
(``app.core.compare``) and what changed since the previous version (``app.core.diff``). When a
module is missing the memo says so once and leaves that part of each section out."""

from __future__ import annotations

import importlib
from dataclasses import asdict, is_dataclass

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


def _get(obj, key, default=None):
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "\u2026"


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
    def _compare_result(self, type_id: str):
        fn = next((getattr(self.compare, n) for n in ("compare_type", "compare", "comparison")
                   if callable(getattr(self.compare, n, None))), None)
        if fn is None:
            return None
        result = fn(self.store, type_id)
        to_json = getattr(self.compare, "compare_json", None)
        if callable(to_json):
            return to_json(result)
        return asdict(result) if is_dataclass(result) else result

    def comparison(self, type_id: str) -> tuple[Comparison | None, str]:
        if self.compare is None:
            return None, "Cross-platform comparison is not available in this version of ClauseLens."
        data = self._compare_result(type_id)
        if data is None:
            return None, "Cross-platform comparison is not available in this version of ClauseLens."
        in_memo = {d.id for d in self.docs}
        rows = []
        for v, variant in enumerate(_get(data, "variants", []) or [], 1):
            rep = _get(variant, "representative", {}) or {}
            for m in _get(variant, "members", []) or []:
                cid = _get(m, "clause_id")
                rows.append(ComparisonRow(
                    _get(m, "platform", "") or "(unknown platform)", self._title(_get(m, "document_id")), v,
                    self._clause_text(cid), _get(m, "similarity"), cid == _get(rep, "clause_id"),
                    _get(m, "document_id") in in_memo))
        total, with_ = _get(data, "platforms_total", 0) or 0, _get(data, "platforms_with", 0) or 0
        if not rows:
            return None, f"No platform in the library has this covenant tagged ({with_} of {total} platforms)."
        rows.sort(key=lambda r: (r.variant, not r.representative, r.platform.lower()))
        shown = rows[:MAX_ROWS]
        comparison = Comparison(with_, total, len(_get(data, "variants", []) or []), shown)
        note = (f"{len(rows) - len(shown)} more clauses are in the library (clauselens compare --type {type_id})."
                if len(rows) > len(shown) else "")
        return comparison, note

    def _clause_text(self, clause_id) -> str:
        row = self.store.db.execute("SELECT text FROM clauses WHERE id = ?", [clause_id]).fetchone()
        return " ".join((row[0] or "").split()) if row else ""

    def _title(self, doc_id) -> str:
        row = self.store.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else ""

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
            version = self.platforms.version_of(self.store, doc.id)
            this = " ".join(x for x in (version.label, f"({doc.date})" if doc.date else "") if x) or doc.title
            before = " ".join(x for x in (prev.label, f"({prev.date})" if prev.date else "") if x) or prev.title
            yield doc, f"{doc.title}, version {this}", f"version {before}", d

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
