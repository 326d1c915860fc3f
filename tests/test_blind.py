"""The tagger on documents its rule authors never read: tests/data/blind (fictional licences and
terms written for ClauseLens by engineers who did not see the rules, the examples or the corpus).

Only dev/ is asserted here: rules were tuned while looking at dev/. test/ is kept for reporting
(`clauselens eval --labels tests/data/blind/test/labels.jsonl`) and is never tuned to.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from app.core import analysis, evaluate
from app.core.library import build_document, read_source

DEV = Path(__file__).parent / "data" / "blind" / "dev"


@pytest.fixture(scope="module")
def dev_result():
    rows = evaluate.load_labels(DEV / "labels.jsonl")
    by_file = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    result = evaluate.EvalResult()
    for name, gold in by_file.items():
        doc = build_document(read_source(DEV / name), str(DEV / name))
        tags = analysis.analyze(doc).tags
        evaluate.score_document(name, doc.text, [(t.label, t.start, t.end, t.confidence) for t in tags],
                                gold, result)
    return result


def test_every_gold_quote_is_in_the_imported_text(dev_result):
    assert dev_result.not_located == 0


@pytest.mark.parametrize("label, least", [
    ("anti_distillation", 0.7), ("output_scope", 0.85), ("governing_law", 0.85),
    ("venue_jurisdiction", 0.8), ("arbitration", 0.7), ("commercial_threshold", 0.85)])
def test_f1_on_unseen_documents(dev_result, label, least):
    assert dev_result.labels[label].f1 >= least


def test_confident_tags_are_right(dev_result):
    scores = [s for k, s in dev_result.labels.items() if k in evaluate.FULLY_LABELLED]
    high = sum(s.high_conf for s in scores)
    assert high >= 40 and sum(s.high_conf_correct for s in scores) / high >= 0.9
