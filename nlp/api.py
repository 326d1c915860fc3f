"""Analyse a document's text: the one call the rest of ClauseLens makes into the pipeline."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import asdict

from spacy.language import Language

from nlp import PIPELINE_VERSION, outputs
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
                provider_names: Iterable[str] = (), progress=None) -> Analysis:
        """Tag ``text``. ``blocks`` are ``(start, end, kind)`` of the document's blocks in order
        (kind: heading, paragraph, list_item, table_cell); every offset returned indexes ``text``.

        A long document is tagged in parts of about ``CHUNK`` characters, cut between blocks
        (never inside a list), so that a thread tagging it lets others run between parts and
        ``progress(fraction)`` can be reported."""
        heading = ""
        context_blocks = []
        for start, end, kind in blocks:
            if kind == "heading":
                heading = text[start:end]
            context_blocks.append((start, end, kind, heading))
        providers = tuple(n for n in provider_names if n)
        tags, entities, sentences = [], [], []
        parts = list(_parts(text, context_blocks))
        terms = outputs.output_terms(text)
        with _collector_paused():
            for n, (lo, hi, part_blocks) in enumerate(parts):
                t, e, s = self._analyze_part(text[lo:hi], lo, part_blocks, providers, terms)
                tags += t
                entities += e
                sentences += s
                if progress:
                    progress((n + 1) / len(parts))
            tags.sort(key=lambda t: (t.start, t.label))
            return Analysis(tags, entities, sentences, summarise(text, tags, entities), self.version)

    def _analyze_part(self, text: str, offset: int, blocks: list, providers: tuple, terms: tuple = ()):
        doc = self.nlp.make_doc(text)
        doc.user_data["clauselens"] = {
            "text": text,
            "blocks": [(s - offset, e - offset, k, h) for s, e, k, h in blocks],
            "provider_names": providers,
            "output_terms": terms,
            # Results are read from user_data: no Span object is made for each of the cues (about
            # one for every two words), which saves a tenth of the tagging time.
            "cue_spans": False,
        }
        for _name, proc in self.nlp.pipeline:
            doc = proc(doc)
        entities = [EntityResult(e.label, e.start + offset, e.end + offset, e.text, e.value,
                                 _shift_detail(e.detail, offset))
                    for e in (doc._.legal_entities or [])]
        tags = doc._.covenants or []
        sentences = doc._.sentences or []
        if offset:
            for t in tags:
                t.start += offset
                t.end += offset
                for g in t.triggers:
                    g.start += offset
                    g.end += offset
            for s in sentences:
                s.start += offset
                s.end += offset
                s.cues = {k: [(a + offset, b + offset) for a, b in v] for k, v in s.cues.items()}
        return tags, entities, sentences


@contextmanager
def _collector_paused():
    """Tagging makes some ten container objects a word (spans, cue offsets, sentences), so
    Python's cyclic garbage collector would run every few hundred words and, now and then, walk
    every object of the process: a fifth of the tagging time. Tagging leaves no reference
    cycles behind (tests/test_nlp_speed.py checks), so nothing is lost by pausing it; it is on
    again as soon as the text is tagged (unless something else had turned it off)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


CHUNK = 8_000  # characters: about 10 ms of tagging each
# A paragraph that is an item of a list written as plain text: "(d) to ...", "b) ...", "- ...",
# "（三）...". A part never starts there, or the item would lose its list's lead-in.
_ITEM_START = re.compile(r"\s*(?:\(?[a-zA-Z]{1,3}\)|\(?\d{1,3}\)|[ivxlc]{1,5}\.|[-*•–]|"
                         r"[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s?")


def _parts(text: str, blocks: list):
    """(start, end, blocks) of the parts a text is tagged in: whole blocks, a list kept whole."""
    if len(text) <= CHUNK or not blocks:
        yield 0, len(text), blocks
        return
    lo, first = 0, 0
    for i in range(1, len(blocks)):
        start, _, kind, _ = blocks[i]
        prev_end = blocks[i - 1][1]
        in_list = (kind in ("list_item", "table_cell") or _ITEM_START.match(text, start)
                   or text[blocks[i - 1][0]:prev_end].rstrip().endswith((":", "：")))
        # A list is kept whole; one of more than four parts' length is cut all the same, so
        # that progress is still reported on a document that is one long list.
        if start - lo >= CHUNK and (not in_list or start - lo >= 4 * CHUNK):
            yield lo, start, blocks[first:i]
            lo, first = start, i
    yield lo, len(text), blocks[first:]


def _shift_detail(detail: dict, offset: int) -> dict:
    out = dict(detail)
    if offset:
        for key, value in detail.items():
            if key.endswith(("_start", "_end")) and isinstance(value, int):
                out[key] = value + offset
    return out


def tag_dict(tag) -> dict:
    d = asdict(tag)
    d["evidence"] = {"start": d.pop("start"), "end": d.pop("end")}
    return d
