"""Schema migrations: small functions, each bringing the library up by one version.

The schema version is SQLite's ``user_version``. ``migrate`` runs every migration newer than the
file, each in its own transaction, so a crash leaves the file at a whole version.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

MIGRATIONS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = []


def migration(version: int):
    def register(fn):
        MIGRATIONS.append((version, fn))
        MIGRATIONS.sort(key=lambda item: item[0])
        return fn
    return register


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def latest_version() -> int:
    return MIGRATIONS[-1][0]


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply pending migrations; returns the versions applied."""
    applied = []
    for version, fn in MIGRATIONS:
        if version <= schema_version(db):
            continue
        with db.atomic():
            if version <= schema_version(db):
                continue  # another process opening the same library migrated it first
            fn(db)
            db.execute(f"PRAGMA user_version = {int(version)}")
        applied.append(version)
    return applied


@migration(1)
def documents_pages_blocks_clauses(db: sqlite_utils.Database) -> None:
    db["documents"].create({
        "id": int, "path": str, "file_name": str, "sha256": str, "format": str, "title": str,
        "platform": str, "vendor": str, "kind": str, "version": str, "date": str,
        "imported_at": str, "size": int, "page_count": int, "text": str,
    }, pk="id", not_null={"sha256", "text"})
    db["documents"].create_index(["sha256"], unique=True)
    db["pages"].create({"document_id": int, "number": int, "start": int, "end": int},
                       pk=("document_id", "number"), foreign_keys=[("document_id", "documents", "id")])
    db["blocks"].create({
        "document_id": int, "idx": int, "kind": str, "level": int, "marker": str, "page": int,
        "start": int, "end": int, "bbox": str,
    }, pk=("document_id", "idx"), foreign_keys=[("document_id", "documents", "id")])
    db["clauses"].create({
        "id": int, "document_id": int, "idx": int, "number": str, "heading": str, "path": str,
        "page": int, "start": int, "end": int, "text": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["clauses"].create_index(["document_id", "idx"], unique=True)
    db["clauses"].enable_fts(["text", "heading"], fts_version="FTS5", create_triggers=True,
                             tokenize="porter")


@migration(2)
def analyses_tags_entities(db: sqlite_utils.Database) -> None:
    db["analyses"].create({"id": int, "document_id": int, "pipeline_version": str, "created_at": str,
                           "findings": str}, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["tags"].create({
        "id": int, "analysis_id": int, "document_id": int, "clause_id": int, "label": str,
        "start": int, "end": int, "page": int, "confidence": float, "severity": str, "explicit": int,
        "source": str, "why": str, "rule": str, "modality": str, "party": str, "triggers": str,
        "reaches": str, "model_score": float,
    }, pk="id", foreign_keys=[("analysis_id", "analyses", "id"), ("document_id", "documents", "id")])
    db["tags"].create_index(["document_id", "label"])
    db["tags"].create_index(["analysis_id"])
    db["entities"].create({
        "id": int, "analysis_id": int, "document_id": int, "clause_id": int, "label": str,
        "start": int, "end": int, "page": int, "text": str, "value": str, "detail": str,
    }, pk="id", foreign_keys=[("analysis_id", "analyses", "id"), ("document_id", "documents", "id")])
    db["entities"].create_index(["analysis_id"])


@migration(4)
def reviews_and_annotations(db: sqlite_utils.Database) -> None:
    # A review is keyed by what the lawyer saw (document, the pipeline's label, evidence span), not by
    # the tag id, so it re-attaches to the same tag found again by a newer pipeline.
    db["reviews"].create({
        "id": int, "document_id": int, "label": str, "start": int, "end": int, "tag_id": int,
        "status": str, "new_label": str, "severity": str, "note": str, "updated_at": str,
    }, pk="id", not_null={"document_id", "label", "start", "end", "status"},
        foreign_keys=[("document_id", "documents", "id")])
    db["reviews"].create_index(["document_id", "label", "start", "end"], unique=True)
    db["annotations"].create({
        "id": int, "document_id": int, "start": int, "end": int, "note": str, "created_at": str,
        "updated_at": str,
    }, pk="id", not_null={"document_id", "start", "end"}, foreign_keys=[("document_id", "documents", "id")])
    db["annotations"].create_index(["document_id", "start"])


@migration(3)
def platforms_and_document_families(db: sqlite_utils.Database) -> None:
    # A row of ``documents`` is one version (one imported file). A family groups the versions of one
    # document of a platform (its licence, its acceptable-use policy...); see app/core/platforms.py.
    # Files imported before this migration get their family on first use (platforms._ensure, which
    # also runs this for a library that reached version 4 before version 3 was written).
    if "platforms" in db.table_names():
        return
    db["platforms"].create({"id": int, "name": str, "vendor": str}, pk="id", not_null={"name"})
    db["platforms"].create_index(["name"], unique=True)
    db["families"].create({"id": int, "platform_id": int, "kind": str, "key": str, "name": str},
                          pk="id", not_null={"platform_id", "kind", "key"},
                          foreign_keys=[("platform_id", "platforms", "id")])
    db["families"].create_index(["platform_id", "kind", "key"], unique=True)
    if "family_id" not in db["documents"].columns_dict:
        db["documents"].add_column("family_id", int)
    db["documents"].create_index(["family_id"])
    db["tags"].create_index(["label"], if_not_exists=True)
    db["tags"].create_index(["clause_id"], if_not_exists=True)
    db["analyses"].create_index(["document_id"], if_not_exists=True)
