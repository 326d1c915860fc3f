"""Run the tagging pipeline over a document and express its results in the document's offsets,
attached to clauses and pages. The pipeline is loaded once per process, on first use."""

from __future__ import annotations

import bisect
import functools
import re
import threading
import tomllib
from dataclasses import dataclass, field

from app.core import paths
from app.core.ingest.assemble import page_of
from app.core.model import Document


@dataclass
class Tag:
    label: str
    start: int
    end: int
    page: int
    clause_index: int | None
    confidence: float
    severity: str
    explicit: bool
    source: str
    why: str
    rule: str = ""
    modality: str = ""
    party: str = ""
    triggers: list[dict] = field(default_factory=list)
    reaches: list[str] = field(default_factory=list)
    model_score: float | None = None
    id: int | None = None
    status: str = "unreviewed"


@dataclass
class Entity:
    label: str
    start: int
    end: int
    text: str
    value: str
    page: int
    clause_index: int | None
    detail: dict = field(default_factory=dict)
    id: int | None = None


@dataclass
class DocumentAnalysis:
    pipeline_version: str
    tags: list[Tag]
    entities: list[Entity]
    findings: dict
    id: int | None = None
    created_at: str = ""


_lock = threading.Lock()
_analyzer = None


def analyzer():
    """The process-wide pipeline (loading takes about a second; do it once)."""
    global _analyzer
    with _lock:
        if _analyzer is None:
            from nlp.api import Analyzer
            _analyzer = Analyzer()
        return _analyzer


def pipeline_version() -> str:
    return analyzer().version


def _clause_index(starts: list[int], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else None


_CORPORATE = {"inc", "inc.", "llc", "ltd", "ltd.", "limited", "corp", "corp.", "corporation", "co",
              "co.", "company", "gmbh", "ag", "sa", "s.a.", "plc", "pte", "pte.", "bv", "b.v.", "labs",
              "lab", "systems", "technologies", "technology", "group", "holdings", "software", "ai"}


@functools.lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    path = paths.clause_library_dir() / "entities" / "places.toml"
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return frozenset()
    return frozenset(name.split()[0] for table in data.values() if isinstance(table, dict) for name in table)


def provider_names(*names: str | None, text: str | None = None) -> list[str]:
    """The names a document may use for its provider: "Corvane Systems, Inc." is also written
    "Corvane Systems" and "Corvane"; "Alibaba Cloud (Qwen)" also "Qwen". A leading place name
    ("Hangzhou ...") is not a name of the provider on its own; the word after it is. A one-word
    short form that the document also writes in lower case ("Data", "Open") is a common word,
    not a name, and is left out (a lower-case web or e-mail address does not count)."""
    out: list[str] = []

    def common(word: str) -> bool:  # written in lower case in the text: a word, not a name
        return bool(text) and re.search(rf"(?<![\w@./-]){re.escape(word.lower())}(?![\w@-]|\.\w)", text) is not None

    def add(name: str) -> None:
        name = name.strip(" ,.")
        if len(name) >= 3 and name not in out:
            out.append(name)

    for name in names:
        if not name:
            continue
        add(name)
        inner = re.findall(r"\(([^)]*)\)", name)
        for part in inner:
            add(part)
        words = re.sub(r"\([^)]*\)", " ", name).replace(",", " ").split()
        while words and words[-1].lower() in _CORPORATE:
            words.pop()

        if words and words[0] in _place_words() and len(words) > 1:
            add(" ".join(words))
            words = words[1:]  # "Hangzhou Lantern Intelligence": the name is "Lantern"
        if len(words) > 1:
            add(" ".join(words))
        if words and len(words[0]) >= 4 and not common(words[0]):
            add(words[0])
    return out


def analyze(doc: Document, progress=None) -> DocumentAnalysis:
    a = analyzer()
    if progress:
        progress(0.0, "tagging covenants")
    providers = provider_names(doc.platform, doc.vendor, text=doc.text)
    result = a.analyze(doc.text, [(b.start, b.end, b.kind) for b in doc.blocks], providers,
                       progress=(lambda f: progress(f, "tagging covenants")) if progress else None)
    starts = [c.start for c in doc.clauses]
    tags = [Tag(t.label, t.start, t.end, page_of(doc.pages, t.start), _clause_index(starts, t.start),
                round(t.confidence, 3), t.severity, t.explicit, t.source, t.why, t.rule, t.modality,
                t.party, [{"cue": g.cue, "start": g.start, "end": g.end, "text": g.text} for g in t.triggers],
                list(t.reaches), t.model_score)
            for t in result.tags]
    entities = [Entity(e.label, e.start, e.end, e.text, e.value, page_of(doc.pages, e.start),
                       _clause_index(starts, e.start), dict(e.detail))
                for e in result.entities]
    if progress:
        progress(1.0, "tagged")
    return DocumentAnalysis(result.pipeline_version, tags, entities, result.findings)
