"""Modality and the bound party of every sentence: is it a prohibition, a permission, an
obligation, a definition, a condition or a plain statement, and whom does it bind?

A list item without a modal word of its own takes the modality of the sentence that introduces
the list ("You agree not to:") or of a heading that announces prohibitions ("Prohibited uses").
"""

from __future__ import annotations

import bisect
import functools
import re

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp.types import SentenceInfo

if not Doc.has_extension("sentences"):
    Doc.set_extension("sentences", default=None)

_QUOTED_TERM = re.compile(r"[\"“‘']\**[A-Z][\w .&/-]{0,48}\**[\"”’']")
_PROHIBITING_HEADING = re.compile(
    r"prohibit|restrict|you (?:may|shall|must|will) not|do not|don['’]t|not (?:allowed|permitted)|"
    r"acceptable use|use polic|limitations on use|conduct", re.I)
_MARKER_START = re.compile(r"^\s*(?:(?:\(?[a-zA-Z]{1,4}\)|\(?\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,5}\.|[-*•–])\s"
                           r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
# The words after a marker: an item that goes on with its lead-in's sentence starts in lower case.
_AFTER_MARKER = re.compile(r"^\s*(?:\(?[a-zA-Z]{1,4}\)|\(?\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,5}\.|[-*•–])?\s*")
# "may" and "may not" that say what can happen, not what is allowed: "Output may not always be
# accurate", "Outputs may contain errors". (A passive such as "may not be used" stays a rule.)
_EPISTEMIC = re.compile(
    r"\s+(?:not\s+)?(?:always\s+|necessarily\s+|sometimes\s+|occasionally\s+|also\s+)?(?:"
    r"be\s+(?:always\s+|fully\s+|entirely\s+|completely\s+)?(?:accurate|inaccurate|complete|incomplete|correct|"
    r"incorrect|reliable|unreliable|available|unavailable|unique|suitable|appropriate|error|true|false|"
    r"up[- ]to[- ]date|current|free of|similar|identical|offensive|harmful|biased|misleading|"
    r"able to|the same|different|subject to|interrupted|uninterrupted|secure)"
    r"|contain|include|reflect|vary|differ|change|resemble|infringe|omit|fail|produce|generate|return|"
    r"result in|lead to|not work|work)\b", re.I)
_MAYBE = re.compile(r"\b(?:may|might|could|can)\b", re.I)
_PAST = re.compile(r"did\b", re.I)  # "content the user did not ask for" forbids nothing
# "they do not describe the licence": a description, not an order to anyone.
_NUMBERED_TITLE = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s+([A-Z][A-Za-z’'-]*(?:\s+[A-Za-z’'-]+){0,5})\.?\s*$")
_TITLE_VERB = re.compile(r"\b(?:is|are|was|were|be|will|shall|may|must|can|apply|applies|means|mean|has|have|"
                         r"do|does|ends?|survives?|governs?)\b", re.I)
_PLEASE = re.compile(r"\bplease\s+$", re.I)
_IMPERATIVE_START = re.compile(r"\W*(?:(?:\(?[a-zA-Z0-9]{1,3}[.)]|[-*•–])\s*)?$")
_DOES_NOT = re.compile(r"(?:do|does)(?:\s+not|n['’]t)\b", re.I)
# What may stand before an order: nothing, a list marker, a stop, or "and", "or", "please".
_ORDER_BEFORE = re.compile(r"(?:^\W*(?:(?:\(?[a-zA-Z0-9]{1,3}[.)]|[-*•–])\s*)?|[;:,(]\s*|\b(?:and|or|but|please|then|also)\s+)$",
                           re.I)
_DESCRIBES = re.compile(r"\b(?:they|it|this|these|those|he|she|there)\s+$", re.I)
# "Nothing in this Agreement prevents you from ...": a permission, whatever words follow.
_NOTHING_PREVENTS = re.compile(
    r"^\W*(?:[\d.()a-z]{1,8}\s+)?nothing\s+in\s+[^.;:]{0,80}?\b(?:shall\s+|will\s+|is\s+intended\s+to\s+)?"
    r"(?:prevent|prohibit|restrict|limit|preclude|stop|bar)s?\s+(?:[\w'’-]+\s+){1,4}?from\b", re.I)
