"""What the faster tagging relies on: tagging a text leaves no reference cycles behind (so the
garbage collector may pause while it runs), and the collector is on again afterwards.

Every sentence here was written for these tests; none comes from a real licence.
"""

from __future__ import annotations

import gc

import pytest

from nlp import api, lexicon
from nlp.api import Analyzer


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def _text() -> tuple[str, list[tuple[int, int, str]]]:
    sentences = [s for t in lexicon.load_lexicon().types.values() for s in t.positive + t.negative]
    paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    text = "\n\n".join(paragraphs * 2)
    blocks, pos = [], 0
    for para in paragraphs * 2:
        blocks.append((pos, pos + len(para), "paragraph"))
        pos += len(para) + 2
    return text, blocks


def test_tagging_leaves_no_reference_cycles(analyzer):
    text, blocks = _text()
    assert len(text) > 2 * api.CHUNK  # tagged in several parts
    analyzer.analyze(text, blocks)  # warm caches
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        result = analyzer.analyze(text, blocks)
        assert result.tags
        del result
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_collector_is_on_again_after_tagging_and_stays_off_if_it_was(analyzer):
    assert gc.isenabled()
    analyzer.analyze("You shall not copy the Model.", [(0, 29, "paragraph")])
    assert gc.isenabled()
    gc.disable()
    try:
        analyzer.analyze("You shall not copy the Model.", [(0, 29, "paragraph")])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_is_on_again_when_tagging_fails(analyzer, monkeypatch):
    def fail(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(analyzer, "_analyze_part", fail)
    with pytest.raises(RuntimeError):
        analyzer.analyze("You shall not copy the Model.")
    assert gc.isenabled()
