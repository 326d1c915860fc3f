"""Every hostile file gets an answer in time: read (with the words a lawyer would look for) or refused
in one line naming the file, never a crash, never a hang, and the library unchanged by a refusal.

``EXPECTED`` is also the list of what a user sees for each kind of file (see installer/README.md).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.errors import ImportRefused
from app.core.library import MAX_TEXT, build_document, import_file
from app.core.store import Store
from tests.conftest import ROOT
from tests.hostile.conftest import time_limit
from tests.hostile.pdf_corpus import TEXT

LIMIT = 10.0  # seconds any one file may take to be read or refused (most take well under one)
CLAUSE = "1. The licensee must not use the Model to train another model."
NOT_PDF = "is not a valid PDF"
TRUNCATED = "is truncated or damaged (the end of the file is missing); download or export it again"
NOT_DOCX = "the file is not a valid DOCX document"
TOO_DEEP = "more than the 20,000 ClauseLens reads; save the page as PDF or text and import that"
TOO_MANY_BLOCKS = "more than the 50,000 ClauseLens analyses in one document; split it into parts and import each"
BINARY = "cannot be decoded as text"

# case -> ("read", words found in the text) or ("refused", words of the one-line message)
EXPECTED: dict[str, tuple[str, str]] = {
    # PDF: cross-reference damage is repaired by PDFium; what it cannot repair is refused
    "xref-offsets-shifted": ("read", TEXT),
    "startxref-points-nowhere": ("read", TEXT),
    "startxref-points-at-zero": ("read", TEXT),
    "licence-xref-zeroed": ("read", "Fictional Labs Model Licence"),
    "licence-xref-garbage": ("refused", "is not a valid PDF (it is damaged and cannot be read)"),
    "xref-prev-loop": ("read", TEXT),
    "no-xref-at-all": ("read", TEXT),
    # PDF: page tree
    "huge-page-count-claimed": ("read", TEXT),
    "huge-page-count-real": ("refused", "has 100,000 pages, more than the 2,000 ClauseLens reads in one document"),
    "page-tree-loop": ("refused", "is damaged: page 2 cannot be read"),
    "page-tree-missing-kids": ("refused", "is damaged: page 1 cannot be read"),
    "root-is-not-a-catalog": ("refused", "is not a valid PDF (it is damaged and cannot be read)"),
    "giant-page-box": ("read", TEXT),
    # PDF: content (images are never decoded; content streams are inflated once)
    "giant-image-no-text": ("refused", "has no text layer (scanned?); run OCR on it first"),
    "giant-image-with-text": ("read", TEXT),
    "content-stream-bomb": ("read", TEXT),
    "deeply-nested-arrays": ("read", TEXT),
    "fifty-thousand-text-runs": ("read", "x x x"),
    "undefined-font": ("read", TEXT),
    "unbalanced-operators": ("read", TEXT),
    "javascript-and-launch-actions": ("read", TEXT),
    "header-only": ("refused", TRUNCATED),
    "header-then-random-bytes": ("refused", TRUNCATED),
    "html-named-pdf": ("refused", "is not a valid PDF (it has no PDF header)"),
    "nul-bytes": ("refused", "is not a valid PDF (it has no PDF header)"),
    # HTML
    "html-nested-divs-200k": ("refused", f"its markup is nested 200,002 elements deep, {TOO_DEEP}"),
    "html-nested-furniture-divs-15k": ("read", CLAUSE),
    "html-nested-hidden-divs-15k": ("read", CLAUSE),
    "html-nested-lists-15k": ("read", CLAUSE),
    "html-nested-tables-3k": ("read", CLAUSE),
    "html-nested-links-50k": ("read", CLAUSE),
    "html-nested-sections-with-headers-10k": ("read", CLAUSE),
    "html-nested-svg-math-16k": ("read", CLAUSE),
    "html-unclosed-paragraphs-100k": ("refused", f"holds 100,000 paragraphs, {TOO_MANY_BLOCKS}"),
    "html-unclosed-comment": ("read", CLAUSE),
    "html-plaintext-element": ("read", "<p><p>"),  # as a browser shows it: the rest of the page is text
    "html-one-word-of-4mb": ("read", CLAUSE),
    "html-megabyte-attribute": ("read", CLAUSE),
    "html-two-hundred-thousand-br": ("read", CLAUSE),
    "html-entity-spam": ("read", CLAUSE),
    "html-scripts-only": ("refused", "the page has no readable text"),
    "html-furniture-only": ("read", "Home Pricing Blog"),  # all there is: kept rather than refused
    "html-frameset": ("refused", "the page has no readable text"),
    "html-no-markup-at-all": ("read", CLAUSE),
    "html-declares-utf16-is-utf8": ("read", CLAUSE),
    "html-declares-unknown-charset": ("read", CLAUSE),
    "html-declares-utf8-is-cp1252": ("read", "\u201cLicensee\u201d \u2013 1. The licensee"),
    "html-utf8-bom-then-invalid-bytes": ("read", CLAUSE),
    "html-utf32": ("read", CLAUSE),
    "html-utf16-odd-length": ("refused", f"the page has no readable text (the file {BINARY} (it looks like binary"),
    "html-nul-between-every-byte": ("refused", f"the page has no readable text (the file {BINARY}"),
    "html-binary": ("refused", f"the page has no readable text (the file {BINARY} in any known encoding)"),
    # plain text and Markdown
    "text-binary": ("refused", f"the file {BINARY} in any known encoding"),
    "text-zip-named-txt": ("refused", f"the file {BINARY} in any known encoding"),
    "text-utf16-no-bom": ("read", CLAUSE),
    "text-utf16-odd-length": ("refused", f"the file {BINARY} (it looks like binary data)"),
    "text-utf32-bom": ("read", CLAUSE),
    "text-shift-jis-undeclared": ("read", "第1条 利用者は本モデルを他のモデルの訓練に使用してはならない。"),
    "text-utf8-and-cp1252-mixed": ("read", CLAUSE),
    "text-cesu-surrogates": ("refused", f"the file {BINARY} in any known encoding"),
    "text-utf8-bom-invalid-bytes": ("read", CLAUSE),
    "text-million-blank-lines": ("read", CLAUSE),
    "text-ten-mb-line": ("refused", f"holds 10,000,063 characters of text, more than the {MAX_TEXT:,} ClauseLens"),
    "text-200k-numbered-lines": ("refused", f"holds 100,001 paragraphs, {TOO_MANY_BLOCKS}"),
    "text-bidi-controls": ("read", CLAUSE),
    "text-combining-marks": ("read", CLAUSE),
    "text-nul-separated": ("refused", f"the file {BINARY} (it looks like binary data)"),
    "text-whitespace-only": ("refused", "the file is empty"),
    "text-punctuation-only": ("refused", "the file has no readable text"),
    "text-carriage-returns-only": ("read", CLAUSE),
    "text-form-feeds": ("read", CLAUSE),
    "md-open-brackets": ("read", CLAUSE),
    "md-link-openers": ("read", CLAUSE),
    "md-image-openers": ("read", CLAUSE),
    "md-backticks": ("refused", "the file has no readable text"),  # one unclosed code span: no words
    "md-stars": ("read", CLAUSE),
    "md-tag-openers": ("read", CLAUSE),
    "md-nested-quotes": ("read", CLAUSE),
    "md-nested-lists": ("read", CLAUSE),
    "md-unclosed-fence": ("read", CLAUSE),
    "md-table-of-200k-cells": ("refused", f"holds 200,001 paragraphs, {TOO_MANY_BLOCKS}"),
    # DOCX
    "docx-zip-bomb-one-entry": ("refused", "is compressed more than 100 times (possible zip bomb)"),
    "docx-zip-bomb-lying-sizes": ("read", CLAUSE),  # the bomb is never unpacked: nothing refers to it
    "docx-document-part-lying-size": ("refused", f"{NOT_DOCX} (its Word document part is missing or damaged"),
    "docx-xml-billion-laughs": ("refused", f"{NOT_DOCX} (its Word document part is missing or damaged"),
    "docx-xml-quadratic-blowup": ("refused", f"{NOT_DOCX} (its Word document part is missing or damaged"),
    "docx-xxe-local-file": ("read", CLAUSE),
    "docx-xxe-network": ("read", CLAUSE),
    "docx-external-dtd": ("read", CLAUSE),
    "docx-xml-nested-100k": ("refused", f"{NOT_DOCX} (its Word document part is missing or damaged"),
    "docx-nested-tables-200": ("refused", f"{NOT_DOCX} (its Word document part is missing or damaged"),
    "docx-style-cycle": ("read", CLAUSE),
    "docx-encrypted-entries": ("refused", "the DOCX archive is encrypted; save it again in Word without a password"),
    "docx-thirty-thousand-entries": ("read", CLAUSE),
    "docx-document-not-xml": ("refused", f"{NOT_DOCX} (its Word document part is missing or damaged"),
    "docx-ole-word-97": ("refused", "is password-protected or is an old Word 97-2003 document"),
    "docx-empty-zip": ("refused", f"{NOT_DOCX} (no content types)"),
}


def expected(name: str) -> tuple[str, str]:
    if name.startswith("cut-at-"):  # an interrupted download: refused, unless only the last bytes are gone
        return EXPECTED.get(name) or ("refused", TRUNCATED)
    return EXPECTED[name]


def test_every_generated_case_has_an_expectation(hostile_files):
    names = {n for n in hostile_files if not n.startswith("cut-at-")}
    assert names == set(EXPECTED)
    assert sum(n.startswith("cut-at-") for n in hostile_files) >= 24


def _read_all(hostile_files) -> dict[str, tuple[str, str, float]]:
    """name -> (outcome, text or message, seconds), each file read as an import would read it."""
    out = {}
    for name, path in hostile_files.items():
        start = time.perf_counter()
        with time_limit(LIMIT):
            try:
                doc = build_document(path.read_bytes(), str(path))
                out[name] = ("read", doc.text, time.perf_counter() - start)
            except ImportRefused as refused:
                out[name] = ("refused", str(refused), time.perf_counter() - start)
    return out


@pytest.fixture(scope="module")
def outcomes(hostile_files):
    return _read_all(hostile_files)


def test_each_file_is_read_or_refused_in_one_line_in_time(hostile_files, outcomes, licence_pdf):
    whole = build_document(licence_pdf, "licence.pdf").text
    wrong = []
    for name, (outcome, result, seconds) in outcomes.items():
        want, words = expected(name)
        if name.startswith("cut-at-") and outcome == "read":
            want, words = "read", whole  # only the end-of-file marker was cut: the whole text is there
        path = str(hostile_files[name])
        ok = outcome == want and words in result and seconds < LIMIT
        if outcome == "refused":
            ok = ok and result.startswith(f"{path}: ") and "\n" not in result and len(result) < 400
        if not ok:
            wrong.append(f"{name}: {outcome} in {seconds:.1f} s: {result[:150]!r} (expected {want} {words[:60]!r})")
    assert not wrong, "\n".join(wrong)


def test_truncations_that_keep_the_whole_trailer_read_the_whole_licence(outcomes, hostile_files):
    cut_points = sorted(int(n.rsplit("-", 1)[1]) for n in hostile_files if n.startswith("cut-at-"))
    read = [p for p in cut_points if outcomes[f"cut-at-{p}"][0] == "read"]
    assert read and read == cut_points[-len(read):]  # only the cuts nearest the end, never one in the body
    assert outcomes[f"cut-at-{cut_points[0]}"][0] == "refused"


def test_no_local_file_or_remote_entity_leaks_into_a_docx(outcomes):
    for name in ("docx-xxe-local-file", "docx-xxe-network", "docx-external-dtd"):
        text = outcomes[name][1]
        assert text == CLAUSE, (name, text[:200])


def test_a_refused_file_writes_nothing_to_the_library(tmp_path, hostile_files, outcomes):
    store = Store(tmp_path / "library.db")
    sample = tmp_path / "sample.txt"
    sample.write_text(CLAUSE + "\n", encoding="utf-8")
    assert import_file(sample, store, analyze=False).status == "imported"
    before = store.db.conn.total_changes
    refused = [n for n, (outcome, _, _) in outcomes.items() if outcome == "refused"]
    for name in refused:
        with time_limit(LIMIT):
            result = import_file(hostile_files[name], store)
        assert result.status == "refused" and result.message == outcomes[name][1], name
    assert store.db.conn.total_changes == before
    assert store.counts() == {"documents": 1, "clauses": 1}
    store.close()


def test_the_command_line_answers_each_hostile_file_with_exit_3_and_one_line(tmp_path, hostile_files, outcomes):
    # one refused file of each kind, in one run, under a 3 GB memory cap
    kinds = {}
    for name, (outcome, _, _) in outcomes.items():
        kind = name.split("-")[0] if not name.startswith("cut-at") else "cut"
        if outcome == "refused":
            kinds.setdefault((kind, hostile_files[name].suffix), name)
    chosen = sorted(kinds.values()) + ["text-million-blank-lines"]
    db = tmp_path / "library.db"

    def cap_memory():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    run = subprocess.run([sys.executable, "-m", "app.cli", "analyze", *(str(hostile_files[n]) for n in chosen),
                          "--db", str(db)], capture_output=True, text=True, cwd=ROOT, timeout=240,
                         preexec_fn=cap_memory)
    assert run.returncode == 3
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    refused = [n for n in chosen if outcomes[n][0] == "refused"]
    assert len(lines) == len(refused)
    for name, line in zip(refused, lines, strict=True):
        assert line == f"error: {outcomes[name][1]}"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # the one readable file
    conn.close()


def test_the_text_limit_is_the_pipelines():
    from nlp.pipeline import MAX_LENGTH
    assert MAX_TEXT == MAX_LENGTH


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as f:  # sparse: takes no disk space
        f.truncate(201 * 2**20)
    store = Store(tmp_path / "library.db")
    with time_limit(2):
        result = import_file(path, store)
    assert result.status == "refused"
    assert result.message == f"{path}: is too large to import (201 MB; the limit is 200 MB)"
    store.close()


@pytest.mark.parametrize("make, problem", [
    (lambda p: p.mkdir(), "is a folder, not a file (import the files inside it)"),
    (lambda p: None, "no such file"),
])
def test_folders_and_missing_files_are_refused(tmp_path, make, problem):
    path = tmp_path / "licence.pdf"
    make(path)
    store = Store(tmp_path / "library.db")
    result = import_file(path, store)
    assert (result.status, result.message) == ("refused", f"{path}: {problem}")
    store.close()


def test_corpus_paths_are_inside_the_session_folder(hostile_files):
    assert len({Path(p).parent for p in hostile_files.values()}) == 1


def test_odd_characters_go_through_the_whole_import_with_tagging(tmp_path, hostile_files, outcomes):
    store = Store(tmp_path / "library.db")
    for name in ("text-bidi-controls", "text-combining-marks", "text-shift-jis-undeclared", "md-stars",
                 "md-tag-openers", "html-nested-svg-math-16k", "docx-style-cycle", "content-stream-bomb"):
        with time_limit(30):
            result = import_file(hostile_files[name], store)
        assert result.status == "imported", (name, result.message)
        assert store.get_document(result.document_id).text == outcomes[name][1]
        assert store.get_analysis(result.document_id) is not None
    store.close()
