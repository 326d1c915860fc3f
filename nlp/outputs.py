"""The names a document gives its outputs. "Output" is defined one way here and another way
there: "Generations", "Responses", "Creations", "Model Output", "Synthetic Data" (a dataset of
Responses). A term whose definition speaks first of what the model produces (rather than of what
the user submits) is an output term of that document, and every later use of it is a mention of
outputs (the cue OBJ_OUTPUT), its definition a definition of outputs (the cue OUTPUT_TERM)."""

from __future__ import annotations

import re
from functools import lru_cache

# "Generations" means ... / "Model Output" shall mean ... / the "Responses" are ...
_DEFINED = re.compile(
    r"[\"“‘']\**(?P<term>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3})\**[\"”’']\**\s*(?:\)\s*)?"
    r"(?:means|shall mean|refers to|is defined as|has the meaning)\b(?P<body>[^.;\n]{0,200})")
# ... output from the Services based on the Input ("Output") — the definition before the term.
_DEFINED_AFTER = re.compile(
    r"\((?:the\s+|each\s+an?\s+|collectively,?\s+|together,?\s+|referred to as\s+)?"
    r"[\"“‘']\**(?P<term>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3})\**[\"”’']\s*\)")
_OUTPUT_WORDS = (r"generat\w*|produced?|produces|output\w*|in response to|responds?|return(?:s|ed)? (?:to|by)|makes? for you"
                 r"|comes? out|completions?")
_INPUT_WORDS = r"submit\w*|upload\w*|input\w*|prompts?|provided by you|you provide|supplied by|enter\w*|send\w*"
_INPUT_TERMS = re.compile(r"\b(?:inputs?|prompts?|customer data|user data|content you|your content|feedback)\b", re.I)
# A term naming something else (a model, a user, a service, a use) is not an output term, unless
# it also names an output ("Model Output").
_OTHER_THING = re.compile(r"\b(?:model|derivative|user|service|application|material|agreement|addendum|licen[cs]e|"
                          r"claim|purpose|use|party|affiliate|mau|distribute|you|your|fine-tune|tune|checkpoint|weight|adapter|variant)s?\b",
                          re.I)
_OUTPUT_THING = re.compile(r"\b(?:outputs?|generations?|responses?|completions?|creations?|results?|deliverables?|"
                           r"synthetic)\b", re.I)


def output_terms(text: str) -> tuple[str, ...]:
    """The terms ``text`` defines for outputs, longest first."""
    found: list[str] = []
    for _ in range(2):  # a second pass finds terms defined through one found by the first
        known = "|".join(re.escape(t) + "s?" for t in found)
        evidence = re.compile(rf"\b(?:(?P<out>{_OUTPUT_WORDS}{'|' + known if known else ''})|(?P<inp>{_INPUT_WORDS}))\b",
                              re.I)
        for pattern in (_DEFINED, _DEFINED_AFTER):
            for m in pattern.finditer(text):
                term = m.group("term")
                if term in found or _INPUT_TERMS.search(term) or len(term) < 3:
                    continue
                if _OTHER_THING.search(term) and not _OUTPUT_THING.search(term):
                    continue
                if pattern is _DEFINED:  # the head of the definition after "means"
                    head = " ".join(m.group("body").split()[:16])
                else:  # the words just before "(the "Term")", within the sentence
                    before = re.split(r"[.;\n]", text[max(0, m.start() - 200):m.start()])[-1]
                    head = " ".join(before.split()[-12:])
                first = evidence.search(head)
                if first and first.group("out"):
                    found.append(term)
    return tuple(sorted(set(found), key=len, reverse=True))


@lru_cache(maxsize=32)
def mention_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """A use of any of the terms (as written, or with or without a plural "s")."""
    if not terms:
        return None
    stems = sorted({t[:-1] if t.endswith("s") else t for t in terms}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(s) for s in stems)})s?(?![\w-])")


@lru_cache(maxsize=32)
def definition_pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """The quoted term where the text defines it."""
    if not terms:
        return None
    names = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"[\"“‘']\**(?:{names})\**[\"”’']")