# A lead-in that makes what follows the conditions of a permission.
_CONDITIONS_FOLLOW = re.compile(
    r"(?:provided(?:\s*,\s*however\s*,)?\s+that|on\s+condition\s+that|subject\s+to\s+the\s+following|"
    r"as\s+long\s+as|only\s+if|on\s+the\s+following\s+conditions)[^.;:]{0,60}[:：]\s*$", re.I)
_EXCEPTIONS_FOLLOW = re.compile(r"\b(?:except|unless|other\s+than|save)(?:\s+(?:as\s+follows|for|in|the\s+following))?"
                                r"\s*[:：]\s*$", re.I)
# "If ..., ", "When ..., ", "Without ...'s consent, ", "未经……同意，": a clause before the subject.
_OPENING_CLAUSE = re.compile(
    r"^\W*(?:[\d.()a-z]{1,8}\s+)?(?:(?i:if|when|where|whenever|unless|without|except|once|while|after|before|"
    r"upon|in\s+the\s+event)\b[^,;:.]{1,200},\s*|(?:如果|如|若|当|在|未经|除非)[^，。；：]{1,60}，)")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_HEAD_MARK = re.compile(r"^\s*(?:第[一二三四五六七八九十百\d]{1,4}[条章节部分]|[一二三四五六七八九十]{1,3}、|"
                            r"[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}(?:\.\d{1,3})*\.?)\s*")
_CJK_RULE_WORD = re.compile(r"禁止|严禁|不得|不能|不可|不准|须|应|适用|管辖|可以|有权|同意|负责")
_CJK_SENTENCE = re.compile(r"[，。；：,;:!?！？\"“”「」]|不得|应当|必须|可以|是指")
MODAL_CUES = ("PROHIBIT", "PERMIT", "OBLIGE")
SUBJECT_WINDOW = 30  # characters from the start of a sentence where its subject is named


_HEADING_TEXT = re.compile(
    r"^\s*(?:(?:section|article|clause)\s+)?[\divxlcIVXLC.()]*\s*([^.:]{1,80})[.:]?(?:\s+\(?[a-z]{1,3}[.)])?\s*$", re.I)


# "You and Northwind agree to the following arbitration provisions:" announces what follows.
_ANNOUNCEMENT = re.compile(r"\bthe following\s+(?:[\w-]+\s+){0,6}(?:provisions|terms|rules|sections)\s*:\s*$", re.I)


def _looks_like_heading(text: str) -> bool:
    """ "7. Governing Law and Jurisdiction." — a short title in title case or capitals;
    "第六条 知识产权与输出" — a short Chinese title with no sentence punctuation."""
    if len(text) > 160:
        return False
    if _CJK.search(text):
        marked = _CJK_HEAD_MARK.match(text)
        rest = text[marked.end():].strip() if marked else text.strip()
        if not 0 < len(rest) <= 60 or _CJK_SENTENCE.search(rest):
            return False
        # A numbered title ("第六条 知识产权与输出"), or a short line with no verb of a rule.
        return bool(marked and marked.group().strip()) or (len(rest) <= 20 and not _CJK_RULE_WORD.search(rest))
    # Besides its (at most 8) words, a title has at most 4 more: "Section", a number, a stop set
    # apart, "(a)". A longer text cannot be one, and trying the pattern on it is slow.
    if len(text.split(None, 12)) > 12:
        return False
    m = _HEADING_TEXT.match(text)
    if not m:
        return False
    words = m.group(1).split()
    if not 0 < len(words) <= 8:
        return False
    small = {"and", "of", "or", "the", "to", "in", "on", "for", "a", "an", "by", "with", "&", ";"}
    return all(w[0].isupper() or w.lower() in small or not w[0].isalpha() for w in words)


