"""The demo library: sample documents of fictional platforms, written for this project, loaded into
an empty library on first start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core import metadata, platforms
from app.core.compare import covenant_types
from app.core.demo import demo_dir, ensure_demo, load_demo, manifest
from app.core.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("demo") / "lib.db")
    results = ensure_demo(store)
    yield store, results
    store.close()


def test_manifest_lists_ten_or_more_documents_of_fictional_platforms():
    files = manifest()
    assert len(files) >= 10 and len({f.platform for f in files}) >= 10
    assert all((demo_dir() / f.file).is_file() for f in files)
    assert {Path(f.file).suffix for f in files} >= {".md", ".txt", ".html"} and any(f.pdf for f in files)
    real = {w.lower() for p in metadata.known_platforms() for w in (p.name, p.vendor, *p.aliases)}
    for f in files:
        assert f.platform.lower() not in real and f.vendor.lower() not in real
        text = re.sub(r"<[^>]+>", " ", (demo_dir() / f.file).read_text(encoding="utf-8"))  # not <meta>
        for name in real:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I), (f.file, name)


def test_first_start_loads_every_file_and_covers_every_covenant_type(loaded):
    store, results = loaded
    assert [r.status for r in results] == ["imported"] * len(manifest())
    tagged = {r[0] for r in store.db.execute("SELECT DISTINCT label FROM tags")}
    assert set(covenant_types()) <= tagged
    formats = {r[0] for r in store.db.execute("SELECT DISTINCT format FROM documents")}
    assert "pdf" in formats


def test_two_documents_have_two_versions(loaded):
    store, _ = loaded
    versioned = {d.platform: [v.label for v in d.versions] for d in platforms.documents(store) if len(d.versions) > 1}
    assert versioned == {"Halcyon Labs": ["1.0", "1.1"], "Mosswood AI": ["2024-06", "2025-09"]}
    jurisdictions = {r[0] for r in store.db.execute("SELECT DISTINCT value FROM entities WHERE label = 'JURISDICTION'")}
    assert len(jurisdictions) >= 8  # varied laws: Ireland, California, Germany, Singapore, England ...


def test_a_library_that_is_not_empty_is_left_alone_and_loading_again_adds_nothing(loaded):
    store, _ = loaded
    count = store.counts()["documents"]
    assert ensure_demo(store) == []
    assert [r.status for r in load_demo(store)] == ["exists"] * len(manifest())  # the PDF is made identically
    assert store.counts()["documents"] == count


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason=f"the shared corpus is not at {CORPUS}")
def test_no_demo_sentence_is_taken_from_the_corpus():
    # ten words in a row: shorter runs ("governed by the laws of the State of") are the idiom of the genre
    def runs(text, n=10):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
    corpus = set()
    for p in CORPUS.iterdir():
        if p.suffix in (".txt", ".md", ".html"):
            corpus |= runs(p.read_text(encoding="utf-8", errors="replace"))
    for f in manifest():
        shared = runs((demo_dir() / f.file).read_text(encoding="utf-8")) & corpus
        assert not shared, (f.file, sorted(shared)[:3])
