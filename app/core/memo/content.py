"""What goes in a memo, as plain data: the PDF and DOCX writers only lay it out.

Tags come from each document's latest analysis with the lawyer's review applied: rejected tags
are left out, accepted and unreviewed ones go in marked as such, and a review whose tag a newer
pipeline no longer finds still goes in when it was accepted (the lawyer's work is not dropped).
Every quote is ``document.text[start:end]``, unchanged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path

from app import __version__
from app.core import review as reviews
from app.core.analysis import Tag
from app.core.ingest.assemble import page_of
from app.core.model import Document
from app.core.notes import Note, load_note
from app.core.store import Store

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
COMPARISON_CHARS = 420  # a clause in a comparison table is cut here; the full text is in the library

DISCLAIMER = (
    "This memo was prepared with ClauseLens, software that finds and classifies contract wording "
    "automatically. It is a working aid for a qualified lawyer and is not legal advice. Automated "
    "tags can miss covenants or misread them; tags marked \u201cunreviewed\u201d have not been checked "
    "by a person. The interpretive notes are general commentary on how such clauses are often read; "
    "they do not take account of the facts of any matter, and the law they mention differs between "
    "jurisdictions and changes over time. Read the quoted words in the source documents, whose "
    "SHA-256 fingerprints are listed in the appendix, before relying on any statement here.")


@dataclass
class MemoOptions:
    matter: str = ""
    reviewer: str = ""
    date: str = ""  # ISO date; today when empty
    types: tuple[str, ...] | None = None  # covenant types to include; all when None
    compare: bool = True  # cross-platform comparison and version changes
    title: str = "Review of AI licence terms"


@dataclass
class SourceInfo:
    """A reviewed document and where its text came from."""

    id: int
    title: str
    file_name: str
    path: str
    platform: str
    vendor: str
    kind: str
    version: str
    date: str
    format: str
    sha256: str
    imported_at: str
    page_count: int
    pipeline_version: str
    analysed_at: str
    counts: dict[str, int] = field(default_factory=dict)  # review status -> number of tags


@dataclass
class Item:
    """One covenant found in one document."""

    tag_id: int | None
    document_id: int
    document_title: str
    platform: str
    label: str
    pipeline_label: str
    severity: str
    pipeline_severity: str
    confidence: float
    status: str
    quote: str
    start: int
    end: int
    page: int
    page_end: int
    clause_ref: str
    clause_id: int | None = None
    why: str = ""
    triggers: list[str] = field(default_factory=list)
    carve_outs: list[str] = field(default_factory=list)
    entities: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, words, value)
    lawyer_note: str = ""
    detached: bool = False  # accepted in review; the latest analysis no longer tags it

    @property
    def pages(self) -> str:
        return f"p. {self.page}" if self.page_end == self.page else f"pp. {self.page}\u2013{self.page_end}"

    @property
    def status_text(self) -> str:
        text = self.status
        if self.label != self.pipeline_label:
            text += f", re-labelled from {self.pipeline_label}"
        if self.detached:
            text += ", no longer tagged by the pipeline"
        return text

    @property
    def severity_text(self) -> str:
        if self.severity != self.pipeline_severity:
            return f"{self.severity} (set in review; tagged {self.pipeline_severity})"
        return self.severity


@dataclass
class ComparisonRow:
    platform: str
    document: str
    variant: int  # 1-based wording variant
    text: str
    similarity: float | None
    representative: bool
    in_memo: bool  # one of the documents this memo reviews

    @property
    def excerpt(self) -> str:
        if len(self.text) <= COMPARISON_CHARS:
            return self.text
        return self.text[:COMPARISON_CHARS].rstrip() + " \u2026"


@dataclass
class Comparison:
    platforms_with: int
    platforms_total: int
    variants: int
    rows: list[ComparisonRow]
    scopes: list[str] = field(default_factory=list)  # per variant, e.g. "competing models"; "" when none
    absent: list[str] = field(default_factory=list)  # platforms of the library without the covenant
    dropped: list[str] = field(default_factory=list)  # "Meta: in 3, removed in 3.1"

    def summary_lines(self) -> list[str]:
        """What to say above the table: rarity, variants, who lacks the covenant, who dropped it."""
        named = [f"{k} ({s})" for k, s in enumerate(self.scopes, 1) if s]
        lines = [f"Rarity: {self.rarity}. {self.variants} wording variant{'s' if self.variants != 1 else ''}"
                 + (f": {', '.join(named)}." if named else ".")]
        if self.absent:
            lines.append(f"Not found at: {', '.join(self.absent)}.")
        if self.dropped:
            lines.append(f"Dropped in a later version: {'; '.join(self.dropped)}.")
        return lines

    @property
    def rarity(self) -> str:
        return f"{self.platforms_with} of {self.platforms_total} platforms in the library"


@dataclass
class Change:
    document: str  # the newer version
    previous: str  # the version it is compared with
    kind: str  # added, removed, modified, moved
    description: str
    page: int | None = None


def group_changes(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """Changes under one lead-in per pair of versions: ("X, version 3.1 compared with version 3", [...])."""
    groups: dict[str, list[Change]] = {}
    for c in changes:
        groups.setdefault(f"{c.document} compared with {c.previous}", []).append(c)
    return list(groups.items())


@dataclass
class Section:
    type_id: str
    name: str
    description: str
    items: list[Item]
    note: Note | None = None
    comparison: Comparison | None = None
    comparison_note: str = ""  # why there is no comparison, when there is none
    changes: list[Change] = field(default_factory=list)
    changes_note: str = ""

    @property
    def severity(self) -> str:
        return min((i.severity for i in self.items), key=lambda s: SEVERITY_RANK.get(s, 9), default="low")


@dataclass
class AnnotationItem:
    document_title: str
    quote: str
    page: int
    note: str


@dataclass
class Memo:
    title: str
    matter: str
    reviewer: str
    date: str
    documents: list[SourceInfo]
    sections: list[Section]
    annotations: list[AnnotationItem]
    notices: list[str]  # what the memo could not include, said once on the summary page
    version_changes: list[Change] = field(default_factory=list)  # covenants changed since previous versions
    disclaimer: str = DISCLAIMER
    app_version: str = __version__

    @property
    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def summary(self) -> list[Item]:
        """Every item, most severe first: the executive summary's rows."""
        return sorted(self.items, key=lambda i: (SEVERITY_RANK.get(i.severity, 9), i.label, i.document_title,
                                                 i.start))