def _numbered_title(text: str, cues: dict) -> bool:
    """ "7.2 Binding arbitration." — a numbered title in sentence case: a few words, no verb, and
    none of the words that make a sentence of it ("12. Acme claims no rights in Outputs.")."""
    numbered = _NUMBERED_TITLE.match(text)
    return bool(numbered) and not _TITLE_VERB.search(numbered.group(1)) and not any(
        c in cues for c in _SENTENCE_CUES)


_SENTENCE_CUES = ("PROHIBIT", "PERMIT", "OBLIGE", "OUTPUT_RIGHTS", "DEFINE", "USE_VERB", "TRAIN",
                  "LICENSEE", "PROVIDER", "CONDITION")


def _first(cues: dict, name: str) -> int | None:
    """Where the first cue ``name`` of a sentence starts."""
    found = cues.get(name)
    return min(found)[0] if found else None


def classify(text: str, start: int, cues: dict, provider_names: tuple[str, ...]) -> tuple[str, str]:
    """(modality, party) of one sentence from its cues; offsets in ``cues`` are absolute."""
    nothing = _NOTHING_PREVENTS.match(text)
    if nothing:  # "Nothing in this Section stops you from ...": the one it does not stop is bound
        named = any(s < start + nothing.end() for s, _ in cues.get("LICENSEE", ()))
        return "permission", "licensee" if named else _party(text, start, cues, None, provider_names)
    cues = _without_epistemic(text, start, cues)
    prohibit = _first(cues, "PROHIBIT")
    permit = _first(cues, "PERMIT")
    oblige = _first(cues, "OBLIGE")
    define = _first(cues, "DEFINE")
    condition = _first(cues, "CONDITION")
    first_modal = min((x for x in (prohibit, permit, oblige) if x is not None), default=None)
    if define is not None and (_QUOTED_TERM.search(text) or define - start < 60) and (
            first_modal is None or define < first_modal):
        modality = "definition"
    elif prohibit is not None and not (condition is not None and condition < prohibit
                                       and (permit is not None and permit > prohibit)):
        modality = "prohibition"
    elif condition is not None and condition - start < 12:
        modality = "condition"
    elif permit is not None and (oblige is None or permit <= oblige):
        modality = "permission"
    elif oblige is not None:
        modality = "obligation"
    else:
        modality = "statement"
    party = _party(text, start, cues, first_modal, provider_names)
    return modality, party


def _not_a_rule(text: str, start: int, name: str, s: int, e: int, cues: dict) -> bool:
    """A modal cue that only says what may happen ("Outputs may contain errors", "could",
    "might"), what happened ("did not") or what something is ("they do not describe"). "You may
    not include Outputs ..." has a party as its subject: a rule, whatever verb follows."""
    word = text[s - start:e - start]
    if _PAST.match(word):
        return True
    if name == "PROHIBIT" and _DESCRIBES.search(text, max(0, s - start - 12), s - start):
        return True
    if name == "PROHIBIT" and _DOES_NOT.match(word) and not _ORDER_BEFORE.search(text, 0, s - start) and not any(
            s - 16 <= q and p < s for label in ("LICENSEE", "PROVIDER") for p, q in cues.get(label, ())):
        return True  # "models that do not compete", "those models do not": a description, not an order
    if not _MAYBE.search(word):
        return False
    if word.lower() in ("could", "might"):
        return True
    return bool(_EPISTEMIC.match(text, e - start)) and not _party_is_subject(cues, s)


def _party_is_subject(cues: dict, modal: int) -> bool:
    """A party is named before the modal word, with no mention of outputs between them
    ("Outputs you generate may contain errors" is about the outputs)."""
    party = max((p for label in ("LICENSEE", "PROVIDER") for p, _ in cues.get(label, ()) if p < modal),
                default=None)
    if party is None:
        return False
    return not any(party <= p and q <= modal for p, q in cues.get("OBJ_OUTPUT", ()))


