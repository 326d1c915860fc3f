"""Build or load the pipeline. Cue phrases are always read from clause_library at load time, so a
lawyer's edit to cues.toml or rules.toml takes effect without retraining."""

from __future__ import annotations

import bisect
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, LEMMA, LENGTH
from spacy.language import Language
from spacy.tokens import Span

# Importing the modules registers our factories with spaCy.
from nlp import components, entity_component, modality, paths, tagger  # noqa: F401
from nlp.lexicon import Lexicon, load_lexicon

CONFIG = Path(__file__).with_name("config.cfg")
MAX_LENGTH = 5_000_000


GAP = "..."  # in a cue phrase: up to MAX_GAP words may stand here ("another ... model")
MAX_GAP = 5
PART = "gap part: "  # label prefix of the parts of phrases with a gap (never a cue of their own)


@dataclass(frozen=True)
class GapCue:
    """A cue phrase with gaps. Its parts are phrase patterns of the span ruler, labelled
    ``PART + lemmas``; ``CueMatches`` makes the cue of each run of parts in order, with at most
    MAX_GAP tokens, none of them punctuation, between one part and the next. (Written as one
    token pattern with optional tokens, such a phrase made spaCy's Matcher the slowest step.)"""

    label: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class BridgeCue:
    """A token pattern of the shape  {LEMMA IN first}, up to ``gap`` optional tokens
    {LEMMA NOT_IN stop}, {LEMMA IN last}  ("train ... a competing ... system"). spaCy's Matcher
    runs a Python predicate on every token for such a pattern; ``CueMatches`` finds the same
    matches from the lemma array."""

    label: str
    first: frozenset[str]
    stop: frozenset[str]
    last: frozenset[str]
    gap: int


def bridge(label: str, pattern: list[dict]) -> BridgeCue | None:
    """The BridgeCue a token pattern is, or None for a pattern of any other shape."""
    def only(token: dict, op: str | None) -> frozenset[str] | None:
        lemma = token.get("LEMMA")
        keys = set(token) - {"LEMMA", "OP"}
        if keys or token.get("OP") != op or not isinstance(lemma, dict) or len(lemma) != 1:
            return None
        kind, values = next(iter(lemma.items()))
        return frozenset(values) if kind in ("IN", "NOT_IN") and all(isinstance(v, str) for v in values) \
            else None

    if len(pattern) < 3:
        return None
    first, last = only(pattern[0], None), only(pattern[-1], None)
    middle = [only(t, "?") for t in pattern[1:-1]]
    if (first is None or last is None or any(m is None for m in middle) or len(set(middle)) != 1
            or "IN" not in pattern[0]["LEMMA"] or "IN" not in pattern[-1]["LEMMA"]
            or any("NOT_IN" not in t["LEMMA"] for t in pattern[1:-1])):
        return None
    return BridgeCue(label, first, middle[0], last, len(middle))


def _gap_parts(phrase: str, lemmatize) -> list[tuple[str, tuple[str, ...]]] | None:
    """(text, lemmas) of each part, or None where a part would not match as a phrase pattern
    exactly as it matches as lemma tokens (an empty part, or spacing that makes space tokens)."""
    parts = []
    for part in phrase.split(GAP):
        text = part.strip()
        lemmas = tuple(lemmatize(text))
        if not lemmas or " ".join(text.split()) != text:
            return None
        parts.append((text, lemmas))
    return parts


def cue_patterns(lexicon: Lexicon, lemmatize) -> tuple[list[dict], list[GapCue], list[BridgeCue]]:
    """Phrase patterns for plain phrases and for the parts of phrases with a gap; token patterns
    (on lemmas) for what cues.toml writes as such, except those of the shape BridgeCue reads.
    Returns the patterns, the gap cues and the bridge cues."""
    patterns: list[dict] = []
    gaps: list[GapCue] = []
    bridges: list[BridgeCue] = []
    part_labels: dict[tuple[str, ...], str] = {}
    for cue in lexicon.cues.values():
        for p in cue.token_patterns:
            b = bridge(cue.name, list(p))
            if b is None:
                patterns.append({"label": cue.name, "pattern": list(p)})
            else:
                bridges.append(b)
        for phrase in cue.phrases:
            if GAP not in phrase:
                patterns.append({"label": cue.name, "pattern": phrase})
                continue
            parts = _gap_parts(phrase, lemmatize)
            if parts is None:  # a token pattern, as written: parts joined by optional tokens
                tokens: list[dict] = []
                for part in phrase.split(GAP):
                    if tokens:
                        tokens.extend({"IS_PUNCT": False, "OP": "?"} for _ in range(MAX_GAP))
                    tokens.extend({"LEMMA": lemma} for lemma in lemmatize(part.strip()))
                patterns.append({"label": cue.name, "pattern": tokens})
                continue
            labels = []
            for text, lemmas in parts:
                if lemmas not in part_labels:
                    part_labels[lemmas] = PART + " ".join(lemmas)
                    patterns.append({"label": part_labels[lemmas], "pattern": text})
                labels.append(part_labels[lemmas])
            gaps.append(GapCue(cue.name, tuple(labels)))
    return patterns, gaps, bridges


