"""What changed between two versions of a document, clause by clause, covenants first.

Clauses are aligned despite renumbering, moves, small edits, splits (one clause becoming several
consecutive ones) and merges (the reverse): identical texts first (numbers stripped), then the best
rapidfuzz matches, then splits and merges. Each aligned group is classified:

- ``unchanged``: same words, same number, same place;
- ``renumbered``: same words (cross-references to renumbered sections aside), other number;
- ``moved``: out of order relative to the other clauses (``text_changed`` says if edited too);
- ``modified``: other words, or split/merged (``structure``), with word-level differences;
- ``added`` / ``removed``: no counterpart.

A renumbered clause carries no tag changes, and ``DocumentDiff.reported`` leaves it out with the
unchanged ones: a reader sees nothing new there. Tag and entity changes ("anti_distillation clause
added", "governing law moved from Ireland to California") come first, highest severity first.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from app.core import platforms
from app.core.store import Store

MATCH = 60.0   # rapidfuzz ratio (0-100) from which two clauses are one clause, edited
GROWN = 80.0   # token set ratio from which a clause that gained or lost many words is the same clause
MIN_GROWN = 40  # ... if both texts have at least this many characters
SLOT = 35.0    # ratio from which a clause rewritten in place (same number or slot) is the same clause
MIN_PART = 15   # characters of the shortest piece of a split or merged clause
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}

_MARKER = re.compile(
    r"^\s*(?:(?:section|article|clause|§)\s*)?"
    r"(?:\d+(?:\.\d+)*\.?|[ivxlc]{1,6}[.)]|\(?[a-z0-9]{1,4}\)|[a-z][.)])(?=\s)\s*", re.I)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_REF_WORD = re.compile(r"\b(?:sections?|clauses?|paragraphs?|articles?|§)\s*$", re.I)
_REF_NUMBER = re.compile(r"^\(?[\da-z]{1,4}(?:[.)]\d*)*[().,;:]*$", re.I)


# -- texts ---------------------------------------------------------------------------------------------
def strip_marker(text: str) -> str:
    """A clause's words without its leading numbers, whitespace collapsed ("1. (a) Foo" -> "Foo")."""
    text = text.translate(_QUOTES)
    for _ in range(3):
        m = _MARKER.match(text)
        if not m:
            break
        text = text[m.end():]
    return " ".join(text.split())


def word_diff(a: str, b: str) -> list[dict]:
    """Word-level operations turning ``a`` into ``b``: ``{"op": equal|delete|insert|replace, "a", "b"}``;
    the "a" parts joined give ``a`` back, the "b" parts ``b``."""
    ta = re.findall(r"\S+\s*", a)
    tb = re.findall(r"\S+\s*", b)
    sm = difflib.SequenceMatcher(None, [t.strip() for t in ta], [t.strip() for t in tb], autojunk=False)
    return [{"op": op, "a": "".join(ta[i1:i2]), "b": "".join(tb[j1:j2])}
            for op, i1, i2, j1, j2 in sm.get_opcodes()]


def only_references_changed(ops: list[dict]) -> bool:
    """True when every change swaps the number after "Section", "clause"...: cross-references
    following a renumbering, which a reader does not count as a change of the clause."""
    for k, o in enumerate(ops):
        if o["op"] == "equal":
            continue
        if o["op"] != "replace" or k == 0 or not _REF_WORD.search(ops[k - 1]["a"].rstrip()):
            return False
        wa, wb = o["a"].split(), o["b"].split()
        if len(wa) != len(wb) or not all(_REF_NUMBER.match(w) for w in wa + wb):
            return False
    return True


# -- alignment -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    """Clauses of A and of B that are one clause; several on one side is a split or a merge."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float


def _pairs_by_score(a: list[str], b: list[str], ra: list[int], rb: list[int], scorer, cutoff: float,
                    allowed=None) -> list[tuple[float, int, int]]:
    """Candidate pairs of remaining clauses, best first, the nearer in relative position among equals."""
    if not ra or not rb:
        return []
    scores = cdist([a[i] for i in ra], [b[j] for j in rb], scorer=scorer, score_cutoff=cutoff,
                   processor=str.casefold)
    ranked = sorted(((float(scores[x, y]), -abs(ra[x] / len(a) - rb[y] / len(b)), ra[x], rb[y])
                     for x, y in zip(*scores.nonzero(), strict=True)
                     if allowed is None or allowed(ra[x], rb[y])), reverse=True)
    return [(score, i, j) for score, _, i, j in ranked]