def _without_epistemic(text: str, start: int, cues: dict) -> dict:
    """The cues without the modal words that state no rule (see ``_not_a_rule``)."""
    if not any(_not_a_rule(text, start, name, s, e, cues) for name in ("PROHIBIT", "PERMIT")
               for s, e in cues.get(name, ())):
        return cues
    out = dict(cues)
    for name in ("PROHIBIT", "PERMIT"):
        if name in out:
            kept = [(s, e) for s, e in out[name] if not _not_a_rule(text, start, name, s, e, cues)]
            if kept:
                out[name] = kept
            else:
                del out[name]
    return out


@functools.lru_cache(maxsize=256)
def _name_pattern(name: str) -> re.Pattern:
    """The provider's name as a word, not as the adjective of a product ("Orbit models")."""
    edge = r"\b" if name[:1].isascii() and name[-1:].isascii() else ""
    return re.compile(rf"{edge}{re.escape(name)}{edge}(?!\s+(?:models?|outputs?|materials?|services?|api|platform|"
                      rf"products?|software|weights?|llms?)\b)")


def _party(text, start, cues, first_modal, provider_names) -> str:
    """The party bound: the subject named before the modal verb; an imperative ("Do not use",
    "Never ...") binds the reader, who is the licensee. Without a modal verb only a party named
    at the start counts (a list item's "... that compete with Northwind" names no subject).
    An opening clause is passed over: in "If you join the programme, Nimbara may use ...", and
    "Without the Customer's consent, Yunshu will not ...", the subject follows the comma."""
    opening = _OPENING_CLAUSE.match(text)
    if opening and (first_modal is None or start + opening.end() <= first_modal):
        subject_from = start + opening.end()
    else:
        subject_from = start
    names = []
    for label in ("LICENSEE", "PROVIDER"):
        names.append(min((s for s, _ in cues.get(label, ()) if s >= subject_from), default=None))
    licensee, provider = names
    for name in provider_names:
        m = _name_pattern(name).search(text, subject_from - start)
        if m and (provider is None or start + m.start() < provider):
            provider = start + m.start()
    if first_modal is not None and _PLEASE.search(text, 0, first_modal - start):
        return "licensee"  # "..., so please don't:" asks the reader
    limit = first_modal if first_modal is not None else subject_from + SUBJECT_WINDOW
    before = [(pos, p) for pos, p in ((licensee, "licensee"), (provider, "provider"))
              if pos is not None and pos <= limit]
    if before:
        return min(before)[1]
    if first_modal is not None and _IMPERATIVE_START.match(text, subject_from - start, first_modal - start):
        return "licensee"  # "Do not ...", "(b) never ...": the reader is told
    return "none"


