"""Small rule components: lowercase lookup lemmas, legal sentence boundaries, regex cues."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy
from spacy.attrs import IDX, LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp import outputs

ABBREVIATIONS = {
    "e.g.", "i.e.", "inc.", "ltd.", "co.", "corp.", "no.", "nos.", "u.s.", "v.", "vs.", "etc.", "sec.",
    "art.", "st.", "mr.", "ms.", "dr.", "cf.", "para.", "approx.", "u.k.", "l.l.c.", "s.a.", "pte.",
    "b.v.", "n.a.", "jr.", "sr.", "fig.", "ch.", "pp.", "p.", "al.", "incl.", "excl.", "dept.",
}
SENT_END = {".", "!", "?", "。", "！", "？"}
LONG_SENTENCE = 400  # characters after which a semicolon also ends a sub-clause
_MARKER = re.compile(r"^(?:\(?[a-zA-Z]{1,4}\)|\(?\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,5}\.)$")


def _lemma_table() -> dict:
    """spacy-lookups-data's English lemma_lookup table as the plain dict it is stored as: the same
    forms as load_lookups(...).get_table(...) gives, without hashing each of its 40,000 keys into
    a spaCy Table (a tenth of a second at every start)."""
    from spacy.util import load_language_data, registry

    data = registry.lookups.get("en") if "en" in registry.lookups else {}
    if "lemma_lookup" not in data:
        from spacy.lookups import load_lookups  # raises spaCy's own error about the missing data

        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    return load_language_data(data["lemma_lookup"])


@Language.factory("legal_lemmatizer", default_config={})
def make_legal_lemmatizer(nlp: Language, name: str):
    """Lowercase dictionary forms from spacy-lookups-data, so "Prohibited" matches "prohibit"."""
    table = _lemma_table()
    # A handful of forms the general table lacks or gets wrong for legal English.
    extra = {"distilling": "distill", "distilled": "distill", "distils": "distil", "us": "us",
             "outputs": "output", "licensee's": "licensee", "fine-tuning": "fine-tune",
             "fine-tuned": "fine-tune", "scraping": "scrape", "crawling": "crawl",
             "n’t": "not", "n't": "not", "ca": "can", "wo": "will", "’s": "'s"}
    strings = nlp.vocab.strings
    cache: dict[int, int] = {}  # hash of the lowercase form -> hash of its lemma

    def lemma_of(lower: str) -> str:
        lemma = extra.get(lower) or table.get(lower, lower)
        # Once more, so that every form of a word lands on one key ("proceedings" ->
        # "proceeding" -> "proceed"); cue phrases go through the same step.
        return (extra.get(lemma) or table.get(lemma, lemma)).lower()

    def lemmatize(doc: Doc) -> Doc:
        # Arrays, not Token objects: creating a Token per word costs more than the lookup.
        lowers = doc.to_array(LOWER)
        lemmas = list(map(cache.get, lowers.tolist()))
        if None in lemmas:
            for i, lemma in enumerate(lemmas):
                if lemma is None:
                    key = int(lowers[i])
                    lemma = cache.get(key)
                    if lemma is None:
                        lemma = cache[key] = strings.add(lemma_of(strings[key]))
                    lemmas[i] = lemma
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=lowers.dtype).reshape(-1, 1))
        return doc

    return lemmatize


_END_CHARS = frozenset("".join(SENT_END) + ";:；：")


class _Texts:
    """The text of token i of a doc, looked up when asked for."""

    def __init__(self, orth: list[int], strings):
        self.orth, self.strings = orth, strings

    def __len__(self) -> int:
        return len(self.orth)

    def __getitem__(self, i: int) -> str:
        return self.strings[self.orth[i]]


def _starts_marker(texts, i: int) -> bool:
    """A list marker such as "(a)", "(iv)", "2)" begins at token i."""
    if i >= len(texts):
        return False
    if texts[i] == "(" and i + 2 < len(texts) and texts[i + 2] == ")" and len(texts[i + 1]) <= 4:
        return True
    return bool(_MARKER.match(texts[i])) and texts[i] not in ("a", "i", "I")


@Language.factory("legal_sentencizer", default_config={"long_sentence": LONG_SENTENCE})
def make_legal_sentencizer(nlp: Language, name: str, long_sentence: int):
    """Sentence and sub-clause boundaries for legal text.

    Boundaries: every line break (blocks are separated by line breaks); a full stop, question or
    exclamation mark followed by a capital, digit, quote or bracket (not after an abbreviation or
    a bare clause number); a semicolon or colon followed by a list marker ("; (b)"); and, in a
    sentence already longer than ``long_sentence`` characters, any semicolon.
    """

    may_end: dict[int, bool] = {}  # hash of a token's text -> can a sentence start after it?

    def ends_here(orth: int, strings) -> bool:
        text = strings[orth]
        return text[-1:] in _END_CHARS or ("\n" in text and not text.strip())

    def set_boundaries(doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        strings = doc.vocab.strings
        orth, idx = (doc.to_array([ORTH, IDX]).T.tolist())
        texts = _Texts(orth, strings)  # token texts without building Token objects
        starts = numpy.full((n, 1), -1, dtype="int64")  # -1: not a sentence start
        starts[0, 0] = 1
        # Only a token after a line break, a stop, a semicolon or a colon can start a sentence:
        # the rules below are tried there only. The tokens since the sentence start are
        # counted as i - counted_from (the first sentence counts from token 1).
        candidates = []
        for i in range(1, n):
            o = orth[i - 1]
            end = may_end.get(o)
            if end is None:
                end = may_end[o] = ends_here(o, strings)
            if end:
                candidates.append(i)
        sent_start_char = 0
        counted_from = 1
        for i in candidates:
            text, prev = texts[i], texts[i - 1]
            sent_tokens = i - counted_from
            start = False
            if "\n" in prev and not prev.strip():
                start = True
            elif not text.strip():
                start = False
            elif prev in SENT_END or (prev.endswith(".") and len(prev) > 1
                                      and prev.lower() not in ABBREVIATIONS
                                      and not prev.rstrip(".").replace(",", "").isdigit()
                                      and not _MARKER.match(prev)):
                first = text[0]
                if (first.isupper() or first.isdigit() or first in "\"“‘'(["
                        or "\u4e00" <= first <= "\u9fff"):
                    # "1. Definitions": a bare number before the stop is a clause number.
                    bare = sent_tokens <= 2 and _MARKER.match(texts[i - 2] if i >= 2 else "")
                    start = not bare
            elif prev in (";", ":", "；", "：") and _starts_marker(texts, i):
                start = True
            elif prev in (";", "；") and idx[i] - sent_start_char > long_sentence:
                start = True
            if start:
                starts[i, 0] = 1
                sent_start_char = idx[i]
                counted_from = i
        # One bulk write: setting is_sent_start token by token rescans the doc every time.
        doc.from_array([SENT_START], starts.astype("uint64"))
        return doc

    return set_boundaries


_PLAIN_OUTPUT = re.compile(r"(?i:outputs?|completions?)$")  # already cues of their own


class _LazyPattern:
    """A regular expression compiled on its first use."""

    def __init__(self, source: str):
        self.source = source
        self.compiled: re.Pattern | None = None

    def finditer(self, text: str):
        if self.compiled is None:
            self.compiled = re.compile(self.source)
        return self.compiled.finditer(text)


@Language.factory("regex_cues", default_config={"spans_key": "cues"})
def make_regex_cues(nlp: Language, name: str, spans_key: str):
    """Cues written as regular expressions in cues.toml (for scripts without spaces, such as
    Chinese, where a word-based pattern cannot see inside a run of characters)."""
    from nlp.lexicon import first_chars, load_lexicon, regex_source

    sources = [(cue.name, regex_source(cue)) for cue in load_lexicon().cues.values() if cue.regex]
    # A pattern is run only on a text holding a character a match can start with, and compiled
    # only then: English documents never pay for compiling the Chinese expressions.
    starts = [first_chars(SimpleNamespace(pattern=source, flags=0)) for _, source in sources]
    compiled = [(name, _LazyPattern(source)) for name, source in sources]

    def find(doc: Doc) -> Doc:
        if not compiled:
            return doc
        context = doc.user_data.get("clauselens", {})
        text = context.get("text") or doc.text
        found, exact = [], []
        present = frozenset(text)  # once, rather than a scan of the text per character asked
        for (label, pattern), chars in zip(compiled, starts, strict=True):
            if chars is not None and chars.isdisjoint(present):
                continue
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None:
                    found.append(span)
                    # The span covers whole tokens (a run of Chinese is one token); the words
                    # that triggered are the match itself.
                    exact.append((label, m.start(), m.end(), span.start, span.end))
        terms = tuple(t for t in context.get("output_terms", ()) if not _PLAIN_OUTPUT.match(t))
        if terms:  # the document's own names for outputs ("Generations", "Model Output")
            for label, pattern in (("OBJ_OUTPUT", outputs.mention_pattern(terms)),
                                   ("OUTPUT_TERM", outputs.definition_pattern(terms))):
                for m in pattern.finditer(text):
                    span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                    if span is not None:
                        found.append(span)
                        exact.append((label, m.start(), m.end(), span.start, span.end))
        doc.user_data["regex_cues"] = exact
        if found and context.get("cue_spans", True):
            if spans_key in doc.spans:
                doc.spans[spans_key].extend(found)
            else:
                doc.spans[spans_key] = found
        return doc

    return find
