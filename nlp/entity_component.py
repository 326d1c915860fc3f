"""spaCy component that finds legal entities (jurisdictions, courts, arbitration, defined terms,
carve-outs, thresholds) with ``nlp.entities.find_entities``.

Results go to ``doc._.legal_entities`` (a list of ``Entity``, with exact character offsets) and to
``doc.spans["legal_entities"]`` (token spans; an entity that starts or ends inside a token is
widened to whole tokens, and its ``kb_id_`` holds the entity's value).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp.entities import find_entities

SPANS_KEY = "legal_entities"

if not Doc.has_extension("legal_entities"):
    Doc.set_extension("legal_entities", default=None)


class LegalEntities:
    def __init__(self, name: str = "legal_entities"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        # The analyser passes the text it made the doc from; rebuilding it from tokens is slow.
        entities = find_entities(doc.user_data.get("clauselens", {}).get("text") or doc.text)
        doc._.legal_entities = entities
        spans = []
        for e in entities:
            span = doc.char_span(e.start, e.end, label=e.label, kb_id=e.value, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("legal_entities", default_config={})
def make_legal_entities(nlp: Language, name: str) -> LegalEntities:
    return LegalEntities(name)
