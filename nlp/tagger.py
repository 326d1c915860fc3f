"""The covenant tagger: rules from clause_library/patterns over each sentence's cues, modality
and entities, with the trained sentence classifier adding recall only where it is confident."""

from __future__ import annotations

import bisect
from dataclasses import replace

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from nlp.lexicon import Lexicon, Rule, load_lexicon
from nlp.types import SentenceInfo, TagResult, Trigger

if not Doc.has_extension("covenants"):
    Doc.set_extension("covenants", default=None)
if not Doc.has_extension("legal_entities"):
    Doc.set_extension("legal_entities", default=None)

SEVERITIES = ("low", "medium", "high")
DOUBT = 0.1  # a classifier score below this lowers a rule's confidence
REACH_CUES = {"OBJ_OUTPUT": "outputs", "OBJ_MODEL": "model", "OBJ_SERVICE": "service"}


def _lower(severity: str) -> str:
    return SEVERITIES[max(0, SEVERITIES.index(severity) - 1)] if severity in SEVERITIES else severity


class CovenantTagger:
    def __init__(self, nlp: Language, lexicon: Lexicon, model_threshold: float, textcat: str):
        self.nlp = nlp
        self.lexicon = lexicon
        self.model_threshold = model_threshold
        self.model_alone = max(model_threshold, 0.8)  # enough without any cue of the type
        self.textcat_name = textcat
        self.rules = [r for r in lexicon.rules if not r.fallback]
        self.fallbacks = [r for r in lexicon.rules if r.fallback]
        # What the classifier needs to see before it may add a tag: a cue its rules use.
        self.hints: dict[str, set[str]] = {}
        self.modalities: dict[str, set[str]] = {}
        for r in lexicon.rules:
            self.hints.setdefault(r.label, set()).update(c for g in r.all for c in g)
            self.modalities.setdefault(r.label, set()).update(r.modality)
        # Each rule is looked at only for sentences holding a cue of its first group.
        self.by_first_cue: dict[str, list[Rule]] = {}
        for r in self.rules:
            for cue in r.all[0]:
                self.by_first_cue.setdefault(cue, []).append(r)

    # -- rules -------------------------------------------------------------------------------
    def _fire(self, rule: Rule, info: SentenceInfo, ent_labels: set[str], text: str) -> TagResult | None:
        if info.modality not in rule.modality or info.party not in rule.party:
            return None
        if info.inherited and not rule.inherited:
            return None
        if any(c in info.cues for c in rule.none):
            return None
        if rule.entities and not ent_labels.intersection(rule.entities):
            return None
        triggers = []
        for group in rule.all:
            hits = [(s, e, c) for c in group for s, e in info.cues.get(c, ())]
            if not hits:
                return None
            s, e, c = min(hits)
            triggers.append(Trigger(c, s, e, text[s:e]))
        ctype = self.lexicon.types.get(rule.label)
        severity = ctype.severity if ctype else "medium"
        reaches = sorted({REACH_CUES[c] for c in REACH_CUES if c in info.cues})
        if rule.label == "anti_distillation" and {"outputs", "model"} <= set(reaches):
            severity = "high"
        # A list item under "You agree that you will not:" is as explicit as its lead-in.
        explicit = rule.explicit
        return TagResult(rule.label, info.start, info.end, rule.confidence, severity, explicit, "rule",
                         rule.why, rule.id, info.modality, info.party, triggers, reaches)

    def _rule_tags(self, info: SentenceInfo, ent_labels: set[str], text: str) -> dict[str, TagResult]:
        found: dict[str, TagResult] = {}
        seen: set[str] = set()
        candidates = [r for cue in info.cues for r in self.by_first_cue.get(cue, ())
                      if not (r.id in seen or seen.add(r.id))]
        for rules in (candidates, self.fallbacks):
            for rule in rules:
                tag = self._fire(rule, info, ent_labels, text)
                if tag and (tag.label not in found or tag.confidence > found[tag.label].confidence):
                    found[tag.label] = tag
            if found:
                break
        return found

    # -- classifier --------------------------------------------------------------------------
    def _textcat(self):
        try:
            pipe = self.nlp.get_pipe(self.textcat_name)
        except KeyError:
            return None
        return pipe if pipe.labels else None

    def _scores(self, text: str, infos: list[SentenceInfo], doc: Doc | None = None) -> list[dict[str, float]] | None:
        pipe = self._textcat()
        if pipe is None or not infos:
            return None
        try:
            bow = _bow_layers(pipe)
            if bow is not None and doc is not None and doc.text == text:
                return self._bow_scores(pipe, bow, infos, doc)
            docs = [self.nlp.make_doc(text[i.start:i.end]) for i in infos]
            # What pipe.pipe(docs, batch_size=256) leaves in each doc.cats, without setting it.
            labels = list(pipe.labels)
            cats = []
            for i in range(0, len(docs), 256):
                batch = docs[i:i + 256]
                if bow is not None and all(len(d) for d in batch):
                    extract, linear, output = bow
                    keys = _ngram_features(batch, extract.attrs["attr"], extract.attrs["ngram_size"],
                                           extract.ops)
                    scores = output.predict(linear.predict(keys))
                else:
                    scores = pipe.predict(batch)
                cats.extend(dict(zip(labels, row, strict=False)) for row in scores.tolist())
            return cats
        except (ValueError, AttributeError):  # an untrained classifier has no weights yet
            return None

    def _bow_scores(self, pipe, bow, infos: list[SentenceInfo], doc: Doc) -> list[dict[str, float]]:
        """The bag-of-words classifier's scores for each sentence, from the tokens the document
        already has (a sentence is not tokenized a second time)."""
        extract, linear, output = bow
        attr = extract.attrs["attr"]
        values = doc.to_array([attr]).astype("uint64")
        idx = doc.to_array([IDX]).tolist()
        labels = list(pipe.labels)
        cats: list[dict[str, float]] = []
        spans = [(bisect.bisect_left(idx, i.start), bisect.bisect_left(idx, i.end)) for i in infos]
        for k in range(0, len(spans), 256):
            batch = spans[k:k + 256]
            if any(a >= b for a, b in batch):  # a sentence without a token: the classifier decides
                docs = [doc[a:b].as_doc() if a < b else self.nlp.make_doc("") for a, b in batch]
                scores = pipe.predict(docs)
            else:
                keys = _ngram_features([values[a:b] for a, b in batch], attr, extract.attrs["ngram_size"],
                                       extract.ops)
                scores = output.predict(linear.predict(keys))
            cats.extend(dict(zip(labels, row, strict=False)) for row in scores.tolist())
        return cats

    def __call__(self, doc: Doc) -> Doc:
        infos: list[SentenceInfo] = doc._.sentences or []
        ents = doc._.legal_entities or []
        ent_starts = [e.start for e in ents]
        text = doc.user_data.get("clauselens", {}).get("text") or doc.text
        scores = self._scores(text, infos, doc)
        tag_sentence: dict[int, int] = {}
        tags: list[TagResult] = []
        lead: SentenceInfo | None = None
        for n, info in enumerate(infos):
            if info.lead_in:
                lead = info
            elif not info.in_list:
                lead = None
            if info.heading:
                continue
            if info.inherited and lead is not None and lead is not info:
                info = with_lead_cues(info, lead)
            lo = bisect.bisect_left(ent_starts, info.start)
            hi = bisect.bisect_left(ent_starts, info.end)
            ent_labels = {e.label for e in ents[lo:hi]}
            found = self._rule_tags(info, ent_labels, text)
            cats = scores[n] if scores else {}
            for label, tag in found.items():
                score = cats.get(label)
                tag.model_score = score
                if score is not None and score >= 0.5:
                    tag.confidence = min(0.99, tag.confidence + 0.03)
                    tag.source = "both"
                elif score is not None and score < DOUBT:
                    # The classifier, trained on other wordings of every type, sees nothing of
                    # this type here: the rule alone is less often right (measured), so say so.
                    tag.confidence = round(tag.confidence - 0.1, 3)
            for label, score in cats.items():
                if label in found or score < self.model_threshold:
                    continue
                if score < self.model_alone and not self.hints.get(label, set()).intersection(info.cues):
                    continue
                if info.modality not in self.modalities.get(label, set()):
                    continue
                ctype = self.lexicon.types.get(label)
                found[label] = TagResult(
                    label, info.start, info.end, round(0.45 + 0.3 * score, 3),
                    _lower(ctype.severity if ctype else "medium"), False, "model",
                    f"the trained classifier scores this sentence {score:.2f} for this type "
                    f"and it contains words this type's rules look for", "", info.modality, info.party,
                    [], sorted({REACH_CUES[c] for c in REACH_CUES if c in info.cues}), score)
            for tag in found.values():
                tag_sentence[id(tag)] = n
            tags.extend(found.values())
        doc._.covenants = merge_runs(tags, tag_sentence, infos)
        return doc