def _entities_in(analysis, start: int, end: int) -> tuple[list[str], list[tuple[str, str, str]]]:
    carve, other, seen = [], [], set()
    for e in analysis.entities:
        if e.end <= start or e.start >= end or e.label == "DEFINED_TERM":
            continue
        if e.label == "CARVE_OUT":
            carve.append(e.text)
        elif (e.label, e.text) not in seen:
            seen.add((e.label, e.text))
            other.append((e.label.replace("_", " ").lower(), e.text, e.value))
    return carve, other


def _clause(doc: Document, index: int | None) -> tuple[str, int | None]:
    if index is None or index >= len(doc.clauses):
        return "", None
    c = doc.clauses[index]
    parts = (c.path or c.number or c.heading).split(" > ")
    if len(parts) > 1 and " ".join(parts[0].split()).lower() == " ".join(doc.title.split()).lower():
        parts = parts[1:]  # the document's own title heads every path; the memo names the document already
    return " > ".join(parts), c.id


def _item(doc: Document, analysis, tag, rv, detached=False) -> Item:
    carve, ents = _entities_in(analysis, tag.start, tag.end)
    clause_ref, clause_id = _clause(doc, tag.clause_index)
    return Item(
        tag_id=tag.id, document_id=doc.id, document_title=doc.title, platform=doc.platform,
        label=(rv.new_label if rv else "") or tag.label, pipeline_label=tag.label,
        severity=(rv.severity if rv else "") or tag.severity, pipeline_severity=tag.severity,
        confidence=tag.confidence, status=rv.status if rv else "unreviewed",
        quote=doc.text[tag.start:tag.end], start=tag.start, end=tag.end,
        page=page_of(doc.pages, tag.start), page_end=page_of(doc.pages, max(tag.start, tag.end - 1)),
        clause_ref=clause_ref, clause_id=clause_id, why=tag.why,
        triggers=[t["text"] for t in tag.triggers], carve_outs=carve, entities=ents,
        lawyer_note=rv.note if rv else "", detached=detached)


