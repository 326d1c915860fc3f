"""PDF ingestion on generated PDFs: what a lawyer would check in the imported text."""

from __future__ import annotations

import re

import pytest

from app.core.errors import ImportRefused
from app.core.ingest import extract as extract_any
from app.core.ingest.assemble import assemble, page_of
from app.core.ingest.pdf import extract
from tests.fixtures import pdfs


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="module")
def licence(folder):
    path = pdfs.make_licence_pdf(folder)
    extraction = extract(path.read_bytes(), str(path))
    text, pages, blocks = assemble(extraction.blocks, extraction.page_count)
    return extraction, text, pages, blocks


def test_pages_and_title(licence):
    extraction, _, pages, _ = licence
    assert extraction.format == "pdf"
    assert extraction.page_count == len(pdfs.PAGES) == len(pages)
    # reportlab writes "untitled" as the metadata title: the first heading is used instead
    assert extraction.title == pdfs.TITLE


def test_no_running_header_footer_or_page_number(licence):
    extraction, text, _, _ = licence
    for block in extraction.blocks:
        assert "Confidential" not in block.text
        assert not re.search(r"Page \d+ of \d+", block.text)
        assert not re.fullmatch(r"\s*\d+\s*", block.text)
    assert pdfs.HEADER not in text
    assert not re.search(r"Page \d+ of \d+", text)


def test_every_paragraph_is_one_block_on_its_page(licence):
    extraction, text, pages, _ = licence
    by_text = {}
    for block in extraction.blocks:
        by_text.setdefault(" ".join(block.text.split()), []).append(block)
    for page, expected in pdfs.expected_paragraphs():
        assert expected in text
        assert [b.page for b in by_text.get(expected, [])] == [page], expected
        assert page_of(pages, text.index(expected)) == page


def test_two_column_page_reads_left_column_first(licence):
    _, text, _, _ = licence
    left, right = pdfs.column_paragraphs()
    positions = [text.index(p) for p in left + right]
    assert positions == sorted(positions)
    assert text.index(pdfs.BOLD_LARGE_HEADING) < positions[0]


def test_hyphen_at_line_end_rejoined_and_real_hyphens_kept(licence):
    _, text, _, _ = licence
    assert pdfs.HYPHENATED["6.2"] in text
    assert "On termination you must delete" in text
    assert "termi-" not in text and "termi nation" not in text
    # "third-party" is written so elsewhere, so the hyphen at the end of a line stays
    assert pdfs.HYPHENATED["6.4"] in text
    assert "third-party claims" in text and "fine-tune" in text


def test_headings_from_size_weight_and_numbering(licence):
    extraction, _, _, _ = licence
    headings = {b.text: b for b in extraction.blocks if b.kind == "heading"}
    assert list(headings) == pdfs.HEADINGS
    assert headings[pdfs.TITLE].level == 1
    assert headings[pdfs.BOLD_LARGE_HEADING].level == 2
    assert headings["1. Definitions"].level == 3
    body = [b for b in extraction.blocks if b.kind != "heading"]
    assert not any(b.text in headings for b in body)


def test_list_items_keep_their_marker(licence):
    extraction, _, _, _ = licence
    items = [b for b in extraction.blocks if b.kind == "list_item"]
    assert [b.text[:3] for b in items] == ["(a)", "(b)", "(c)", "(a)", "(b)", "(c)", "(d)"]
    assert all(b.level == 1 for b in items)
    numbered = [b for b in extraction.blocks if b.text.startswith("1.1 ")]
    assert len(numbered) == 1 and numbered[0].kind == "paragraph"


def test_table_cells(licence):
    extraction, text, _, _ = licence
    cells = [b for b in extraction.blocks if b.kind == "table_cell"]
    assert [b.text for b in cells] == [cell for row in pdfs.TABLE_ROWS for cell in row]
    assert {b.page for b in cells} == {4}
    # the table sits between the paragraphs around it, and its words are not also in a paragraph
    assert text.index("5.3 The usage tiers") < text.index("Usage tier") < text.index("5.4 Requests")
    assert text.count("Monthly requests") == 1


