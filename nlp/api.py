"""Analyse a document's text: the one call the rest of ClauseLens makes into the pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from spacy.language import Language

from nlp import PIPELINE_VERSION
from nlp.findings import summarise
from nlp.types import Analysis, EntityResult


class Analyzer:
    def __init__(self, nlp: Language | None = None):
        if nlp is None:
            from nlp.pipeline import load
            nlp = load()
        self.nlp = nlp

    @property
    def version(self) -> str:
        return f"{PIPELINE_VERSION}+{self.nlp.meta.get('version', '0')}"

    def analyze(self, text: str, blocks: Iterable[tuple[int, int, str]] = (),
                provider_names: Iterable[str] = ()) -> Analysis:
        """Tag ``text``. ``blocks`` are ``(start, end, kind)`` of the document's blocks in order
        (kind: heading, paragraph, list_item, table_cell); every offset returned indexes ``text``."""
        doc = self.nlp.make_doc(text)
        heading = ""
        context_blocks = []
        for start, end, kind in blocks:
            if kind == "heading":
                heading = text[start:end]
            context_blocks.append((start, end, kind, heading))
        doc.user_data["clauselens"] = {
            "text": text,
            "blocks": context_blocks,
            "provider_names": tuple(n for n in provider_names if n),
        }
        for _name, proc in self.nlp.pipeline:
            doc = proc(doc)
        entities = [EntityResult(e.label, e.start, e.end, e.text, e.value, dict(e.detail))
                    for e in (doc._.legal_entities or [])]
        tags = sorted(doc._.covenants or [], key=lambda t: (t.start, t.label))
        sentences = doc._.sentences or []
        return Analysis(tags, entities, sentences, summarise(text, tags, entities), self.version)


def tag_dict(tag) -> dict:
    d = asdict(tag)
    d["evidence"] = {"start": d.pop("start"), "end": d.pop("end")}
    return d