@Language.factory("modality", default_config={"spans_key": "cues"})
def make_modality(nlp: Language, name: str, spans_key: str):
    def annotate(doc: Doc) -> Doc:
        context = doc.user_data.get("clauselens", {})
        doc_text = context.get("text") or doc.text
        providers = tuple(context.get("provider_names", ()))
        blocks = context.get("blocks", ())  # (start, end, kind, heading_text)
        # Sentences, character offsets and cues from arrays: Span and Token objects cost more.
        array = doc.to_array([IDX, LENGTH, SENT_START])
        idx = array[:, 0].tolist()
        ends = (array[:, 0] + array[:, 1]).tolist()
        # As doc.sents: a sentence at token 0, and at every later token whose SENT_START is 1.
        first_tokens = [0] + (numpy.flatnonzero(array[1:, 2] == 1) + 1).tolist() if len(idx) else []
        last_tokens = first_tokens[1:] + [len(idx)] if first_tokens else []
        starts = [idx[i] for i in first_tokens]  # character offsets, as Span.start_char/end_char
        stops = [ends[i - 1] for i in last_tokens]
        sentence_of: list[int] = []  # token -> sentence
        for n, (i, j) in enumerate(zip(first_tokens, last_tokens, strict=True)):
            sentence_of += [n] * (j - i)
        by_sentence: list[dict] = [{} for _ in starts]
        regex_found = doc.user_data.get("regex_cues") or ()
        regex_tokens = {(label, ts, te) for label, _, _, ts, te in regex_found}
        for label, start, end, _, _ in regex_found:  # exact character offsets of regex cues
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0:
                by_sentence[i].setdefault(label, []).append((start, end))
        group = doc.spans.get(spans_key, [])
        found = doc.user_data.get("cue_ruler")  # what the span ruler put first in the group
        if not context.get("cue_spans", True) and found is not None:
            pass  # the cues were never made into Spans: the ruler's list is the whole story
        elif found is None or len(group) != len(found) + len(regex_found):
            found = [(span.label_, span.start, span.end) for span in group]
        for label, start, end in found:
            if regex_tokens and (label, start, end) in regex_tokens:
                continue  # a regex cue: its exact character offsets are already listed
            cues = by_sentence[sentence_of[start]]
            offsets = (idx[start], ends[end - 1])
            if label in cues:
                cues[label].append(offsets)
            else:
                cues[label] = [offsets]
        infos: list[SentenceInfo] = []
        lead: SentenceInfo | None = None
        prev: SentenceInfo | None = None
        prev_text = ""
        block_i = 0
        for s_start, s_end, cues in zip(starts, stops, by_sentence, strict=True):
            text = doc_text[s_start:s_end].rstrip()
            if not text.strip():
                continue
            while block_i + 1 < len(blocks) and blocks[block_i][1] <= s_start:
                block_i += 1
            block = blocks[block_i] if blocks and blocks[block_i][0] <= s_start < blocks[block_i][1] else None
            kind = block[2] if block else "paragraph"
            heading = block[3] if block else ""
            if len(text) > 30 and text.isupper():
                cues["ALL_CAPS"] = [(s_start, s_start + len(text))]
            modality, party = classify(text, s_start, cues, providers)
            info = SentenceInfo(s_start, s_start + len(text), modality, party, cues,
                                block=block_i if block else -1)
            info.in_list = kind == "list_item" or bool(_MARKER_START.match(text))
            info.heading = (kind == "heading" or _looks_like_heading(text) or _numbered_title(text, cues)
                            or bool(_ANNOUNCEMENT.search(text)))
            has_modal = any(c in cues for c in MODAL_CUES)
            if has_modal and info.in_list and lead is not None:
                # "(j) to read the emotions of pupils, except where this is needed ...": an item
                # that goes on with its lead-in's sentence keeps the lead-in's modality even with
                # a modal word deep inside it; "(a) You may ..." has a modality of its own.
                body = _AFTER_MARKER.sub("", text, count=1)
                first_modal = min(p for c in MODAL_CUES for p, _ in cues.get(c, ()))
                has_modal = not (body[:1].islower() and first_modal - s_start > len(text) - len(body) + 20)
            continues = (prev is not None and prev_text.endswith((";", "; and", "; or", ",", "；"))
                         and prev.modality in ("prohibition", "obligation", "permission"))
            if info.in_list and continues and not has_modal:
                # "(b) ..." after "... must not (a) ...;": the enumeration continues its sentence.
                info.modality, info.inherited = prev.modality, True
                if info.party == "none":
                    info.party = prev.party
            elif info.in_list and lead is not None and not has_modal and modality != "definition":
                # "You may distribute it, provided that you:" — its items are duties.
                if _CONDITIONS_FOLLOW.search(doc_text, lead.start, lead.end):
                    info.modality = "obligation"
                elif _EXCEPTIONS_FOLLOW.search(doc_text, lead.start, lead.end):
                    info.modality = "permission"  # "You shall not use the Model except:" lists what is allowed
                else:
                    info.modality = lead.modality
                info.inherited = True
                if info.party == "none":
                    info.party = lead.party
            elif (info.in_list and not has_modal and heading and _PROHIBITING_HEADING.search(heading)
                  and not text.endswith(":")):
                info.modality, info.inherited = "prohibition", True
            if text.endswith((":", "：")):
                info.lead_in = True
                cues["LEAD_IN"] = [(info.start, info.end)]
                lead = info
            elif not info.in_list and not (prev is not None and prev.in_list and prev.block == info.block != -1):
                lead = None  # (a second sentence of the same list item keeps the list going)
            infos.append(info)
            prev, prev_text = info, text
        doc._.sentences = infos
        return doc

    return annotate
