"""The tagger on fictional licences and terms written for ClauseLens by engineers who did not see
the rules, the examples or the corpus (tests/data/blind).

Only the dev sets are asserted here, as regression guards: rules were tuned while looking at them.
test/ and test2/ are kept for reporting (`clauselens eval --labels tests/data/blind/test/labels.jsonl`)
and are never tuned to.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from app.core import analysis, evaluate
from app.core.library import build_document, read_source

BLIND = Path(__file__).parent / "data" / "blind"


@pytest.fixture(scope="module", params=["dev", "dev2", "dev3", "dev4"])
def dev_result(request):
    DEV = BLIND / request.param
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
    ("anti_distillation", 0.85), ("output_scope", 0.8), ("governing_law", 0.9),
    ("venue_jurisdiction", 0.9), ("arbitration", 0.5), ("commercial_threshold", 0.8)])
def test_f1_on_the_dev_sets(dev_result, label, least):
    assert dev_result.labels[label].f1 >= least


def test_confident_tags_are_right(dev_result):
    scores = [s for k, s in dev_result.labels.items() if k in evaluate.FULLY_LABELLED]
    high = sum(s.high_conf for s in scores)
    assert high >= 20 and sum(s.high_conf_correct for s in scores) / high >= 0.9