LEAD = "LEAD:"  # in a rule, "LEAD:USE_VERB" is a cue of the sentence introducing the list


def with_lead_cues(info: SentenceInfo, lead: SentenceInfo) -> SentenceInfo:
    """A list item that takes its modality from its lead-in ("You must not use the Model to:")
    also sees the lead-in's cues, under the prefix LEAD:."""
    cues = dict(info.cues)
    cues.update((LEAD + name, spans) for name, spans in lead.cues.items())
    return replace(info, cues=cues)


BOW = "with_cpu(extract_ngrams>>resizable(sparse_linear))>>with_cpu(logistic)"  # spacy.TextCatBOW.v3


def _bow_layers(pipe):
    """(extract_ngrams, sparse linear, output) layers of a bag-of-words textcat model on the CPU,
    or None for any other model (which then runs as it is)."""
    from thinc.api import NumpyOps

    model = pipe.model
    if model.name != BOW or not isinstance(model.ops, NumpyOps):
        return None
    extract, linear = model.layers[0].layers[0].layers
    if extract.name != "extract_ngrams" or not isinstance(extract.ops, NumpyOps):
        return None
    return extract, linear, model.layers[1]


def _ngram_features(docs: list, attr: int, ngram_size: int, ops):
    """What spaCy's extract_ngrams layer gives for ``docs`` (each doc's sorted distinct n-gram
    keys, their counts, and how many each doc has), computed for the whole batch at once rather
    than doc by doc. Every doc must have a token; a doc may also be given as the array of its
    tokens' ``attr`` values."""
    arrays = [d if isinstance(d, numpy.ndarray) else d.to_array([attr]) for d in docs]
    lengths = [len(a) for a in arrays]
    unigrams = numpy.ascontiguousarray(numpy.concatenate(arrays).reshape(-1), dtype="uint64")
    doc_of = numpy.repeat(numpy.arange(len(docs)), lengths)
    doc_end = numpy.repeat(numpy.cumsum(lengths), lengths)  # where each token's doc ends
    position = numpy.arange(len(unigrams))
    keys, owners = [unigrams], [doc_of]
    for n in range(2, ngram_size + 1):
        grams = numpy.asarray(ops.ngrams(n, unigrams))  # every window, across docs too
        inside = position[:len(grams)] + n <= doc_end[:len(grams)]
        keys.append(grams[inside])
        owners.append(doc_of[:len(grams)][inside])
    key = numpy.concatenate(keys)
    owner = numpy.concatenate(owners)
    order = numpy.lexsort((key, owner))
    key, owner = key[order], owner[order]
    new = numpy.ones(len(key), dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (owner[1:] != owner[:-1])
    first = numpy.flatnonzero(new)
    counts = numpy.diff(numpy.append(first, len(key)))
    per_doc = numpy.bincount(owner[first], minlength=len(docs))
    return key[first], ops.asarray(counts, dtype="f"), ops.asarray(per_doc, dtype="int32")


MAX_MERGED = 1200  # characters: evidence stays a few sentences, never a whole section


def merge_runs(tags: list[TagResult], sentence_of: dict[int, int],
               infos: list[SentenceInfo]) -> list[TagResult]:
    """One tag for a run of consecutive sentences of one paragraph or list item that carry the
    same covenant type (list items stay apart: each is a clause of its own)."""
    last: dict[str, tuple[TagResult, int]] = {}
    out: list[TagResult] = []
    for tag in sorted(tags, key=lambda t: (t.start, t.label)):
        n = sentence_of[id(tag)]
        prev = last.get(tag.label)
        if prev is not None:
            held, m = prev
            info = infos[n]
            adjacent = all(infos[k].heading for k in range(m + 1, n))
            same_unit = infos[m].block == info.block
            if adjacent and same_unit and tag.end - held.start <= MAX_MERGED:
                held.end = tag.end
                held.triggers.extend(tag.triggers)
                held.reaches = sorted(set(held.reaches) | set(tag.reaches))
                if tag.confidence > held.confidence:
                    held.confidence, held.why, held.rule = tag.confidence, tag.why, tag.rule
                    held.source, held.severity = tag.source, tag.severity
                held.explicit = held.explicit or tag.explicit
                last[tag.label] = (held, n)
                continue
        out.append(tag)
        last[tag.label] = (tag, n)
    return out


@Language.factory("covenant_tagger",
                  default_config={"model_threshold": 0.9, "textcat": "textcat_multilabel"})
def make_covenant_tagger(nlp: Language, name: str, model_threshold: float, textcat: str):
    return CovenantTagger(nlp, load_lexicon(), model_threshold, textcat)
