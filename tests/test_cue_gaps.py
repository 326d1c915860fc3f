"""Cue phrases with a gap ("another ... model") are matched by the span ruler as phrase parts and
joined afterwards; the cues found must be exactly those of the token pattern the phrase stands for
(its parts in order, at most MAX_GAP tokens between them, none of them punctuation).

Every sentence here was written for these tests; none comes from a real licence.
"""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from nlp import lexicon, pipeline
from nlp.lexicon import Cue, Lexicon

GAP_CUES = {
    "OTHER_MODEL": ("another ... model", "any ... model", "model ... compete"),
    "LAW_CHOICE": ("govern ... law", "determine under the ... law"),
    "THREE": ("train ... model ... output",),
    "EDGE": ("... weights", "copy ...", "share  the ... data"),  # no words on one side; two spaces
}

TEXTS = [
    "You may not use another model.",
    "You may not use another large language model.",
    "You may not use another one two three four model.",
    "You may not use another one two three four five model.",
    "You may not use another one two three four five six model.",
    "You may not use another (large) model, or any other model model.",
    "Any model that may compete with ours; any model; compete.",
    "This is governed by the laws of Ruritania and determined under the applicable law.",
    "Do not train a model on its output, nor train the model to copy output.",
    "Share the weights; copy the data. Share the training data with nobody.",
    "another\n\nmodel and another  model and another - model",
]


def _naive_matcher(nlp, cues: dict[str, tuple[str, ...]]) -> Matcher:
    """The token patterns the gap phrases used to be compiled to."""
    lemmatizer = nlp.get_pipe("legal_lemmatizer")
    matcher = Matcher(nlp.vocab)
    for name, phrases in cues.items():
        for phrase in phrases:
            tokens: list[dict] = []
            for part in phrase.split(pipeline.GAP):
                if tokens:
                    tokens.extend({"IS_PUNCT": False, "OP": "?"} for _ in range(pipeline.MAX_GAP))
                tokens.extend({"LEMMA": t.lemma_} for t in lemmatizer(nlp.make_doc(part.strip()))
                              if not t.is_space)
            matcher.add(name, [tokens])
    return matcher


@pytest.fixture(scope="module")
def nlp():
    nlp = pipeline.build(with_textcat=False)
    cues = {name: Cue(name, phrases) for name, phrases in GAP_CUES.items()}
    pipeline.refresh_cues(nlp, Lexicon(cues, ()))
    yield nlp
    pipeline.refresh_cues(nlp)


def _ruler_cues(nlp, text):
    doc = nlp.make_doc(text)
    for name in ("legal_lemmatizer", "legal_sentencizer", "cue_ruler"):
        doc = nlp.get_pipe(name)(doc)
    return doc


@pytest.mark.parametrize("text", TEXTS)
def test_joined_gap_cues_are_those_of_the_token_pattern(nlp, text):
    matcher = _naive_matcher(nlp, GAP_CUES)
    doc = _ruler_cues(nlp, text)
    expected = {(nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc)}
    spans = list(doc.spans.get("cues", []))
    assert {(s.label_, s.start, s.end) for s in spans} == expected
    assert spans == sorted(set(spans))  # the span ruler's own order, no duplicates
    assert all(not s.label_.startswith(pipeline.PART) for s in spans)
    assert doc.user_data.get("cue_ruler", []) == [(s.label_, s.start, s.end) for s in spans]


def test_gap_limits(nlp):
    def found(text):
        doc = _ruler_cues(nlp, text)
        return {(s.label_, s.text) for s in doc.spans.get("cues", [])}

    assert ("OTHER_MODEL", "another one two three four five model") in found(
        "another one two three four five model")
    assert not found("another one two three four five six model")
    assert not found("another (large) model")
    assert ("THREE", "train a model on its output") in found("train a model on its output")


def test_library_gap_phrases_on_the_taxonomy_examples():
    nlp = pipeline.build(with_textcat=False)
    lex = lexicon.load_lexicon()
    gap_cues = {c.name: tuple(p for p in c.phrases if pipeline.GAP in p) for c in lex.cues.values()}
    gap_cues = {k: v for k, v in gap_cues.items() if v}
    assert gap_cues, "cues.toml has phrases with a gap"
    pipeline.refresh_cues(nlp, Lexicon({k: Cue(k, v) for k, v in gap_cues.items()}, ()))
    matcher = _naive_matcher(nlp, gap_cues)
    matched = 0
    for t in lex.types.values():
        for text in t.positive + t.negative:
            doc = _ruler_cues(nlp, text)
            expected = {(nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc)}
            assert {(s.label_, s.start, s.end) for s in doc.spans.get("cues", [])} == expected, text
            matched += len(expected)
    assert matched > 20
