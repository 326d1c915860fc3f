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


def cue_patterns(lexicon: Lexicon) -> list[dict]:
    return [{"label": cue.name, "pattern": phrase}
            for cue in lexicon.cues.values() for phrase in cue.phrases]


def refresh_cues(nlp: Language, lexicon: Lexicon | None = None) -> None:
    ruler = nlp.get_pipe("cue_ruler")
    ruler.clear()
    ruler.add_patterns(cue_patterns(lexicon or load_lexicon()))


CJK_PUNCT = r"[。；！？：，、（）]"


def customise_tokenizer(nlp: Language) -> None:
    """Split Chinese and Japanese punctuation off runs of characters, so a sentence can end at
    "。" and a cue can start after "，" even where the text has no spaces."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

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
