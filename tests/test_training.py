"""The sentence classifier is trained from clause_library examples, reproducibly."""

from __future__ import annotations

import hashlib

from nlp import lexicon, paths
from nlp.pipeline import load
from nlp.train import train, training_data


def test_training_data_comes_only_from_the_clause_library():
    lex = lexicon.load_lexicon()
    data = training_data(lex)
    positives = sum(len(t.positive) for t in lex.types.values())
    assert len(data) >= positives >= 30 * len(lex.types)
    assert all(set(cats) <= set(lex.types) for _, cats in data)


def test_training_is_reproducible(tmp_path):
    def weights(folder):
        train(folder, epochs=1, log=lambda *_: None)
        return hashlib.sha256((folder / "textcat_multilabel" / "model").read_bytes()).hexdigest()
    assert weights(tmp_path / "a") == weights(tmp_path / "b")


def test_the_shipped_pipeline_is_trained_and_loads():
    nlp = load(paths.trained_pipeline())
    textcat = nlp.get_pipe("textcat_multilabel")
    assert sorted(textcat.labels) == sorted(lexicon.load_lexicon().types)
    doc = textcat(nlp.make_doc("You shall indemnify and hold harmless the Licensor from any claim."))
    assert max(doc.cats, key=doc.cats.get) == "indemnity"
