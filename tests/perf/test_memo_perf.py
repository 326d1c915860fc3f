"""Memo export speed: a memo of 50 covenants, each section with its comparison table across ten
platforms and the changes since a previous version (not part of the normal test run).

Run: .venv/bin/python -m pytest -q -s tests/perf/test_memo_perf.py

The library is generated from the example sentences of clause_library/taxonomy (written for this
project): ten fictional platforms, each a licence of numbered clauses, one of them in two versions.
Times are the best of three runs after one warm-up (fonts registered, modules imported).
"""

from __future__ import annotations

import random
import time

import pytest

from app.core.library import Overrides, import_file
from app.core.memo import MemoOptions, build_memo, write_memo
from app.core.store import Store
from nlp.lexicon import load_lexicon

PLATFORMS = ["Corvid Labs", "Northwind AI", "Calyx Labs", "Orrery Models", "Lumen Works", "Quillon",
             "Brightfield", "Harbor Quill", "Tessel AI", "Marrow Systems"]
TARGET = 50
MAX_SECONDS = 20.0  # the whole export (content, comparisons, PDF) of the 50-covenant memo


def _licence(platform: str, sentences: list[str]) -> str:
    body = "\n\n".join(f"{k}. {s}" for k, s in enumerate(sentences, 1))
    return f"# {platform} Model Licence\n\nLast updated: 1 March 2025\n\n{body}\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("memo_perf")
    rng = random.Random(5)
    types = load_lexicon().types
    store = Store(folder / "library.db")
    ids = {}
    for n, platform in enumerate(PLATFORMS):
        sentences = [s for t in sorted(types) for s in rng.sample(types[t].positive, 3 if n == 0 else 2)]
        versions = [sentences[: len(sentences) - 6], sentences] if n == 0 else [sentences]
        for v, text in enumerate(versions, 1):
            path = folder / f"{platform.lower().replace(' ', '-')}-v{v}.md"
            path.write_text(_licence(platform, text), encoding="utf-8")
            result = import_file(path, store, Overrides(platform=platform, version=str(v)))
            assert result.status == "imported", result.message
            ids[platform] = result.document_id
    yield store, ids[PLATFORMS[0]]
    store.close()


def _best(fn, runs=3):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def _trimmed(memo, n):
    """The memo cut to its first ``n`` covenants (sections in order), comparisons kept."""
    left = n
    for s in memo.sections:
        s.items = s.items[:left]
        left -= len(s.items)
    memo.sections = [s for s in memo.sections if s.items]
    return memo


def test_memo_of_50_covenants(library, tmp_path):
    store, doc_id = library
    options = MemoOptions(matter="Performance run", reviewer="perf")
    build_s, memo = _best(lambda: build_memo(store, [doc_id], options))
    assert len(memo.items) >= TARGET, len(memo.items)
    memo = _trimmed(memo, TARGET)
    assert len(memo.items) == TARGET
    assert sum(1 for s in memo.sections if s.comparison) == len(memo.sections)
    pdf_s, pdf = _best(lambda: write_memo(memo, tmp_path / "memo.pdf", "pdf"))
    docx_s, _ = _best(lambda: write_memo(memo, tmp_path / "memo.docx", "docx"))
    rows = sum(len(s.comparison.rows) for s in memo.sections)
    import pdfplumber
    with pdfplumber.open(pdf) as f:
        pages = len(f.pages)
    print(f"\nmemo of {TARGET} covenants in {len(memo.sections)} sections, {rows} comparison rows, {pages} pages:"
          f"\n  content (tags, reviews, notes, comparisons, version diff)  {build_s:6.2f} s"
          f"\n  PDF layout and write                                     {pdf_s:6.2f} s"
          f"\n  DOCX write                                               {docx_s:6.2f} s"
          f"\n  export to PDF (content + PDF)                            {build_s + pdf_s:6.2f} s")
    assert build_s + pdf_s < MAX_SECONDS
