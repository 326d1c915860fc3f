"""What the detail panel shows beyond the tag itself: the interpretive note, carve-outs and other
entities of the clause, the same covenant at other platforms, and what changed since the
previous version of the document."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core import notes
from app.core.store import Store
from app.gui.ops.document import OpenDocument, TagInfo, covenant_types, type_name
from app.gui.ops.optional import Unavailable, core_module, require

SHOWN_ELSEWHERE = 8  # other platforms' passages listed in the panel; the comparison view has all
HIDDEN_ENTITIES = {"DEFINED_TERM"}


@dataclass(frozen=True)
class Elsewhere:
    platform: str
    title: str
    version: str
    number: str
    text: str
    same_variant: bool
    document_id: int


@dataclass(frozen=True)
class ChangeLine:
    kind: str       # added | removed | changed | modified | moved | ...
    text: str
    words: tuple = ()  # word-level operations of a modified clause ({"op", "a", "b"})


@dataclass
class Details:
    tag: TagInfo
    description: str
    clause_text: str
    carve_outs: list[str]
    entities: list[tuple[str, str]]  # (label, text) of the clause, carve-outs and defined terms aside
    note: notes.Note | None
    rarity: str = ""
    elsewhere: list[Elsewhere] = field(default_factory=list)
    elsewhere_message: str = ""
    changes: list[ChangeLine] = field(default_factory=list)
    changes_message: str = ""


def details(store: Store, opened: OpenDocument, tag: TagInfo) -> Details:
    doc = opened.doc
    clause = doc.clauses[tag.clause_index] if tag.clause_index is not None else None
    lo, hi = (clause.start, clause.end) if clause else (tag.start, tag.end)
    in_clause = [e for e in opened.entities if lo <= e.start < hi]
    carve = [e.text for e in in_clause if e.label == "CARVE_OUT"]
    others = [(e.label, e.text) for e in in_clause if e.label not in HIDDEN_ENTITIES | {"CARVE_OUT"}]
    kind = covenant_types().get(tag.label)
    out = Details(tag, kind.description.strip() if kind else "", doc.text[lo:hi],
                  list(dict.fromkeys(carve)), list(dict.fromkeys(others)), notes.load_note(tag.label))
    _fill_elsewhere(store, opened, tag, out)
    _fill_changes(store, opened, tag, out)
    return out


def _fill_elsewhere(store: Store, opened: OpenDocument, tag: TagInfo, out: Details) -> None:
    try:
        compare_type = require("compare", "compare_type", "Comparison across platforms")
    except Unavailable as exc:
        out.elsewhere_message = str(exc)
        return
    # an older version is not in the latest view of the library: compare it with every version
    latest = opened.family is None or opened.family.latest.document_id == opened.doc.id
    c = compare_type(store, tag.label, "latest" if latest else "all")
    out.rarity = (f"{c.platforms_with} of {c.platforms_total} platforms have this covenant"
                  + ("" if latest else " (in any version)"))
    mine = next((k for k, v in enumerate(c.variants) for m in v.members if m.tag_id == tag.id), None)
    rows = []
    for k, v in enumerate(c.variants):
        for m in v.members:
            if m.document_id != opened.doc.id and m.platform != opened.doc.platform:
                rows.append(Elsewhere(m.platform or "(unknown platform)", m.title, m.version, m.number,
                                      m.text, k == mine, m.document_id))
    rows.sort(key=lambda r: (not r.same_variant, r.platform.lower()))
    out.elsewhere = rows[:SHOWN_ELSEWHERE]
    if not rows:
        out.elsewhere_message = "No other platform in the library has this covenant."
    elif len(rows) > SHOWN_ELSEWHERE:
        out.elsewhere_message = f"{len(rows) - SHOWN_ELSEWHERE} more in the comparison view."


def _fill_changes(store: Store, opened: OpenDocument, tag: TagInfo, out: Details) -> None:
    diff = core_module("diff")
    if diff is None or not hasattr(diff, "diff_documents"):
        out.changes_message = "Version changes are not available in this version of ClauseLens yet."
        return
    if opened.previous_id is None:
        out.changes_message = "This is the first version of this document in the library."
        return
    d = diff.diff_documents(store, opened.previous_id, opened.doc.id)
    clause_id = opened.doc.clauses[tag.clause_index].id if tag.clause_index is not None else None
    lines = []
    for c in d.changes:
        for t in c.tag_changes:
            if t.label in (tag.label, tag.pipeline_label):
                text = t.detail.replace(f"{t.label} clause", f"{type_name(t.label)} clause")
                lines.append(ChangeLine(t.change, text[:1].upper() + text[1:] + f" (since version {d.a_label})"))
    for c in d.changes:
        if c.b_clause is not None and c.b_clause == clause_id and c.kind != "unchanged":
            if c.kind == "modified" or c.text_changed:
                lines.append(ChangeLine("modified", f"The wording of this clause changed since {d.a_label}.",
                                        tuple(c.words)))
            elif c.kind == "added":
                lines.append(ChangeLine("added", f"This clause is new since {d.a_label}."))
            elif c.kind in ("moved", "renumbered"):
                lines.append(ChangeLine(c.kind, f"This clause was {c.kind} since {d.a_label} "
                                                f"(was {c.a_number or 'unnumbered'})."))
    out.changes = lines
    if not lines:
        out.changes_message = f"No change to this covenant or its clause since version {d.a_label}."
