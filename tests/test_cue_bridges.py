"""A token pattern of the shape "purpose verb, up to four other words, a model noun" (cues.toml's
TRAIN_A_MODEL) is matched from the lemma array instead of by spaCy's Matcher; the matches must be
exactly the Matcher's. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from nlp import lexicon, pipeline

TEXTS = [
    "You will not train a model on the Outputs.",
    "You will not train the model on the Outputs.",
    "Do not build one two three four models, nor build one two three four five systems.",
    "Develop a competing large language model; improve any other system. Create, in short, a model.",
    "train derivative models and train our systems and teach a classifier transformer networks",
    "model train model",
    "train",
]


@pytest.fixture(scope="module")
def nlp():
    return pipeline.build(with_textcat=False)


def test_the_shipped_token_patterns_are_bridges():
    for cue in lexicon.load_lexicon().cues.values():
        for p in cue.token_patterns:
            assert pipeline.bridge(cue.name, list(p)) is not None


def test_other_shapes_stay_token_patterns():
    assert pipeline.bridge("X", [{"LEMMA": "train"}, {"LEMMA": "model"}]) is None
    assert pipeline.bridge("X", [{"LEMMA": {"IN": ["a"]}}, {"LOWER": {"NOT_IN": ["b"]}, "OP": "?"},
                                 {"LEMMA": {"IN": ["c"]}}]) is None


@pytest.mark.parametrize("text", TEXTS)
def test_bridge_matches_are_the_matchers(nlp, text):
    doc = nlp.get_pipe("legal_lemmatizer")(nlp.make_doc(text))
    for cue in lexicon.load_lexicon().cues.values():
        for p in cue.token_patterns:
            matcher = Matcher(nlp.vocab)
            matcher.add(cue.name, [list(p)])
            want = sorted({(s, e) for _, s, e in matcher(doc)})
            found = pipeline.CueMatches([], nlp.vocab.strings, [pipeline.bridge(cue.name, list(p))])
            assert sorted({(s, e) for _, s, e in found._bridges(doc, {})}) == want


def test_the_cue_reaches_the_sentence(nlp):
    doc = nlp("You will not use Outputs to train a rival model.")
    assert [s.text for s in doc.spans["cues"] if s.label_ == "TRAIN_A_MODEL"] == ["train a rival model"]
