"""The DOCX memo read back with python-docx, as Word would open it: Word's own heading, quote and
table structures, every included quote exact with its page, the files' SHA-256, no rejected tag,
hostile notes kept as text."""

from __future__ import annotations

import hashlib
import re

import docx
import pytest

from app.core import review
from app.core.memo import MemoOptions, build_memo, export_memo, write_memo
from tests.fixtures.memo_docs import build_library
from tests.test_memo_pdf import HOSTILE


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("memo_docx")
    store, ids = build_library(folder)
    tags = store.get_analysis(ids["pdf"][0]).tags
    rejected = next(t for t in tags if t.label == "liability_cap_disclaimer")
    review.review_tag(store, rejected.id, status="rejected")
    review.review_tag(store, tags[0].id, status="accepted", label="anti_distillation", severity="high",
                      note="Re-labelled: the definition is what makes the covenant bite.")
    doc_ids = [i for i, _ in ids.values()]
    options = MemoOptions(matter="Project Lantern", reviewer="A. Reviewer", date="2025-03-01")
    out = export_memo(store, doc_ids, folder / "memo.docx", "docx", options)
    yield store, ids, build_memo(store, doc_ids, options), docx.Document(str(out)), rejected
    store.close()


def test_quotes_are_word_quotes_with_their_page(reviewed):
    store, _, memo, document, _ = reviewed
    paragraphs = document.paragraphs
    quotes = [(k, p.text) for k, p in enumerate(paragraphs) if p.style.name == "Quote"]
    texts = [q for _, q in quotes]
    for item in memo.items:
        assert item.quote == store.get_document(item.document_id).text[item.start:item.end]
        assert item.quote in texts, item.quote
        # the line above the quote (or above the reviewer's note) gives page, status and tag
        marker = f"{item.pages} \u00b7 status: {item.status_text}"
        before = [" ".join(p.text for p in paragraphs[max(0, k - 4):k]) for k, q in quotes if q == item.quote]
        assert any(marker in b and f"tag {item.tag_id}" in b for b in before), item.tag_id


def test_headings_tables_and_provenance(reviewed):
    _, ids, memo, document, _ = reviewed
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Executive summary") in headings
    assert all(("Heading 1", f"{k}. {s.name}") in headings for k, s in enumerate(memo.sections, 1))
    assert ("Heading 1", "Appendix: provenance") in headings and ("Heading 1", "Disclaimer") in headings
    assert any(name == "Heading 2" and text.startswith("1.1 ") for name, text in headings)
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Covenant")
    assert [c.text for c in summary.rows[0].cells] == ["Covenant", "Document", "Severity", "Conf.", "Status",
                                                        "Page"]
    assert len(summary.rows) == len(memo.items) + 1
    text = all_text(document)
    for _, path in ids.values():
        assert hashlib.sha256(path.read_bytes()).hexdigest() in text
    assert "Project Lantern" in text and "not legal advice" in text
    assert "accepted, re-labelled from output_scope" in text
    assert "high (set in review; tagged medium)" in text


def test_rejected_tags_are_left_out(reviewed):
    store, ids, memo, document, rejected = reviewed
    quote = store.get_document(ids["pdf"][0]).text[rejected.start:rejected.end]
    assert quote not in all_text(document)
    assert f"tag {rejected.id}" not in re.findall(r"tag \d+", all_text(document))
    assert rejected.id not in {i.tag_id for i in memo.items}


def test_hostile_notes_give_a_valid_docx(reviewed, tmp_path):
    store, ids, _, _, _ = reviewed
    doc_id = ids["lantern"][0]
    tags = store.get_analysis(doc_id).tags
    long_note = "x" * 10_000
    review.review_tag(store, tags[0].id, note=HOSTILE)
    review.review_tag(store, tags[1].id, note=long_note)
    memo = build_memo(store, [doc_id], MemoOptions(matter=HOSTILE, reviewer="</w:t>"))
    document = docx.Document(str(write_memo(memo, tmp_path / "hostile.docx", "docx")))
    text = all_text(document)
    assert review.clean_text(HOSTILE) in text and long_note in text
    assert "\x00" not in text and "\x1b" not in text
    assert "</w:t>" in text
