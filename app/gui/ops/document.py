"""One stored file as the document view shows it: its text, its tags with the lawyer's review
applied, and the review edits themselves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from app.core import platforms, review
from app.core.analysis import Entity
from app.core.model import Document
from app.core.store import Store


@lru_cache(maxsize=1)
def covenant_types() -> dict:
    """``{id: CovenantType}`` (name, description, default severity) from the clause library."""
    from nlp.lexicon import load_lexicon
    return dict(load_lexicon().types)


def type_name(label: str) -> str:
    t = covenant_types().get(label)
    return t.name if t else label.replace("_", " ")


@dataclass(frozen=True)
class TagInfo:
    """A tag with its review applied: what the list, the highlights and the detail panel show."""

    id: int
    label: str             # the lawyer's label when re-labelled, else the pipeline's
    pipeline_label: str
    start: int
    end: int
    page: int
    severity: str          # the lawyer's severity when overridden, else the pipeline's
    pipeline_severity: str
    confidence: float
    status: str            # unreviewed | accepted | rejected
    note: str
    explicit: bool
    source: str
    why: str
    triggers: tuple[str, ...]
    clause_index: int | None
    clause_label: str
    quote: str

    @property
    def name(self) -> str:
        return type_name(self.label)


@dataclass
class OpenDocument:
    doc: Document
    tags: list[TagInfo]
    entities: list[Entity]
    detached: list[review.Review]    # reviews no current tag matches (kept, shown apart)
    family: platforms.LibraryDocument | None
    version_label: str
    previous_id: int | None
    pipeline_version: str
    source_is_pdf: bool

    @property
    def title(self) -> str:
        return self.doc.title or Path(self.doc.path).name


def apply_review(tag: TagInfo, r: review.Review | None) -> TagInfo:
    if r is None:
        return replace(tag, label=tag.pipeline_label, severity=tag.pipeline_severity, status="unreviewed", note="")
    return replace(tag, label=r.new_label or tag.pipeline_label, severity=r.severity or tag.pipeline_severity,
                   status=r.status, note=r.note)


def _clause_label(doc: Document, index: int | None) -> str:
    if index is None or index >= len(doc.clauses):
        return ""
    c = doc.clauses[index]
    return c.number or c.heading or c.path


def open_document(store: Store, doc_id: int) -> OpenDocument:
    doc = store.get_document(doc_id)
    found = store.get_analysis(doc_id)
    tagged, detached = review.reviewed_tags(store, doc_id, found)
    tags = []
    for rt in tagged:
        t = rt.tag
        base = TagInfo(t.id, t.label, t.label, t.start, t.end, t.page, t.severity, t.severity, t.confidence,
                       "unreviewed", "", t.explicit, t.source, t.why,
                       tuple(dict.fromkeys(g["text"] for g in t.triggers if g.get("text"))),
                       t.clause_index, _clause_label(doc, t.clause_index), doc.text[t.start:t.end])
        tags.append(apply_review(base, rt.review))
    family = platforms.document_of(store, doc_id)
    version = next((v for v in family.versions if v.document_id == doc_id), None)
    prev = platforms.previous_version(store, doc_id)
    return OpenDocument(doc, tags, list(found.entities) if found else [], detached, family,
                        version.label if version else "", prev.document_id if prev else None,
                        found.pipeline_version if found else "", doc.format == "pdf")


def set_review(store: Store, tag: TagInfo, *, status: str | None = None, label: str | None = None,
               severity: str | None = None, note: str | None = None) -> TagInfo:
    """Save one review edit at once (one transaction) and return the tag as it now reads."""
    saved = review.review_tag(store, tag.id, status=status, label=label, severity=severity, note=note)
    return apply_review(tag, saved)
