"""The real documents in ../shared/corpus: every one imports, every gold quote is in the text, and the
tagger's scores hold. Skipped, with the reason, where the corpus is not beside the repository."""

from __future__ import annotations

from collections import defaultdict

import pytest

from app.core import analysis, evaluate
from app.core.library import build_document, read_source
from tests.conftest import CORPUS, corpus_files, needs_corpus

pytestmark = needs_corpus


@pytest.fixture(scope="module")
def scored():
    rows = evaluate.load_labels(CORPUS / "labels.jsonl")
    by_file = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    result = evaluate.EvalResult()
    docs = {}
    for path in corpus_files():
        doc = build_document(read_source(path), str(path))
        found = analysis.analyze(doc)
        docs[path.name] = (doc, found)
        if path.name in by_file:
            evaluate.score_document(path.name, doc.text, [(t.label, t.start, t.end, t.confidence)
                                                         for t in found.tags], by_file[path.name], result)
    return result, docs


def test_every_document_imports_and_every_quote_is_found(scored):
    result, docs = scored
    assert len(docs) == len(corpus_files()) >= 20
    assert result.not_located == 0


@pytest.mark.parametrize("label, floor", [
    ("anti_distillation", 0.95), ("governing_law", 0.9), ("venue_jurisdiction", 0.9),
    ("commercial_threshold", 0.85), ("arbitration", 0.9),
    # Below the aim of 0.85 (0.835 now); kept as a floor so a regression shows.
    ("output_scope", 0.8),
])
def test_f1_on_fully_labelled_types(scored, label, floor):
    result, _ = scored
    assert result.labels[label].f1 >= floor, evaluate.format_result(result)


def test_recall_on_every_other_label_with_three_or_more_rows(scored):
    result, _ = scored
    for label, s in result.labels.items():
        if label not in evaluate.FULLY_LABELLED and s.gold >= 3:
            assert s.recall >= 0.8, (label, s.recall)


def test_confident_tags_are_mostly_right(scored):
    result, _ = scored
    hc = sum(s.high_conf for s in result.labels.values())
    right = sum(s.high_conf_correct for s in result.labels.values())
    assert hc and right / hc >= 0.8


def test_llama_carve_out_and_governing_law_findings(scored):
    _, docs = scored
    doc, found = docs["meta-llama3-license.txt"]
    ad = found.findings["anti_distillation"]
    assert ad["present"] and ad["reaches_outputs"] and ad["reaches_weights"]
    assert any("Meta Llama 3" in c["text"] for c in ad["carve_outs"])
    assert any(g["value"] == "US-CA" for g in found.findings["governing_law"])


def test_hard_negatives_have_no_anti_distillation(scored):
    _, docs = scored
    for name in ("meta-llama3_1-license.txt", "deepseek-v3-license-model.txt",
                 "google-gemma-terms-of-use-2025-03.txt", "deepseek-terms-of-use-2025-01-c362162.html"):
        _, found = docs[name]
        assert not found.findings["anti_distillation"]["present"], name