def _gaps(pairs: dict[int, Group]):
    """Gap numbers: the clauses of A and of B between the same two in-order matched neighbours
    share one, which is where an edited clause of A can only have gone."""
    ordered = sorted(pairs.values(), key=lambda g: g.a[0])
    out_of_order = moved(ordered)
    keep = [g for k, g in enumerate(ordered) if k not in out_of_order]
    a_pos, b_pos = [g.a[0] for g in keep], [g.b[0] for g in keep]
    return (lambda i: bisect.bisect_left(a_pos, i)), (lambda j: bisect.bisect_left(b_pos, j))


def _contained(part: str, whole: str) -> bool:
    """``part`` is found nearly word for word inside ``whole`` (a short part must match closer: its
    heading may have been reworded, and short texts match anything by chance)."""
    if not MIN_PART <= len(part) < len(whole):
        return False
    return fuzz.partial_ratio(part, whole, processor=str.casefold) >= (80 if len(part) >= 50 else 90)


def _absorb(a: list[str], b: list[str], groups: list[Group]) -> list[Group]:
    """Splits: a clause of ``a`` whose pieces are now several clauses of ``b`` (each found nearly
    verbatim inside it), with its one-to-one partner if that is one of the pieces. Run again with
    the sides swapped for merges (several clauses of ``a`` now inside one of ``b``)."""
    by_a = {g.a[0]: g for g in groups if len(g.a) == 1}
    free = set(range(len(b))) - {j for g in groups for j in g.b}
    out = [g for g in groups if len(g.a) != 1]
    for i in sorted(range(len(a)), key=lambda i: -len(a[i])):
        g = by_a.get(i)
        if g is not None and (len(g.b) != 1 or g.score == 100 or not _contained(b[g.b[0]], a[i])):
            continue
        parts = sorted([j for j in free if _contained(b[j], a[i])] + ([g.b[0]] if g else []))
        if len(parts) < (2 if g else 1):
            continue
        free -= set(parts)
        by_a[i] = Group((i,), tuple(parts), fuzz.ratio(a[i], " ".join(b[j] for j in parts),
                                                      processor=str.casefold))
    return out + list(by_a.values())


def align(a: list[str], b: list[str], a_numbers: list[str] | None = None,
          b_numbers: list[str] | None = None) -> list[Group]:
    """Matching clauses of ``a`` and ``b`` (texts without numbers), ordered by A; clauses in no
    group were removed (A) or added (B).

    Passes: identical texts; the best rapidfuzz ratios; then, between matched neighbours, clauses
    that kept their words and gained (or lost) many (token set ratio), and clauses rewritten in
    place (same number, or alone between the same neighbours); then splits and merges."""
    pairs: dict[int, Group] = {}
    taken: set[int] = set()
    exact: dict[str, list[int]] = {}
    for i, t in enumerate(a):
        exact.setdefault(t.casefold(), []).append(i)
    for j, t in enumerate(b):
        found = exact.get(t.casefold())
        if found:
            i = found.pop(0)
            pairs[i] = Group((i,), (j,), 100.0)
            taken.add(j)

    def remaining():
        return [i for i in range(len(a)) if i not in pairs], [j for j in range(len(b)) if j not in taken]

    ra, rb = remaining()
    for score, i, j in _pairs_by_score(a, b, ra, rb, fuzz.ratio, MATCH):
        if i not in pairs and j not in taken:
            pairs[i] = Group((i,), (j,), score)
            taken.add(j)
    # between matched neighbours: clauses that kept their words and gained (or lost) many ...
    ra, rb = remaining()
    gap_a, gap_b = _gaps(pairs)
    same_gap = lambda i, j: gap_a(i) == gap_b(j)  # noqa: E731
    for _, i, j in _pairs_by_score(a, b, [i for i in ra if len(a[i]) >= MIN_GROWN],
                                   [j for j in rb if len(b[j]) >= MIN_GROWN], fuzz.token_set_ratio, GROWN, same_gap):
        if i not in pairs and j not in taken:
            pairs[i] = Group((i,), (j,), float(fuzz.ratio(a[i], b[j], processor=str.casefold)))
            taken.add(j)
    # ... and a clause rewritten in its place: same number, or alone in its gap on both sides
    ra, rb = remaining()
    gap_a, gap_b = _gaps(pairs)
    alone_a = Counter(gap_a(i) for i in ra)
    alone_b = Counter(gap_b(j) for j in rb)

    def same_slot(i: int, j: int) -> bool:
        g = gap_a(i)
        return g == gap_b(j) and ((a_numbers is not None and a_numbers[i] and a_numbers[i] == b_numbers[j])
                                  or alone_a[g] == alone_b[g] == 1)
    for score, i, j in _pairs_by_score(a, b, ra, rb, fuzz.ratio, SLOT, same_slot):
        if i not in pairs and j not in taken:
            pairs[i] = Group((i,), (j,), score)
            taken.add(j)
    groups = _absorb(a, b, list(pairs.values()))
    merged = _absorb(b, a, [Group(g.b, g.a, g.score) for g in groups])
    return sorted((Group(g.b, g.a, g.score) for g in merged), key=lambda g: g.a[0])


