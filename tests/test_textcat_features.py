"""The covenant tagger computes the bag-of-words classifier's n-gram features for a whole batch
at once; they and the scores must be exactly those of spaCy's own extract_ngrams and predict.

Every sentence here was written for these tests; none comes from a real licence.
"""

from __future__ import annotations

import numpy
import pytest

from nlp import lexicon, paths, pipeline
from nlp.tagger import _bow_layers, _ngram_features

SENTENCES = [
    "You shall not use the Outputs to train a model that competes with Quillon.",
    "Model", "model model model model", "the the", "(a) copy;", "您不得复制模型。",
    "Licensee may not reverse engineer, decompile or disassemble the Service or the Service.",
]


@pytest.fixture(scope="module")
def nlp():
    if not (paths.trained_pipeline() / "config.cfg").exists():
        pytest.skip("no trained pipeline in resources/pipeline")
    return pipeline.load()


def test_batch_features_equal_extract_ngrams(nlp):
    pipe = nlp.get_pipe("textcat_multilabel")
    bow = _bow_layers(pipe)
    assert bow is not None
    extract = bow[0]
    examples = [s for t in lexicon.load_lexicon().types.values() for s in t.positive + t.negative]
    for batch in (SENTENCES, SENTENCES[1:2], examples[:256], examples[256:300] + SENTENCES):
        docs = [nlp.make_doc(s) for s in batch]
        expected, _ = extract(docs, is_train=False)
        got = _ngram_features(docs, extract.attrs["attr"], extract.attrs["ngram_size"], extract.ops)
        for a, b in zip(expected, got, strict=True):
            assert a.dtype == b.dtype and a.shape == b.shape and numpy.array_equal(a, b)


def _sentences_of(text: str) -> list:
    """Objects with the start and end of each of SENTENCES in ``text``, as SentenceInfo has them."""
    infos, pos = [], 0
    for s in SENTENCES:
        start = text.index(s, pos)
        infos.append(type("Info", (), {"start": start, "end": start + len(s)})())
        pos = start + len(s)
    return infos


def test_tagger_scores_equal_textcat_predict(nlp):
    pipe = nlp.get_pipe("textcat_multilabel")
    tagger = nlp.get_pipe("covenant_tagger")
    text = " ".join(SENTENCES)
    scores = tagger._scores(text, _sentences_of(text))
    expected = pipe.predict([nlp.make_doc(s) for s in SENTENCES]).tolist()
    assert scores == [dict(zip(pipe.labels, row, strict=True)) for row in expected]


def test_scores_from_the_documents_own_tokens_equal_textcat_predict(nlp):
    pipe = nlp.get_pipe("textcat_multilabel")
    tagger = nlp.get_pipe("covenant_tagger")
    text = " ".join(SENTENCES)
    scores = tagger._scores(text, _sentences_of(text), nlp.make_doc(text))
    expected = pipe.predict([nlp.make_doc(s) for s in SENTENCES]).tolist()
    for got, row in zip(scores, expected, strict=True):
        assert got == pytest.approx(dict(zip(pipe.labels, row, strict=True)), abs=1e-6)