def test_block_boxes_are_on_the_page_and_ordered(licence):
    extraction, _, _, _ = licence
    for block in extraction.blocks:
        x0, top, x1, bottom = block.bbox
        assert 0 <= x0 < x1 <= pdfs.PAGE_W and 0 <= top < bottom <= pdfs.PAGE_H
    page1 = [b for b in extraction.blocks if b.page == 1]
    tops = [b.bbox[1] for b in page1]
    assert tops == sorted(tops)


def test_struck_through_text_is_dropped_and_metadata_title_used(folder):
    path = pdfs.make_struck_pdf(folder)
    extraction = extract(path.read_bytes(), str(path))
    text, _, _ = assemble(extraction.blocks, extraction.page_count)
    assert pdfs.STRUCK_KEPT in text and pdfs.STRUCK_TAIL in text
    assert "sublicense" not in text
    assert extraction.title == "Redline of the Fictional Labs Licence"


def test_columns_drawn_line_by_line_word_by_word(folder):
    path = pdfs.make_interleaved_columns_pdf(folder)
    extraction = extract(path.read_bytes(), str(path))
    texts = [b.text for b in extraction.blocks]
    assert texts == ["Service Levels", *pdfs.INTERLEAVED_LEFT, *pdfs.INTERLEAVED_RIGHT]


def test_progress_and_dispatch(folder):
    path = pdfs.make_licence_pdf(folder, "dispatch.pdf")
    seen = []
    extraction = extract_any(path.read_bytes(), str(path), lambda f, msg: seen.append((f, msg)))
    assert extraction.format == "pdf"
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "page 3 of 6" in " ".join(msg for _, msg in seen)


BAD_INPUTS = [
    ("encrypted", lambda d, src: pdfs.make_encrypted_pdf(d),
     "is encrypted (password-protected); remove the password and import again"),
    ("scanned", lambda d, src: pdfs.make_scanned_pdf(d),
     "has no text layer (scanned?); run OCR on it first, then import the OCR'd PDF"),
    ("zero pages", lambda d, src: pdfs.make_zero_page_pdf(d), "has no pages"),
    ("truncated half", lambda d, src: pdfs.make_truncated_pdf(src, d, 0.5, "half.pdf"), "is truncated"),
    ("truncated tail", lambda d, src: pdfs.make_truncated_pdf(src, d, 0.97, "tail.pdf"), "is truncated"),
    ("random bytes", lambda d, src: pdfs.make_random_bytes(d), "is not a valid PDF"),
]


@pytest.mark.parametrize("make, message", [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_with_a_clear_message(folder, make, message):
    source = pdfs.make_licence_pdf(folder, "source.pdf")
    path = make(folder, source)
    with pytest.raises(ImportRefused) as caught:
        extract(path.read_bytes(), str(path))
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_damaged_body_with_pdf_header_is_refused(folder):
    path = folder / "damaged.pdf"
    data = pdfs.make_licence_pdf(folder, "whole.pdf").read_bytes()
    path.write_bytes(data[:20] + bytes(len(data) - 40) + data[-20:])
    with pytest.raises(ImportRefused, match="is not a valid PDF"):
        extract(path.read_bytes(), str(path))


def test_ligatures_soft_hyphen_wrapped_numbers_and_page_breaks(folder):
    path = pdfs.make_odd_text_pdf(folder)
    extraction = extract(path.read_bytes(), str(path))
    text, pages, _ = assemble(extraction.blocks, extraction.page_count)
    assert pdfs.LIGATURE_TEXT in text
    assert "\ufb01" not in text and "\u00ad" not in text and "\ufffe" not in text
    # "... described in clause" + "4.2 The reseller ..." is one sentence, not a new clause
    assert pdfs.WRAPPED_NUMBER_TEXT in text
    # a paragraph cut by the page break is one block, on the page where it starts
    assert pdfs.ACROSS_PAGES_TEXT in text
    assert page_of(pages, text.index(pdfs.ACROSS_PAGES_TEXT)) == 1
    assert pdfs.ODD_HEADER not in text and "- 2 -" not in text
    assert [b.text[:3] for b in extraction.blocks] == ["L.1", "L.2", "L.3", "L.4"]
