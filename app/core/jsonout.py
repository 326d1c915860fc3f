"""The ``analyze --json`` contract: one object per document. Later fields are added, never renamed."""

from __future__ import annotations

from dataclasses import asdict

from app.core.analysis import DocumentAnalysis
from app.core.model import Document


def tag_json(tag, review=None) -> dict:
    d = asdict(tag)
    d["evidence"] = {"start": d.pop("start"), "end": d.pop("end"), "page": d.pop("page")}
    d.pop("clause_index")
    # the lawyer's review (app.core.review): null when not set
    d["review_label"] = (review.new_label or None) if review else None
    d["review_severity"] = (review.severity or None) if review else None
    d["review_note"] = (review.note or None) if review else None
    return d


def entity_json(entity) -> dict:
    d = asdict(entity)
    d.pop("clause_index")
    return d


def document_json(doc: Document, analysis: DocumentAnalysis | None = None, reviews: dict | None = None) -> dict:
    """``reviews``: ``{tag id: Review}`` from ``app.core.review.apply_reviews`` (which sets each status)."""
    tags: dict[int, list] = {}
    entities: dict[int, list] = {}
    reviews = reviews or {}
    if analysis is not None:
        for t in analysis.tags:
            tags.setdefault(t.clause_index, []).append(tag_json(t, reviews.get(t.id)))
        for e in analysis.entities:
            entities.setdefault(e.clause_index, []).append(entity_json(e))
    return {
        "document": {
            "id": doc.id, "path": doc.path, "sha256": doc.sha256, "format": doc.format,
            "title": doc.title, "platform": doc.platform, "vendor": doc.vendor, "kind": doc.kind,
            "version": doc.version, "date": doc.date, "imported_at": doc.imported_at,
            "pages": [{"number": p.number, "start": p.start, "end": p.end} for p in doc.pages],
            "text": doc.text,
            "pipeline_version": analysis.pipeline_version if analysis else None,
            "findings": analysis.findings if analysis else {},
        },
        "clauses": [
            {"id": c.id, "number": c.number, "heading": c.heading, "path": c.path, "page": c.page,
             "start": c.start, "end": c.end, "tags": tags.get(i, []), "entities": entities.get(i, [])}
            for i, c in enumerate(doc.clauses)
        ],
    }
