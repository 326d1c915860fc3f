"""The project's multi-page PDF imported through the whole flow: clauses are exact, on the right
page, and free of running headers, footers and page numbers."""

from __future__ import annotations

import re

import pytest

from app.core.library import import_file
from app.core.store import Store
from tests.fixtures import pdfs


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    d = tmp_path_factory.mktemp("pdf")
    path = pdfs.make_licence_pdf(d)
    store = Store(d / "lib.db")
    result = import_file(path, store)
    assert result.status == "imported", result.message
    yield store.get_document(result.document_id), store.get_analysis(result.document_id)
    store.close()


def test_no_running_header_footer_or_page_number_in_any_clause(imported):
    doc, _ = imported
    for c in doc.clauses:
        body = doc.text[c.start:c.end]
        assert pdfs.HEADER not in body
        assert not re.search(r"Page \d+ of \d+", body)
        assert not re.fullmatch(r"\s*\d+\s*", body)


def test_every_expected_paragraph_lies_in_one_clause_on_its_page(imported):
    doc, _ = imported
    norm = " ".join(doc.text.split())
    for page, paragraph in pdfs.expected_paragraphs():
        at = doc.text.find(paragraph)
        assert at != -1 or paragraph in norm, paragraph[:60]
        if at == -1:
            continue
        clause = next(c for c in doc.clauses if c.start <= at < c.end)
        assert at + len(paragraph) <= clause.end, "a paragraph was split across clauses"
        first = next(p for p in doc.pages if p.start <= at < max(p.end, p.start + 1))
        assert first.number == page, paragraph[:60]


def test_two_column_page_reads_left_column_first(imported):
    doc, _ = imported
    left, right = pdfs.column_paragraphs()
    assert doc.text.find(left[-1]) < doc.text.find(right[0])


def test_clause_text_is_exactly_text_start_end_and_tags_point_inside(imported):
    doc, analysis = imported
    for c in doc.clauses:
        assert doc.text[c.start:c.end].strip() == doc.text[c.start:c.end]
    for t in analysis.tags:
        clause = doc.clauses[t.clause_index]
        assert clause.start <= t.start < t.end <= clause.end
        page = next(p for p in doc.pages if p.start <= t.start <= p.end)
        assert t.page == page.number
