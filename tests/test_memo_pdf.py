"""The PDF memo read back as a partner's PDF reader sees it (pdfplumber): every included quote with
its page, the source files' SHA-256, no rejected tag, page numbers, outline, embedded fonts, and
hostile notes printed literally.

Quotes are compared with all whitespace removed: the memo wraps lines where the source did not.
"""

from __future__ import annotations

import hashlib
import re

import pdfplumber
import pytest

from app.core import review
from app.core.memo import MemoOptions, build_memo, export_memo, write_memo
from tests.fixtures.memo_docs import build_library

HOSTILE = ("<b>not bold</b> & </para> <font name='x'> \U0001F600\U0001F680 "
           "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 注意：本条款可能无效。 "
           "\x00\x07\x1b[31m\ufeff")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


class Read:
    """A PDF read once (pdfplumber takes about a tenth of a second a page)."""

    def __init__(self, path):
        with pdfplumber.open(path) as pdf:
            self.pages = [p.extract_text() or "" for p in pdf.pages]
            self.fonts = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
            self.outline = [o[1] for o in pdf.doc.get_outlines()]
        self.text = compact("\n".join(self.pages))
        self.data = path.read_bytes()


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("memo_pdf")
    store, ids = build_library(folder)
    pdf_id, harbor_id = ids["pdf"][0], ids["harbor"][0]
    tags = store.get_analysis(pdf_id).tags
    rejected = next(t for t in tags if t.label == "commercial_threshold")
    accepted = next(t for t in tags if t.label == "anti_distillation")
    review.review_tag(store, rejected.id, status="rejected")
    review.review_tag(store, accepted.id, status="accepted", note="Check the client's evaluation pipeline.")
    doc_ids = [pdf_id, harbor_id, ids["lantern"][0]]
    options = MemoOptions(matter="Project Lantern", reviewer="A. Reviewer", date="2025-03-01")
    out = export_memo(store, doc_ids, folder / "memo.pdf", "pdf", options)
    yield store, ids, build_memo(store, doc_ids, options), Read(out), rejected
    store.close()


def test_every_quote_is_in_the_memo_with_its_page(reviewed):
    store, ids, memo, read, _ = reviewed
    text = read.text
    assert len(memo.items) > 20
    sources = {}
    for item in memo.items:
        doc = store.get_document(item.document_id)
        assert item.quote == doc.text[item.start:item.end]
        # the quote, set apart right after its heading line: page reference, status and tag id
        marker = compact(f"{item.pages} · status: {item.status_text}")
        assert compact(item.quote) in text, item.quote
        at = [m.start() for m in re.finditer(re.escape(compact(item.quote)), text)]
        assert any(marker in text[max(0, a - 400):a] and f"tag{item.tag_id}" in text[max(0, a - 400):a]
                   for a in at), (item.tag_id, item.pages)
        # and the page reference is right: the quote's first words are on that page of the source
        if item.document_id == ids["pdf"][0]:
            if "pdf" not in sources:
                sources["pdf"] = [compact(p) for p in pdf_pages(ids["pdf"][1])]
            assert compact(item.quote)[:30] in sources["pdf"][item.page - 1], item.quote


def test_each_documents_sha256_is_the_files(reviewed):
    _, ids, _, read, _ = reviewed
    for _, path in ids.values():
        assert hashlib.sha256(path.read_bytes()).hexdigest() in read.text


def test_rejected_tags_are_left_out_and_statuses_shown(reviewed):
    store, ids, memo, read, rejected = reviewed
    text = read.text
    doc = store.get_document(ids["pdf"][0])
    assert compact(doc.text[rejected.start:rejected.end]) not in text
    assert f"tag{rejected.id}" not in re.findall(r"tag\d+", text)
    assert rejected.id not in {i.tag_id for i in memo.items}
    assert "status:accepted" in text and "status:unreviewed" in text
    # the lawyer's note comes before the interpretive note of its section
    assert text.index(compact("Check the client's evaluation pipeline.")) < text.index(
        compact("Why it matters"), text.index(compact("Check the client's evaluation pipeline.")))


def test_cover_summary_pages_outline_and_fonts(reviewed):
    _, _, memo, read, _ = reviewed
    pages = read.pages
    n = len(pages)
    assert "Project Lantern" in pages[0] and "A. Reviewer" in pages[0] and "2025-03-01" in pages[0]
    assert all(f"page {k} of {n}" in p for k, p in enumerate(pages, 1))
    assert "Contents" in pages[1] and "Executive summary" in pages[1]
    assert any("Executive summary" in p and "Severity" in p and "Status" in p for p in pages[2:4])
    joined = "\n".join(pages)
    assert "not legal advice" in joined and "Appendix: provenance" in joined
    assert "本协议受中华人民共和国法律管辖" in compact(joined)  # Chinese is printed (and extractable)
    assert "Executive summary" in read.outline and "Appendix: provenance" in read.outline
    assert all(f"{k}. {s.name}" in read.outline for k, s in enumerate(memo.sections, 1))
    # every font is embedded: one font file per font used, and none of the PDF's standard 14
    assert b"Helvetica" not in read.data and read.data.count(b"/FontFile2") >= len(read.fonts)
    assert read.fonts <= {"DejaVuSans", "DejaVuSans-Bold", "WenQuanYiMicroHei-0", "Symbola"}


def test_hostile_notes_print_literally(reviewed, tmp_path):
    store, ids, _, _, _ = reviewed
    harbor = ids["harbor"][0]
    tags = store.get_analysis(harbor).tags
    long_note = " ".join(f"w{k:05d}" for k in range(1666))  # 10,000 characters, one word per 6
    assert len(long_note) >= 9_990
    review.review_tag(store, tags[0].id, status="accepted", note=HOSTILE)
    review.review_tag(store, tags[1].id, note=long_note)
    review.annotate(store, harbor, 0, 10, HOSTILE)
    options = MemoOptions(matter=HOSTILE, reviewer="</para><b>", types=(tags[0].label, tags[1].label))
    memo = build_memo(store, [harbor], options)
    read = Read(write_memo(memo, tmp_path / "hostile.pdf"))
    pages = read.pages
    text = "\n".join(pages)
    assert "<b>not bold</b> & </para> <font name='x'>" in text
    assert "\U0001F600" in text and "\u05e9\u05dc\u05d5\u05dd" in text and "注意：本条款可能无效。" in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)
    # the long note is printed whole, in order, over more than one page
    words = re.findall(r"w\d{5}", text)
    assert words == [f"w{k:05d}" for k in range(1666)]
    assert sum(1 for p in pages if re.search(r"w\d{5}", p)) >= 2


def test_memo_command(reviewed, tmp_path):
    from app.cli import main
    store, ids, _, _, _ = reviewed
    out = tmp_path / "cli.pdf"
    args = ["memo", str(ids["harbor"][0]), str(ids["pdf"][1]), "--out", str(out), "--db", str(store.path),
            "--types", "governing_law,arbitration", "--no-compare", "--matter", "CLI"]
    assert main(args) == 0
    read = Read(out)
    assert "1. Arbitration" in read.outline and "2. Governing law" in read.outline  # most severe first
    assert not any("Anti-distillation" in t for t in read.outline)
    assert "Comparison left out at the reviewer's request" in "\n".join(read.pages)
    assert main(["memo", "999999", "--out", str(out), "--db", str(store.path)]) == 2
    assert main(["memo", "1", "--out", str(out), "--types", "no_such_type", "--db", str(store.path)]) == 2
