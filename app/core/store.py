"""The library: one SQLite file (sqlite-utils), WAL, every import one transaction.

The store hands out ``app.core.model`` dataclasses, never rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.analysis import DocumentAnalysis, Entity, Tag
from app.core.libraryfile import LibraryError, NotFoundInLibrary, open_database
from app.core.model import Block, Clause, Document, Page

__all__ = ["DocumentSummary", "LibraryError", "Store"]


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    title: str
    platform: str
    kind: str
    version: str
    date: str
    format: str
    file_name: str
    sha256: str
    imported_at: str
    clause_count: int
    page_count: int


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{self.path}: cannot create the library's folder ({exc.strerror or exc})") from None
        # Checked, backed up before any migration, migrated; writes wait for another process.
        self.db = open_database(self.path)

    def close(self) -> None:
        self.db.close()

    # -- documents -------------------------------------------------------------------------
    def find_by_sha256(self, sha256: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def add_document(self, doc: Document, analysis: DocumentAnalysis | None = None) -> int:
        """Insert a document with its pages, blocks, clauses and analysis in one transaction."""
        with self.db.atomic():
            doc_id = self.db["documents"].insert({
                "path": doc.path, "file_name": Path(doc.path).name, "sha256": doc.sha256,
                "format": doc.format, "title": doc.title, "platform": doc.platform,
                "vendor": doc.vendor, "kind": doc.kind, "version": doc.version, "date": doc.date,
                "imported_at": doc.imported_at, "size": doc.size, "page_count": len(doc.pages),
                "text": doc.text,
            }).last_pk
            self.db["pages"].insert_all(
                {"document_id": doc_id, "number": p.number, "start": p.start, "end": p.end}
                 for p in doc.pages)
            self.db["blocks"].insert_all(
                ({"document_id": doc_id, "idx": i, "kind": b.kind, "level": b.level, "marker": b.marker,
                  "page": b.page, "start": b.start, "end": b.end,
                  "bbox": json.dumps(b.bbox) if b.bbox else None}
                 for i, b in enumerate(doc.blocks)), batch_size=500)
            self.db["clauses"].insert_all(
                ({"document_id": doc_id, "idx": i, "number": c.number, "heading": c.heading,
                  "path": c.path, "page": c.page, "start": c.start, "end": c.end,
                  "text": doc.text[c.start:c.end]}
                 for i, c in enumerate(doc.clauses)), batch_size=500)
            if analysis is not None:
                self._insert_analysis(doc_id, analysis)
        return doc_id

    def add_analysis(self, doc_id: int, analysis: DocumentAnalysis) -> int:
        """A new analysis of a stored document (a newer pipeline); earlier ones are kept."""
        with self.db.atomic():
            return self._insert_analysis(doc_id, analysis)

    def _clause_ids(self, doc_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM clauses WHERE document_id = ? ORDER BY idx", [doc_id])]

    def _insert_analysis(self, doc_id: int, analysis: DocumentAnalysis) -> int:
        clause_ids = self._clause_ids(doc_id)

        def cid(index):
            return clause_ids[index] if index is not None and index < len(clause_ids) else None

        created = analysis.created_at or datetime.now(UTC).isoformat(timespec="seconds")
        analysis_id = self.db["analyses"].insert({
            "document_id": doc_id, "pipeline_version": analysis.pipeline_version,
            "created_at": created, "findings": json.dumps(analysis.findings, ensure_ascii=False),
        }).last_pk
        self.db["tags"].insert_all(({
            "analysis_id": analysis_id, "document_id": doc_id, "clause_id": cid(t.clause_index),
            "label": t.label, "start": t.start, "end": t.end, "page": t.page, "confidence": t.confidence,
            "severity": t.severity, "explicit": int(t.explicit), "source": t.source, "why": t.why,
            "rule": t.rule, "modality": t.modality, "party": t.party,
            "triggers": json.dumps(t.triggers, ensure_ascii=False), "reaches": json.dumps(t.reaches),
            "model_score": t.model_score,
        } for t in analysis.tags), batch_size=500)
        self.db["entities"].insert_all(({
            "analysis_id": analysis_id, "document_id": doc_id, "clause_id": cid(e.clause_index),
            "label": e.label, "start": e.start, "end": e.end, "page": e.page, "text": e.text,
            "value": e.value, "detail": json.dumps(e.detail, ensure_ascii=False),
        } for e in analysis.entities), batch_size=500)
        return analysis_id

    def get_analysis(self, doc_id: int) -> DocumentAnalysis | None:
        """The latest analysis of a document, with clause indexes matching ``get_document``."""
        row = self.db.execute(
            "SELECT id, pipeline_version, created_at, findings FROM analyses WHERE document_id = ?"
            " ORDER BY id DESC LIMIT 1", [doc_id]).fetchone()
        if row is None:
            return None
        analysis_id, version, created, findings = row
        index = {cid: i for i, cid in enumerate(self._clause_ids(doc_id))}
        tags = [Tag(label, start, end, page, index.get(clause_id), confidence, severity, bool(explicit),
                    source, why, rule or "", modality or "", party or "", json.loads(triggers or "[]"),
                    json.loads(reaches or "[]"), model_score, id=tag_id)
                for (tag_id, clause_id, label, start, end, page, confidence, severity, explicit, source, why,
                     rule, modality, party, triggers, reaches, model_score) in self.db.execute(
                    "SELECT id, clause_id, label, start, end, page, confidence, severity, explicit, source,"
                    " why, rule, modality, party, triggers, reaches, model_score FROM tags"
                    " WHERE analysis_id = ? ORDER BY start, label", [analysis_id])]
        entities = [Entity(label, start, end, text, value, page, index.get(clause_id),
                           json.loads(detail or "{}"), id=ent_id)
                    for ent_id, clause_id, label, start, end, page, text, value, detail in self.db.execute(
                        "SELECT id, clause_id, label, start, end, page, text, value, detail FROM entities"
                        " WHERE analysis_id = ? ORDER BY start", [analysis_id])]
        return DocumentAnalysis(version, tags, entities, json.loads(findings or "{}"), analysis_id, created)

    def list_documents(self) -> list[DocumentSummary]:
        rows = self.db.execute(
            "SELECT d.id, d.title, d.platform, d.kind, d.version, d.date, d.format, d.file_name, d.sha256,"
            " d.imported_at, (SELECT count(*) FROM clauses c WHERE c.document_id = d.id), d.page_count"
            " FROM documents d ORDER BY d.platform, d.title, d.date, d.id").fetchall()
        return [DocumentSummary(*row) for row in rows]

    def get_document(self, doc_id: int) -> Document:
        row = self.db.execute(
            "SELECT id, path, sha256, format, title, platform, vendor, kind, version, date,"
            " imported_at, size, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise NotFoundInLibrary(f"no document with id {doc_id} in the library")
        (id_, path, sha, fmt, title, platform, vendor, kind, version, date, imported_at, size, text) = row
        pages = [Page(*r) for r in self.db.execute(
            "SELECT number, start, end FROM pages WHERE document_id = ? ORDER BY number", [doc_id])]
        blocks = [Block(kind, start, end, page, level, marker or "", tuple(json.loads(bbox)) if bbox else None)
                  for kind, start, end, page, level, marker, bbox in self.db.execute(
                      "SELECT kind, start, end, page, level, marker, bbox FROM blocks"
                      " WHERE document_id = ? ORDER BY idx", [doc_id])]
        clauses = [Clause(start, end, page, number, heading, path_, cid)
                   for cid, start, end, page, number, heading, path_ in self.db.execute(
                       "SELECT id, start, end, page, number, heading, path FROM clauses"
                       " WHERE document_id = ? ORDER BY idx", [doc_id])]
        return Document(text=text, format=fmt, sha256=sha, path=path, pages=pages, blocks=blocks,
                        clauses=clauses, title=title or "", platform=platform or "", vendor=vendor or "",
                        version=version or "", date=date or "", kind=kind or "", id=id_,
                        imported_at=imported_at or "", size=size or 0)

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "clauses")}
