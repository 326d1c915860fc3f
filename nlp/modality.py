"""Modality and the bound party of every sentence: is it a prohibition, a permission, an
obligation, a definition, a condition or a plain statement, and whom does it bind?

A list item without a modal word of its own takes the modality of the sentence that introduces
the list ("You agree not to:") or of a heading that announces prohibitions ("Prohibited uses").
"""

from __future__ import annotations

import bisect
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
_MARKER_START = re.compile(r"^\s*(?:\(?[a-zA-Z]{1,4}\)|\(?\d{1,3}\)|\d{1,3}(?:\.\d{1,3})*\.?|[ivxlc]{1,5}\.|[-*•–])\s")
MODAL_CUES = ("PROHIBIT", "PERMIT", "OBLIGE")
SUBJECT_WINDOW = 30  # characters from the start of a sentence where its subject is named


_HEADING_TEXT = re.compile(
    r"^\s*(?:(?:section|article|clause)\s+)?[\divxlcIVXLC.()]*\s*([^.:]{1,80})[.:]?(?:\s+\(?[a-z]{1,3}[.)])?\s*$", re.I)


# "You and Northwind agree to the following arbitration provisions:" announces what follows.
_ANNOUNCEMENT = re.compile(r"\bthe following\s+(?:[\w-]+\s+){0,6}(?:provisions|terms|rules|sections)\s*:\s*$", re.I)


def _looks_like_heading(text: str) -> bool:
    """ "7. Governing Law and Jurisdiction." — a short title in title case or capitals."""
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


def _first(cues: dict, name: str) -> int | None:
    """Where the first cue ``name`` of a sentence starts."""
    found = cues.get(name)
    return min(found)[0] if found else None


def classify(text: str, start: int, cues: dict, provider_names: tuple[str, ...]) -> tuple[str, str]:
    """(modality, party) of one sentence from its cues; offsets in ``cues`` are absolute."""
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


def _party(text, start, cues, first_modal, provider_names) -> str:
    """The party bound: the subject named before the modal verb; an imperative ("Do not use",
    "Never ...") binds the reader, who is the licensee. Without a modal verb only a party named
    at the start counts (a list item's "... that compete with Northwind" names no subject)."""
    licensee = _first(cues, "LICENSEE")
    provider = _first(cues, "PROVIDER")
    for name in provider_names:
        at = text.find(name)
        if at != -1 and (provider is None or start + at < provider):
            provider = start + at
    limit = first_modal if first_modal is not None else start + SUBJECT_WINDOW
    before = [(pos, p) for pos, p in ((licensee, "licensee"), (provider, "provider"))
              if pos is not None and pos <= limit]
    if before:
        return min(before)[1]
    if first_modal is not None and first_modal - start <= 12:
        return "licensee"
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
        if found is None or len(group) != len(found) + len(regex_found):
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
            info.heading = kind == "heading" or _looks_like_heading(text) or bool(_ANNOUNCEMENT.search(text))
            has_modal = any(c in cues for c in MODAL_CUES)
            continues = (prev is not None and prev_text.endswith((";", "; and", "; or", ",", "；"))
                         and prev.modality in ("prohibition", "obligation", "permission"))
            if info.in_list and continues and not has_modal:
                # "(b) ..." after "... must not (a) ...;": the enumeration continues its sentence.
                info.modality, info.inherited = prev.modality, True
                if info.party == "none":
                    info.party = prev.party
            elif info.in_list and lead is not None and not has_modal:
                info.modality, info.inherited = lead.modality, True
                if info.party == "none":
                    info.party = lead.party
            elif (info.in_list and not has_modal and heading and _PROHIBITING_HEADING.search(heading)
                  and not text.endswith(":")):
                info.modality, info.inherited = "prohibition", True
            if text.endswith((":", "：")):
                info.lead_in = True
                cues["LEAD_IN"] = [(info.start, info.end)]
                lead = info
            elif not info.in_list:
                lead = None
            infos.append(info)
            prev, prev_text = info, text
        doc._.sentences = infos
        return doc

    return annotate