def _detached_item(doc: Document, analysis, rv: reviews.Review, types) -> Item:
    severity = types[rv.label].severity if rv.label in types else "medium"
    i = bisect.bisect_right([c.start for c in doc.clauses], rv.start) - 1
    tag = Tag(rv.label, rv.start, rv.end, page_of(doc.pages, rv.start), i if i >= 0 else None, 0.0, severity,
              False, "review", "accepted in review", id=rv.tag_id)
    return _item(doc, analysis, tag, rv, detached=True)


def _first_sentence(text: str) -> str:
    """The taxonomy's description starts with what the covenant is; the rest is tagging guidance."""
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[:end + 1]


def _source(doc: Document, analysis, counts) -> SourceInfo:
    return SourceInfo(doc.id, doc.title, Path(doc.path).name, doc.path, doc.platform, doc.vendor, doc.kind,
                      doc.version, doc.date, doc.format, doc.sha256, doc.imported_at, len(doc.pages),
                      analysis.pipeline_version if analysis else "", analysis.created_at if analysis else "",
                      counts)


def build_memo(store: Store, doc_ids: list[int], options: MemoOptions | None = None,
               progress=None) -> Memo:
    """Gather everything a memo of these documents says. ``progress(fraction, message)``."""
    from app.core.memo import related
    from nlp.lexicon import load_lexicon
    options = options or MemoOptions()
    types = load_lexicon().types
    wanted = set(options.types) if options.types else None
    report = progress or (lambda f, m: None)
    sources, items, annotation_items, docs = [], [], [], []
    for n, doc_id in enumerate(doc_ids):
        report(0.5 * n / max(1, len(doc_ids)), f"reading document {doc_id}")
        doc = store.get_document(doc_id)
        analysis = store.get_analysis(doc_id)
        docs.append(doc)
        counts = {s: 0 for s in reviews.STATUSES}
        if analysis is not None:
            tagged, detached = reviews.reviewed_tags(store, doc_id, analysis)
            for rt in tagged:
                counts[rt.status] += 1
                if rt.status != "rejected":
                    items.append(_item(doc, analysis, rt.tag, rt.review))
            for rv in detached:
                if rv.status == "accepted":
                    items.append(_detached_item(doc, analysis, rv, types))
        sources.append(_source(doc, analysis, counts))
        for a in reviews.annotations(store, doc_id):
            annotation_items.append(AnnotationItem(doc.title, doc.text[a.start:a.end], page_of(doc.pages, a.start),
                                                   a.note))
    if wanted is not None:
        items = [i for i in items if i.label in wanted]

    by_type: dict[str, list[Item]] = {}
    for i in items:
        by_type.setdefault(i.label, []).append(i)
    sections = []
    notices = []
    comparer = related.Related(store, docs) if options.compare else None
    names = {k: t.name for k, t in types.items()}
    version_changes = comparer.covenant_changes(wanted, names) if comparer else []
    if comparer is not None and comparer.unavailable:
        notices.append(comparer.unavailable)
    if comparer is not None:
        notices += comparer.not_latest()
    for k, (type_id, its) in enumerate(sorted(by_type.items())):
        report(0.5 + 0.5 * k / max(1, len(by_type)), f"gathering {type_id}")
        t = types.get(type_id)
        its.sort(key=lambda i: (i.document_title, i.start))
        section = Section(type_id, t.name if t else type_id, _first_sentence(t.description) if t else "", its,
                          load_note(type_id))
        if comparer is None:
            section.comparison_note = "Comparison left out at the reviewer's request (--no-compare)."
        else:
            section.comparison, section.comparison_note = comparer.comparison(type_id)
            section.changes, section.changes_note = comparer.changes(type_id, {i.clause_id for i in its}, names)
        sections.append(section)
    sections.sort(key=lambda s: (SEVERITY_RANK.get(s.severity, 9), s.name))
    report(1.0, "memo content ready")
    return Memo(options.title, options.matter, options.reviewer, options.date or _date.today().isoformat(),
                sources, sections, annotation_items, notices, version_changes)
