"""The lawyer's review: accept, reject or re-label a tag, override its severity, attach a note;
and free annotations on any range of a document's text.

A review is keyed by document, the pipeline's label and the evidence span, not by tag id: a newer
pipeline adds a new analysis with new tag ids, and the review re-attaches to the tag found at the
same place (or, failing that, the same label over most of the same words). Every tag id ever
issued stays in the ``tags`` table, so ``review_tag`` accepts an old id as well as a current one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.core.analysis import DocumentAnalysis, Tag
from app.core.errors import ClauseLensError, NotInLibrary
from app.core.store import Store

STATUSES = ("unreviewed", "accepted", "rejected")
SEVERITIES = ("low", "medium", "high")
MIN_OVERLAP = 0.5  # share of the shorter span two spans must have in common to be the same passage


class ReviewError(ClauseLensError):
    """A review edit that cannot be made (unknown tag, label or severity, bad range)."""


class UnknownReviewTarget(NotInLibrary, ReviewError):
    """The tag or document a review names is not in the library."""


@dataclass(frozen=True)
class Review:
    document_id: int
    label: str          # the label the pipeline gave the passage
    start: int
    end: int
    status: str = "unreviewed"
    new_label: str = ""  # the lawyer's label, when re-labelled
    severity: str = ""   # the lawyer's severity, when overridden
    note: str = ""
    tag_id: int | None = None  # the tag this review was last attached to
    updated_at: str = ""
    id: int | None = None

    @property
    def key(self) -> tuple[int, str, int, int]:
        return (self.document_id, self.label, self.start, self.end)


@dataclass(frozen=True)
class Annotation:
    document_id: int
    start: int
    end: int
    note: str
    created_at: str = ""
    updated_at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ReviewedTag:
    """A tag of the latest analysis with the review attached to it, if any."""

    tag: Tag
    review: Review | None = None

    @property
    def status(self) -> str:
        return self.review.status if self.review else "unreviewed"

    @property
    def label(self) -> str:
        return (self.review.new_label if self.review else "") or self.tag.label

    @property
    def severity(self) -> str:
        return (self.review.severity if self.review else "") or self.tag.severity

    @property
    def note(self) -> str:
        return self.review.note if self.review else ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_REVIEW_COLUMNS = "document_id, label, start, end, status, new_label, severity, note, tag_id, updated_at, id"


def _review(row) -> Review:
    doc, label, start, end, status, new_label, severity, note, tag_id, updated, id_ = row
    return Review(doc, label, start, end, status, new_label or "", severity or "", note or "", tag_id,
                  updated or "", id_)


def reviews(store: Store, doc_id: int) -> list[Review]:
    return [_review(r) for r in store.db.execute(
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE document_id = ? ORDER BY start, label, id", [doc_id])]


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    shared = min(a_end, b_end) - max(a_start, b_start)
    shorter = min(a_end - a_start, b_end - b_start)
    return shared / shorter if shared > 0 and shorter > 0 else 0.0


def attach(tags: list[Tag], found: list[Review]) -> tuple[dict[int, Review], list[Review]]:
    """Match reviews to tags: exact key first, then same label (original or new) over most of the
    same words. Returns ``{tag index: review}`` and the reviews that matched no tag."""
    attached: dict[int, Review] = {}
    left = []
    exact = {(t.label, t.start, t.end): i for i, t in enumerate(tags)}
    for r in found:
        i = exact.get((r.label, r.start, r.end))
        if i is not None and i not in attached:
            attached[i] = r
        else:
            left.append(r)
    detached = []
    for r in left:
        best, best_score = None, MIN_OVERLAP
        for i, t in enumerate(tags):
            if i in attached or t.label not in (r.label, r.new_label):
                continue
            score = _overlap(r.start, r.end, t.start, t.end)
            if score >= best_score:
                best, best_score = i, score
        if best is None:
            detached.append(r)
        else:
            attached[best] = r
    return attached, detached


def reviewed_tags(store: Store, doc_id: int, analysis: DocumentAnalysis | None = None
                  ) -> tuple[list[ReviewedTag], list[Review]]:
    """The latest analysis's tags with their reviews (``tag.status`` is set too), and the reviews
    no current tag matches (kept: the lawyer's work is never dropped by a re-analysis)."""
    analysis = analysis if analysis is not None else store.get_analysis(doc_id)
    found = reviews(store, doc_id)
    if analysis is None:
        return [], found
    attached, detached = attach(analysis.tags, found)
    out = []
    for i, t in enumerate(analysis.tags):
        r = attached.get(i)
        t.status = r.status if r else "unreviewed"
        out.append(ReviewedTag(t, r))
    return out, detached


def apply_reviews(store: Store, doc_id: int, analysis: DocumentAnalysis | None) -> dict[int, Review]:
    """Set ``status`` on every tag of ``analysis``; returns ``{tag id: review}`` for reviewed tags."""
    if analysis is None:
        return {}
    tagged, _ = reviewed_tags(store, doc_id, analysis)
    return {rt.tag.id: rt.review for rt in tagged if rt.review is not None}


def _tag_row(store: Store, tag_id: int) -> tuple[int, Tag]:
    row = store.db.execute(
        "SELECT document_id, label, start, end, page, confidence, severity, explicit, source, why"
        " FROM tags WHERE id = ?", [tag_id]).fetchone()
    if row is None:
        raise UnknownReviewTarget(f"no tag with id {tag_id} in the library")
    doc_id, label, start, end, page, confidence, severity, explicit, source, why = row
    return doc_id, Tag(label, start, end, page, None, confidence, severity, bool(explicit), source, why, id=tag_id)


def resolve_tag(store: Store, tag_id: int) -> tuple[int, ReviewedTag | None, Tag]:
    """A tag id (current or from an earlier analysis) -> document id, the matching tag of the latest
    analysis with its review (None when the latest analysis has no such tag), and the tag itself."""
    doc_id, old = _tag_row(store, tag_id)
    tagged, _ = reviewed_tags(store, doc_id)
    for rt in tagged:
        if rt.tag.id == tag_id:
            return doc_id, rt, old
    probe = Review(doc_id, old.label, old.start, old.end)
    attached, _ = attach([rt.tag for rt in tagged], [probe])
    if attached:
        return doc_id, tagged[next(iter(attached))], old
    return doc_id, None, old


def _valid_labels() -> set[str]:
    from nlp.lexicon import load_lexicon
    return set(load_lexicon().types)


def review_tag(store: Store, tag_id: int, *, status: str | None = None, label: str | None = None,
               severity: str | None = None, note: str | None = None) -> Review:
    """Record a review edit on a tag; arguments left as None keep their value. ``label`` re-labels
    (and accepts unless ``status`` says otherwise); ``""`` clears a label, severity or note."""
    if status is not None and status not in STATUSES:
        raise ReviewError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if severity and severity not in SEVERITIES:
        raise ReviewError(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if label and label not in _valid_labels():
        raise ReviewError(f"{label!r} is not a covenant type (see clause_library/taxonomy)")
    if label and status == "rejected":
        raise ReviewError("a tag cannot be re-labelled and rejected at once")
    doc_id, current, old = resolve_tag(store, tag_id)
    tag = current.tag if current else old
    existing = current.review if current else _review_by_key(store, (doc_id, old.label, old.start, old.end))
    base = existing or Review(doc_id, tag.label, tag.start, tag.end)
    if label is not None and label == tag.label:
        label = ""  # re-labelled back to what the pipeline said
    new_status = status if status is not None else ("accepted" if label else base.status)
    updated = replace(base, label=tag.label, start=tag.start, end=tag.end, tag_id=tag.id, status=new_status,
                      new_label=base.new_label if label is None else label,
                      severity=base.severity if severity is None else severity,
                      note=base.note if note is None else clean_text(note), updated_at=_now())
    row = {"document_id": doc_id, "label": updated.label, "start": updated.start, "end": updated.end,
           "tag_id": updated.tag_id, "status": updated.status, "new_label": updated.new_label,
           "severity": updated.severity, "note": updated.note, "updated_at": updated.updated_at}
    with store.db.atomic():
        if base.id is not None:
            # re-keyed to the tag it is attached to now; a stale review at that key gives way
            store.db.execute("DELETE FROM reviews WHERE document_id = ? AND label = ? AND start = ? AND"
                             " end = ? AND id != ?", [doc_id, updated.label, updated.start, updated.end, base.id])
            store.db["reviews"].update(base.id, row)
            review_id = base.id
        else:
            review_id = store.db["reviews"].insert(row, replace=False).last_pk
    return replace(updated, id=review_id)


def _review_by_key(store: Store, key) -> Review | None:
    row = store.db.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE document_id = ? AND label = ?"
                           " AND start = ? AND end = ?", list(key)).fetchone()
    return _review(row) if row else None


def clean_text(text: str) -> str:
    """User text as stored: control characters (other than tab and newline) and lone surrogates
    removed, line ends made ``\\n``. Word and PDF both refuse or mangle the removed characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text
                   if ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or 0xD800 <= ord(ch) < 0xE000
                                           or ch in "\ufffe\uffff"))


# -- free annotations -------------------------------------------------------------------------
def _document_length(store: Store, doc_id: int) -> int:
    row = store.db.execute("SELECT length(text) FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise UnknownReviewTarget(f"no document with id {doc_id} in the library")
    return row[0]


def annotate(store: Store, doc_id: int, start: int, end: int, note: str) -> Annotation:
    """A note on characters ``start:end`` of a document's text."""
    length = _document_length(store, doc_id)
    if not 0 <= start < end <= length:
        raise ReviewError(f"range {start}-{end} is not within document {doc_id} (0-{length})")
    now = _now()
    a = Annotation(doc_id, start, end, clean_text(note), now, now)
    with store.db.atomic():
        pk = store.db["annotations"].insert({"document_id": doc_id, "start": start, "end": end,
                                             "note": a.note, "created_at": now, "updated_at": now}).last_pk
    return replace(a, id=pk)


def edit_annotation(store: Store, annotation_id: int, note: str) -> Annotation:
    if store.db.execute("SELECT 1 FROM annotations WHERE id = ?", [annotation_id]).fetchone() is None:
        raise ReviewError(f"no annotation with id {annotation_id}")
    with store.db.atomic():
        store.db["annotations"].update(annotation_id, {"note": clean_text(note), "updated_at": _now()})
    return _annotation(store.db.execute(
        "SELECT document_id, start, end, note, created_at, updated_at, id FROM annotations WHERE id = ?",
        [annotation_id]).fetchone())


def delete_annotation(store: Store, annotation_id: int) -> None:
    with store.db.atomic():
        store.db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])


def _annotation(row) -> Annotation:
    doc, start, end, note, created, updated, id_ = row
    return Annotation(doc, start, end, note or "", created or "", updated or "", id_)


def annotations(store: Store, doc_id: int) -> list[Annotation]:
    return [_annotation(r) for r in store.db.execute(
        "SELECT document_id, start, end, note, created_at, updated_at, id FROM annotations"
        " WHERE document_id = ? ORDER BY start, id", [doc_id])]
