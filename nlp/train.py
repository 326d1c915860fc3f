"""Train the sentence classifier (textcat_multilabel) from the example sentences written for this
project in clause_library/taxonomy, and save the whole pipeline under resources/pipeline.

Reproducible: a fixed seed, examples in file order, no data from outside clause_library.
"""

from __future__ import annotations

import random
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import minibatch

from nlp import PIPELINE_VERSION, paths
from nlp.lexicon import Lexicon, load_lexicon
from nlp.pipeline import build

TEXTCAT = "textcat_multilabel"


def training_data(lexicon: Lexicon) -> list[tuple[str, dict[str, float]]]:
    """A positive of one type is a negative of every other type; a hard negative of one type says
    nothing of the others (it may well be another covenant), so their scores are left missing."""
    labels = sorted(lexicon.types)
    positives: dict[str, set[str]] = {}
    for t in lexicon.types.values():
        for sentence in t.positive:
            positives.setdefault(sentence, set()).add(t.id)
    data = [(s, {label: float(label in ids) for label in labels}) for s, ids in positives.items()]
    for t in lexicon.types.values():
        for sentence in t.negative:
            if sentence not in positives:
                data.append((sentence, {t.id: 0.0}))
    return data


def train(output: Path | None = None, seed: int = 17, epochs: int = 20, log=print) -> dict:
    output = Path(output or paths.trained_pipeline())
    spacy.util.fix_random_seed(seed)
    lexicon = load_lexicon()
    nlp = build(with_textcat=True)
    nlp.enable_pipe(TEXTCAT)
    textcat = nlp.get_pipe(TEXTCAT)
    for label in sorted(lexicon.types):
        textcat.add_label(label)
    data = training_data(lexicon)
    examples = [Example.from_dict(nlp.make_doc(text), {"cats": cats}) for text, cats in data]
    rng = random.Random(seed)
    with nlp.select_pipes(enable=[TEXTCAT]):
        optimizer = nlp.initialize(lambda: examples)
        for epoch in range(epochs):
            rng.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=16):
                nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            log(f"epoch {epoch + 1:2d}  loss {losses.get(TEXTCAT, 0.0):.3f}")
    nlp.disable_pipe(TEXTCAT)
    nlp.meta["name"] = "clauselens"
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["description"] = "ClauseLens covenant tagger (rules from clause_library, textcat trained on its examples)"
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return {"examples": len(examples), "labels": len(textcat.labels), "output": str(output)}
