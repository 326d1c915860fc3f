"""Build or load the pipeline. Cue phrases are always read from clause_library at load time, so a
lawyer's edit to cues.toml or rules.toml takes effect without retraining."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

# Importing the modules registers our factories with spaCy.
from nlp import components, entity_component, modality, paths, tagger  # noqa: F401
from nlp.lexicon import Lexicon, load_lexicon

CONFIG = Path(__file__).with_name("config.cfg")
MAX_LENGTH = 5_000_000


GAP = "..."  # in a cue phrase: up to MAX_GAP words may stand here ("another ... model")
MAX_GAP = 5


def cue_patterns(lexicon: Lexicon, lemmatize) -> list[dict]:
    """Phrase patterns for plain phrases; token patterns (on lemmas) for phrases with a gap."""
    patterns = []
    for cue in lexicon.cues.values():
        patterns.extend({"label": cue.name, "pattern": list(p)} for p in cue.token_patterns)
        for phrase in cue.phrases:
            if GAP not in phrase:
                patterns.append({"label": cue.name, "pattern": phrase})
                continue
            tokens: list[dict] = []
            for part in phrase.split(GAP):
                if tokens:
                    tokens.extend({"IS_PUNCT": False, "OP": "?"} for _ in range(MAX_GAP))
                tokens.extend({"LEMMA": lemma} for lemma in lemmatize(part.strip()))
            patterns.append({"label": cue.name, "pattern": tokens})
    return patterns


def refresh_cues(nlp: Language, lexicon: Lexicon | None = None) -> None:
    ruler = nlp.get_pipe("cue_ruler")
    ruler.clear()
    lemmatizer = nlp.get_pipe("legal_lemmatizer")

    def lemmatize(text: str) -> list[str]:
        return [t.lemma_ for t in lemmatizer(nlp.make_doc(text)) if not t.is_space]

    ruler.add_patterns(cue_patterns(lexicon or load_lexicon(), lemmatize))


CJK_PUNCT = r"[。；！？：，、（）]"


def customise_tokenizer(nlp: Language) -> None:
    """Split Chinese and Japanese punctuation off runs of characters, so a sentence can end at
    "。" and a cue can start after "，" even where the text has no spaces."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    current = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    if current is not None and "。" in current.pattern:
        return  # a saved pipeline already carries these rules; resetting them costs 0.2 s
    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + [CJK_PUNCT]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes) + [CJK_PUNCT]).search
    nlp.tokenizer.prefix_search = compile_prefix_regex(list(nlp.Defaults.prefixes) + [CJK_PUNCT]).search


def build(with_textcat: bool = True) -> Language:
    """A fresh pipeline from nlp/config.cfg, untrained."""
    config = spacy.util.load_config(CONFIG)
    if not with_textcat:
        config["nlp"]["pipeline"] = [p for p in config["nlp"]["pipeline"] if p != "textcat_multilabel"]
        config["nlp"]["disabled"] = []
        del config["components"]["textcat_multilabel"]
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.max_length = MAX_LENGTH
    customise_tokenizer(nlp)
    refresh_cues(nlp)
    return nlp


def load(path: Path | None = None) -> Language:
    """The trained pipeline from resources/pipeline, or an untrained one when none is there."""
    path = Path(path or paths.trained_pipeline())
    if not (path / "config.cfg").exists():
        return build(with_textcat=False)
    nlp = spacy.load(path)
    nlp.max_length = MAX_LENGTH
    customise_tokenizer(nlp)
    refresh_cues(nlp)
    return nlp
