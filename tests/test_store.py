"""The library file: one transaction per import, migrations on open, WAL, full-text search."""

from __future__ import annotations

import sqlite3

import pytest

from app.core import migrations
from app.core.analysis import DocumentAnalysis, Tag
from app.core.library import build_document, import_file
from app.core.store import LibraryError, Store

TEXT = b"""SAMPLE LICENCE

1. You shall not reverse engineer the Model.

2. This Licence is governed by the laws of Ireland.
"""


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "lib.db")
    yield s
    s.close()


def test_new_library_is_at_the_latest_schema_in_wal_mode(store):
    assert migrations.schema_version(store.db) == migrations.latest_version()
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_import_that_fails_half_way_leaves_nothing(store, tmp_path):
    doc = build_document(TEXT, str(tmp_path / "sample.txt"))
    # A trigger that cannot be stored as JSON fails after the document, pages, blocks and clauses
    # have been inserted: the whole import must roll back.
    bad = DocumentAnalysis("test", [Tag("termination", 0, 5, 1, 0, 0.9, "low", True, "rule", "why",
                                        triggers=[{"cue": object()}])], [], {})
    with pytest.raises(TypeError):
        store.add_document(doc, bad)
    for table in ("documents", "pages", "blocks", "clauses", "analyses", "tags"):
        assert store.db[table].count == 0, table


def test_identical_bytes_are_recognised(store, tmp_path):
    path = tmp_path / "sample.txt"
    path.write_bytes(TEXT)
    first = import_file(path, store, analyze=False)
    copy = tmp_path / "copy-with-other-name.txt"
    copy.write_bytes(TEXT)
    second = import_file(copy, store, analyze=False)
    assert first.status == "imported" and second.status == "exists"
    assert second.document_id == first.document_id
    assert store.counts()["documents"] == 1


def test_document_round_trip_keeps_every_offset(store, tmp_path):
    path = tmp_path / "sample.txt"
    path.write_bytes(TEXT)
    doc_id = import_file(path, store, analyze=False).document_id
    doc = store.get_document(doc_id)
    assert [doc.text[c.start:c.end] for c in doc.clauses] == [
        "SAMPLE LICENCE", "1. You shall not reverse engineer the Model.",
        "2. This Licence is governed by the laws of Ireland."]
    rows = store.db.execute("SELECT text FROM clauses WHERE document_id = ? ORDER BY idx", [doc_id]).fetchall()
    assert [r[0] for r in rows] == [doc.text[c.start:c.end] for c in doc.clauses]


def test_full_text_search_over_clauses(store, tmp_path):
    path = tmp_path / "sample.txt"
    path.write_bytes(TEXT)
    import_file(path, store, analyze=False)
    hits = store.db.execute(
        "SELECT c.text FROM clauses_fts JOIN clauses c ON c.rowid = clauses_fts.rowid"
        " WHERE clauses_fts MATCH 'engineering'").fetchall()  # porter stemming: engineer ~ engineering
    assert hits and "reverse engineer" in hits[0][0]


def test_a_version_1_library_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.db"
    import sqlite_utils
    db = sqlite_utils.Database(sqlite3.connect(path))
    migrations.documents_pages_blocks_clauses(db)
    db.execute("PRAGMA user_version = 1")
    db["documents"].insert({"path": "/x.txt", "file_name": "x.txt", "sha256": "ab" * 32, "format": "text",
                            "title": "Old", "text": "Old text"})
    db.conn.commit()
    db.close()
    store = Store(path)
    assert migrations.schema_version(store.db) == migrations.latest_version()
    assert store.list_documents()[0].title == "Old"
    assert store.get_analysis(1) is None
    store.close()


def test_a_file_that_is_not_a_library_is_reported(tmp_path):
    path = tmp_path / "not-a-library.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="not-a-library.db"):
        Store(path)
