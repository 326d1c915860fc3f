"""The ``analyze --json`` contract: one object per document. Later fields are added, never renamed."""

from __future__ import annotations

from app.core.model import Document


def document_json(doc: Document) -> dict:
    return {
        "document": {
            "id": doc.id, "path": doc.path, "sha256": doc.sha256, "format": doc.format,
            "title": doc.title, "platform": doc.platform, "vendor": doc.vendor, "kind": doc.kind,
            "version": doc.version, "date": doc.date, "imported_at": doc.imported_at,
            "pages": [{"number": p.number, "start": p.start, "end": p.end} for p in doc.pages],
            "text": doc.text,
        },
        "clauses": [
            {"id": c.id, "number": c.number, "heading": c.heading, "path": c.path, "page": c.page,
             "start": c.start, "end": c.end, "tags": [], "entities": []}
            for c in doc.clauses
        ],
    }