def moved(groups: list[Group]) -> set[int]:
    """Positions in ``groups`` (ordered by A) of groups out of order in B: all but a longest
    increasing run of their B positions."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(groups)
    for k, g in enumerate(groups):
        p = bisect.bisect_left(tails, g.b[0])
        if p == len(tails):
            tails.append(g.b[0])
            tail_at.append(k)
        else:
            tails[p] = g.b[0]
            tail_at[p] = k
        prev[k] = tail_at[p - 1] if p else -1
    keep, k = set(), (tail_at[-1] if tail_at else -1)
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return set(range(len(groups))) - keep


# -- the diff of two stored versions ------------------------------------------------------------------
@dataclass
class TagChange:
    label: str
    change: str  # added | removed | changed
    detail: str
    severity: str = ""


@dataclass
class Change:
    kind: str  # added | removed | modified | moved | renumbered | unchanged
    a_clause: int | None
    b_clause: int | None
    a_number: str = ""
    b_number: str = ""
    a_clauses: list[int] = field(default_factory=list)
    b_clauses: list[int] = field(default_factory=list)
    structure: str = ""  # "split" or "merged" when several clauses are one on the other side
    similarity: float = 0.0
    text_changed: bool = False
    a_text: str = ""
    b_text: str = ""
    words: list[dict] = field(default_factory=list)
    tag_changes: list[TagChange] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        """Whether a reader would count this as a change."""
        return self.kind not in ("unchanged", "renumbered") or bool(self.tag_changes)


@dataclass
class DocumentDiff:
    a: int
    b: int
    a_label: str
    b_label: str
    changes: list[Change]

    @property
    def reported(self) -> list[Change]:
        return [c for c in self.changes if c.reported]

    @property
    def covenant_changes(self) -> list[dict]:
        out = []
        for c in self.changes:
            for t in c.tag_changes:
                out.append({"label": t.label, "change": t.change, "detail": t.detail, "severity": t.severity,
                            "a_clause": c.a_clause, "b_clause": c.b_clause})
        return out

    @property
    def headlines(self) -> list[str]:
        """The covenant changes once each, with how many clauses they concern."""
        seen: dict[str, int] = {}
        for c in self.covenant_changes:
            seen[c["detail"]] = seen.get(c["detail"], 0) + 1
        return [d if n == 1 else f"{d} ({n} clauses)" for d, n in seen.items()]

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in ("added", "removed", "modified", "moved", "renumbered", "unchanged")}
        for c in self.changes:
            out[c.kind] += 1
        return out


_FACETS = {  # which entities say how a covenant changed, most telling first
    "governing_law": ("JURISDICTION",), "venue_jurisdiction": ("VENUE", "CITY", "JURISDICTION"),
    "arbitration": ("ARBITRATION_BODY", "CITY"), "commercial_threshold": ("THRESHOLD",),
}
_FACET_NAMES = {"governing_law": "governing law", "venue_jurisdiction": "venue", "arbitration": "arbitration",
                "commercial_threshold": "threshold"}


def _entity_name(e) -> str:
    if e.label == "JURISDICTION":
        return e.detail.get("name") or e.text
    if e.label in ("ARBITRATION_BODY", "CITY"):
        return e.value or e.text
    return " ".join(e.text.split())


@dataclass
class _Side:
    ids: list[int]
    numbers: list[str]
    texts: list[str]
    labels: list[dict[str, str]]                         # per clause: label -> severity
    spans: list[dict[str, list[tuple[int, int]]]]        # per clause: label -> evidence spans
    entities: list[list]                                 # per clause: its entities


def _side(store: Store, doc_id: int) -> _Side:
    doc = store.get_document(doc_id)
    found = platforms.reviewed_analysis(store, doc_id)
    n = len(doc.clauses)
    side = _Side([c.id for c in doc.clauses], [c.number for c in doc.clauses],
                 [strip_marker(doc.text[c.start:c.end]) for c in doc.clauses],
                 [{} for _ in range(n)], [{} for _ in range(n)], [[] for _ in range(n)])
    if found is not None:
        for t in found.tags:
            if t.clause_index is not None:
                side.labels[t.clause_index].setdefault(t.label, t.severity)
                side.spans[t.clause_index].setdefault(t.label, []).append((t.start, t.end))
        for e in found.entities:
            if e.clause_index is not None:
                side.entities[e.clause_index].append(e)
    return side


def _facet(side: _Side, idx: tuple[int, ...], label: str) -> list[str]:
    """What a covenant names (jurisdiction, venue, body, threshold; else its carve-outs), inside its
    evidence first, else (not for carve-outs) anywhere in the clause."""
    for ent_label in _FACETS.get(label, ("CARVE_OUT",)):
        ents = [e for i in idx for e in side.entities[i] if e.label == ent_label]
        inside = [e for i in idx for e in side.entities[i] if e.label == ent_label
                  and any(s <= e.start < end for s, end in side.spans[i].get(label, []))]
        names = [_entity_name(e) for e in (inside or (ents if label in _FACETS else []))]
        if names:
            return list(dict.fromkeys(names))
    return []


def _tag_changes(a: _Side, ai: tuple[int, ...], b: _Side, bi: tuple[int, ...]) -> list[TagChange]:
    la = {k: v for i in ai for k, v in a.labels[i].items()}
    lb = {k: v for i in bi for k, v in b.labels[i].items()}
    out = [TagChange(label, "added", f"{label} clause added", lb[label]) for label in sorted(lb.keys() - la.keys())]
    out += [TagChange(label, "removed", f"{label} clause removed", la[label])
            for label in sorted(la.keys() - lb.keys())]
    for label in sorted(la.keys() & lb.keys()):
        before, after = _facet(a, ai, label), _facet(b, bi, label)
        if set(before) == set(after):
            continue
        what = _FACET_NAMES.get(label, f"{label} carve-out")
        if before and after:
            detail = f"{what} moved from {' / '.join(before)} to {' / '.join(after)}" if label in (
                "governing_law", "venue_jurisdiction") else \
                f"{what} changed from {' / '.join(before)} to {' / '.join(after)}"
        elif after:
            detail = f"{what} now names {' / '.join(after)}"
        else:
            detail = f"{what} no longer names {' / '.join(before)}"
        out.append(TagChange(label, "changed", detail, lb[label]))
    return out


def diff_texts(a: _Side, b: _Side) -> list[Change]:
    groups = align(a.texts, b.texts, a.numbers, b.numbers)
    out_of_order = moved(groups)
    changes: list[tuple[float, Change]] = []
    matched_a = {i for g in groups for i in g.a}
    matched_b = {j for g in groups for j in g.b}
    for k, g in enumerate(groups):
        ta = " ".join(a.texts[i] for i in g.a)
        tb = " ".join(b.texts[j] for j in g.b)
        ops = word_diff(ta, tb) if ta != tb else []
        text_changed = bool(ops) and not only_references_changed(ops)
        structure = "split" if len(g.b) > 1 else "merged" if len(g.a) > 1 else ""
        renumbered = [a.numbers[i] for i in g.a] != [b.numbers[j] for j in g.b] or (bool(ops) and not text_changed)
        kind = ("moved" if k in out_of_order else "modified" if text_changed or structure
                else "renumbered" if renumbered else "unchanged")
        changes.append((g.b[0], Change(
            kind, a.ids[g.a[0]], b.ids[g.b[0]], a.numbers[g.a[0]], b.numbers[g.b[0]],
            [a.ids[i] for i in g.a], [b.ids[j] for j in g.b], structure, round(g.score, 1), text_changed,
            ta, tb, ops if text_changed else [], _tag_changes(a, g.a, b, g.b))))
    b_of_a = {i: g.b[0] for g in groups for i in g.a}
    for i in range(len(a.ids)):
        if i not in matched_a:
            before = [b_of_a[p] for p in range(i) if p in b_of_a]
            changes.append(((before[-1] if before else -1) + 0.5, Change(
                "removed", a.ids[i], None, a.numbers[i], "", [a.ids[i]], [], a_text=a.texts[i],
                tag_changes=_tag_changes(a, (i,), b, ()))))
    for j in range(len(b.ids)):
        if j not in matched_b:
            changes.append((j, Change("added", None, b.ids[j], "", b.numbers[j], [], [b.ids[j]], b_text=b.texts[j],
                                      tag_changes=_tag_changes(a, (), b, (j,)))))
    changes.sort(key=lambda pc: pc[0])

    def rank(c: Change) -> int:
        return min((SEVERITY_RANK.get(t.severity, 3) for t in c.tag_changes), default=9)
    ordered = [c for _, c in changes]
    return sorted(ordered, key=rank)  # stable: document order within a severity


def diff_plain(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[Change]:
    """Changes between two lists of ``(number, text)`` clauses, without tags; clause "ids" are
    positions in the lists."""
    def side(clauses):
        n = len(clauses)
        return _Side(list(range(n)), [num for num, _ in clauses], [strip_marker(t) for _, t in clauses],
                     [{} for _ in range(n)], [{} for _ in range(n)], [[] for _ in range(n)])
    return diff_texts(side(a), side(b))


def diff_documents(store: Store, a_id: int, b_id: int) -> DocumentDiff:
    """Clause-by-clause changes from stored file ``a_id`` to ``b_id`` (any two files, usually two
    versions of one document)."""
    a, b = _side(store, a_id), _side(store, b_id)
    return DocumentDiff(a_id, b_id, platforms.version_of(store, a_id).label,
                        platforms.version_of(store, b_id).label, diff_texts(a, b))


def diff_json(d: DocumentDiff) -> dict:
    """The ``diff --json`` contract: ``{"a", "b", "changes": [{"kind", "a_clause", "b_clause",
    "tag_changes": [{"label", "change", "detail"}]}]}``, plus further fields."""
    from dataclasses import asdict
    return {"a": d.a, "b": d.b, "a_label": d.a_label, "b_label": d.b_label, "counts": d.counts(),
            "headlines": d.headlines, "covenant_changes": d.covenant_changes, "changes": [asdict(c) for c in d.changes]}


# -- timeline ------------------------------------------------------------------------------------------
@dataclass
class TimelineStep:
    """One version of one of a platform's documents and what changed since the version before."""

    document: platforms.LibraryDocument
    version: platforms.Version
    previous: platforms.Version | None
    headlines: list[str]
    counts: dict[str, int]


def timeline(store: Store, platform: str) -> list[TimelineStep]:
    """Every version of every document of ``platform``, by date, with its covenant changes."""
    name = platforms.resolve_platform(store, platform)
    steps = []
    for doc in (d for d in platforms.documents(store) if d.platform == name):
        prev = None
        for v in doc.versions:
            if prev is None:
                steps.append(TimelineStep(doc, v, None, ["first version in the library"], {}))
            else:
                d = diff_documents(store, prev.document_id, v.document_id)
                heads = d.headlines
                counts = {k: n for k, n in d.counts().items() if k not in ("unchanged", "renumbered") and n}
                if not heads:
                    heads = ["no covenant changes"]
                steps.append(TimelineStep(doc, v, prev, heads, counts))
            prev = v
    return sorted(steps, key=lambda s: (s.version.date or "~", s.version.document_id))