class CueMatches:
    """The span ruler's ``match``: what ``SpanRuler.match`` and then a ``spans_filter`` joining
    gap phrases would give, built on plain tuples so that no Span is made, hashed or compared
    that is not kept.

    spaCy's ruler makes a Span of every match, takes the set of them and sorts it; a Span sorts
    by (start character, end character, label, kb id, id), so each match here is keyed by that
    tuple, and only the sorted, distinct keys become Spans. The matches of gap parts are dropped;
    the cue each run of parts makes (in order, at most MAX_GAP tokens, none of them punctuation,
    between one part and the next) is inserted where its Span would sort. The cues found are also
    left as (label, start token, end token) in ``doc.user_data["cue_ruler"]``, so that later
    components need not rebuild a Span object for each."""

    def __init__(self, gaps: list[GapCue], strings, bridges: list[BridgeCue] = ()):
        self.strings = strings
        self.bridges = [(b.label, numpy.array(sorted(strings.add(w) for w in b.first), dtype="uint64"),
                         numpy.array(sorted(strings.add(w) for w in b.stop), dtype="uint64"),
                         numpy.array(sorted(strings.add(w) for w in b.last), dtype="uint64"), b.gap)
                        for b in bridges]
        self.part_ids = {strings.add(label) for g in gaps for label in g.parts}
        self.joins = [(strings.add(g.label), [strings.add(p) for p in g.parts]) for g in gaps]
        self.gap_labels = {label_id for label_id, _ in self.joins}
        self.no_id = strings.add("")

    def __call__(self, ruler, doc):
        ruler._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = list(ruler.matcher(doc)) + list(ruler.phrase_matcher(doc))
        ids: dict[int, tuple[str, str, int, int]] = {}
        if self.bridges and len(doc):
            matches.extend(self._bridges(doc, ids))
        if not matches:
            doc.user_data["cue_ruler"] = []
            return []
        idx, length = doc.to_array([IDX, LENGTH]).T.tolist()
        strings = self.strings
        keyed: dict[tuple, tuple[int, int, str, str]] = {}
        for m_id, start, end in matches:
            if start == end:
                continue
            entry = ids.get(m_id)
            if entry is None:
                info = ruler._match_label_id_map[m_id]
                entry = ids[m_id] = (info["label"], info["id"], strings.add(info["label"]), strings.add(info["id"]))
            key = (idx[start], idx[end - 1] + length[end - 1], entry[2], 0, entry[3])
            if key not in keyed:
                keyed[key] = (start, end, entry[0], entry[1])
        kept: list[tuple] = []
        found: list[tuple[str, int, int]] = []
        parts: dict[int, dict[int, list[int]]] = {}
        present = set()
        for key in sorted(keyed):
            start, end, label, _ = keyed[key]
            label_id = key[2]
            if label_id in self.part_ids:
                parts.setdefault(label_id, {}).setdefault(start, []).append(end)
                continue
            kept.append(key)
            if label_id in self.gap_labels:
                present.add((label_id, start, end))
            found.append((label, start, end))
        joined = self._join(parts, doc) - present
        for label_id, start, end in sorted(joined):
            key = (idx[start], idx[end - 1] + length[end - 1], label_id, 0, self.no_id)
            keyed[key] = (start, end, strings[label_id], "")
            i = bisect.bisect_left(kept, key)
            kept.insert(i, key)
            found.insert(i, (strings[label_id], start, end))
        doc.user_data["cue_ruler"] = found
        if not doc.user_data.get("clauselens", {}).get("cue_spans", True):
            return []  # the caller reads the cues from user_data only (see nlp.api.Analyzer)
        return [Span(doc, start, end, label=label, span_id=span_id)
                for start, end, label, span_id in (keyed[k] for k in kept)]

    def _bridges(self, doc, ids: dict) -> list[tuple[int, int, int]]:
        """The matches of the bridge cues, as the Matcher would give them (every start and end)."""
        lemmas = doc.to_array(LEMMA)
        n = len(lemmas)
        out = []
        for k, (label, first, stop, last, gap) in enumerate(self.bridges):
            m_id = -1 - k  # never a key of the ruler's own patterns (those are hashes >= 0)
            ids[m_id] = (label, "", self.strings.add(label), self.strings.add(""))
            is_stop = numpy.isin(lemmas, stop).tolist()
            is_last = numpy.isin(lemmas, last).tolist()
            for s in numpy.flatnonzero(numpy.isin(lemmas, first)).tolist():
                for t in range(s + 1, min(s + gap + 1, n - 1) + 1):  # t: the last token
                    if t - 1 > s and is_stop[t - 1]:
                        break
                    if is_last[t]:
                        out.append((m_id, s, t + 1))
        return out

    def _join(self, parts: dict[int, dict[int, list[int]]], doc) -> set[tuple[int, int, int]]:
        joined = set()
        punct = None
        for label_id, part_labels in self.joins:
            ends = None  # (start of the cue, end of the parts matched so far)
            for part in part_labels:
                at = parts.get(part)
                if not at:
                    ends = None
                    break
                if ends is None:
                    ends = {(s, e) for s, es in at.items() for e in es}
                    continue
                if punct is None:
                    punct = doc.to_array(IS_PUNCT).tolist()
                following = set()
                for s, e in ends:
                    for pos in range(e, min(e + MAX_GAP, len(punct)) + 1):
                        if pos > e and punct[pos - 1]:
                            break
                        for e2 in at.get(pos, ()):
                            following.add((s, e2))
                ends = following
                if not ends:
                    break
            if ends:
                joined.update((label_id, s, e) for s, e in ends)
        return joined


def refresh_cues(nlp: Language, lexicon: Lexicon | None = None) -> None:
    ruler = nlp.get_pipe("cue_ruler")
    ruler.clear()
    lemmatizer = nlp.get_pipe("legal_lemmatizer")

    def lemmatize(text: str) -> list[str]:
        return [t.lemma_ for t in lemmatizer(nlp.make_doc(text)) if not t.is_space]

    patterns, gaps, bridges = cue_patterns(lexicon or load_lexicon(), lemmatize)
    ruler.add_patterns(patterns)
    ruler.spans_filter = None
    ruler.match = types.MethodType(CueMatches(gaps, nlp.vocab.strings, bridges), ruler)


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


PLACEHOLDER_TOKENIZER = "clauselens.placeholder_tokenizer.v1"


@spacy.registry.tokenizers(PLACEHOLDER_TOKENIZER)
def _placeholder_tokenizer():
    """A tokenizer without rules, for a pipeline whose saved tokenizer is read next."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def load(path: Path | None = None) -> Language:
    """The trained pipeline from resources/pipeline, or an untrained one when none is there."""
    path = Path(path or paths.trained_pipeline())
    if not (path / "config.cfg").exists():
        return build(with_textcat=False)
    # What spacy.load(path) does, but with two steps fewer (0.15 s of every start): the
    # tokenizer is not first built from the config's defaults, only to be replaced by the saved
    # one (from_disk resets every setting of the tokenizer before reading it), and the span
    # ruler's saved patterns are not read, since refresh_cues replaces them at once.
    config = spacy.util.load_config(path / "config.cfg")
    tokenizer = config["nlp"]["tokenizer"]
    if (path / "tokenizer").exists():
        config["nlp"]["tokenizer"] = {"@tokenizers": PLACEHOLDER_TOKENIZER}
    nlp = spacy.util.load_model_from_config(config, meta=spacy.util.get_model_meta(path))
    nlp.from_disk(path, exclude=["cue_ruler"])
    nlp.config["nlp"]["tokenizer"] = tokenizer  # the config says what the saved tokenizer is
    nlp.max_length = MAX_LENGTH
    customise_tokenizer(nlp)
    refresh_cues(nlp)
    return nlp
