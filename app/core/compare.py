"""How the platforms of the library word one covenant: variants, differences, rarity, entities.

For a covenant type, the tagged passages (evidence) of the latest version of every document (or of
every version, ``scope="all"``) are grouped into wording variants: texts are compared with
platform and model names and numbers masked ("excluding Llama 2" and "excluding Tongyi Qianwen"
read alike) by the mean of rapidfuzz's ratio and token-set ratio, greedily around the most common
wordings. A few types have a scope that never mixes within a variant (anti-distillation limited
to *competing* models, or reaching *any other* model). Each variant has a representative (the
member closest to all others) and every member's word-level differences from it.

Rarity is the platforms whose documents have the type over the platforms in the library. In the
latest view a platform that had the covenant in an earlier version but not in the latest is listed
in ``dropped`` (Meta's Llama licences lost anti-distillation in Llama 3.1).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from app.core import metadata, platforms
from app.core.diff import strip_marker, word_diff
from app.core.errors import ClauseLensError
from app.core.paths import clause_library_dir
from app.core.store import Store

VARIANT = 65.0  # mean of ratio and token-set ratio (0-100) from which two wordings are one variant

SCOPES = {  # type -> (scope, pattern) tried in order; a variant never mixes scopes
    "anti_distillation": (
        ("competing models", r"\bcompet|\brival|\bsubstitut|\breplicat|\breplace"),
        ("any other model", r"\bany other\b|\bother than\b|\banother\b|\bexcluding\b|\bthird[- ]party\b"),
    ),
}
_ENTITY_KEYS = {"JURISDICTION": "jurisdictions", "VENUE": "venues", "CITY": "places",
                "ARBITRATION_BODY": "arbitration", "CARVE_OUT": "carve_outs", "THRESHOLD": "thresholds"}


class UnknownType(ClauseLensError):
    """A covenant type that is not in the taxonomy."""


@lru_cache(maxsize=1)
def covenant_types() -> dict[str, dict]:
    """``{id: {"name", "severity"}}`` from clause_library/taxonomy."""
    out = {}
    for path in sorted((clause_library_dir() / "taxonomy").glob("*.toml")):
        with open(path, "rb") as f:
            d = tomllib.load(f)
        out[d["id"]] = {"name": d.get("name", d["id"]), "severity": d.get("severity", "medium")}
    return out


def check_type(label: str) -> str:
    if label not in covenant_types():
        raise UnknownType(f"{label!r} is not a covenant type; the types are: {', '.join(covenant_types())}")
    return label


@dataclass
class Member:
    clause_id: int | None
    platform: str
    document_id: int
    tag_id: int
    similarity: float
    text: str
    title: str = ""
    version: str = ""
    date: str = ""
    number: str = ""
    page: int = 1
    start: int = 0
    end: int = 0
    severity: str = ""
    entities: dict[str, list[str]] = field(default_factory=dict)
    words: list[dict] = field(default_factory=list)  # word-level differences from the representative


@dataclass
class Variant:
    scope: str
    representative: Member
    members: list[Member]

    @property
    def platforms(self) -> list[str]:
        return list(dict.fromkeys(m.platform for m in self.members))


@dataclass
class PlatformColumn:
    """One platform side by side with the others: its passages and what they name."""

    platform: str
    has: bool
    variants: list[int] = field(default_factory=list)  # indexes into Comparison.variants
    members: list[Member] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Comparison:
    type: str
    name: str
    scope: str  # "latest" or "all"
    platforms_total: int
    platforms_with: int
    variants: list[Variant]
    platforms: list[PlatformColumn]
    dropped: list[dict] = field(default_factory=list)

    @property
    def rarity(self) -> str:
        return f"{self.platforms_with} of {self.platforms_total} platforms"


# -- texts ---------------------------------------------------------------------------------------------
def _trie(words: list[str]) -> str:
    """One regex for many literal words, as a trie: Python's re tries a plain alternation's
    branches one by one, which over hundreds of names costs more than the rest of a comparison."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body
    return build(root)


@lru_cache(maxsize=8)
def _compiled_names(names: frozenset[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)" + _trie(sorted(names)) + r"(?!\w)", re.I)


def name_pattern(store: Store) -> re.Pattern:
    """Platform, vendor, alias and model-family names known to ClauseLens or in the library."""
    names = set()
    for p in metadata.known_platforms():
        names |= {p.name, p.vendor, *p.aliases}
    for name, vendor in store.db.execute("SELECT name, vendor FROM platforms"):
        names |= {name or "", vendor or ""}
    for n in list(names):  # "Halcyon Labs Ltd." also as "Halcyon Labs" and "Halcyon"
        core = re.sub(r",?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|PBC|Corp|Corporation|GmbH|SAS|AG|plc)\.?$", "", n)
        names |= {core, re.sub(r"\s*\(.*\)$", "", core), core.split(" ")[0] if len(core.split(" ")[0]) > 3 else ""}
    return _compiled_names(frozenset(n.lower() for n in names if len(n) > 1))


def masked(text: str, names: re.Pattern) -> str:
    """Lower-case words with names and numbers replaced by one placeholder ("excluding NAME or ...")."""
    text = names.sub(" NAME ", strip_marker(text))
    text = re.sub(r"(?<!\w)[\w.]*\d[\w.]*(?!\w)", " NAME ", text)
    text = re.sub(r"NAME(?:[\s\-–]+NAME)+", "NAME", text)
    return " ".join(text.lower().split())


def similarity(a: str, b: str) -> float:
    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2


def scope_of(label: str, text: str) -> str:
    for scope, pattern in SCOPES.get(label, ()):
        if re.search(pattern, text, re.I):
            return scope
    return ""


# -- the passages --------------------------------------------------------------------------------------
def _in_scope(docs: list[platforms.LibraryDocument], scope: str
              ) -> dict[int, tuple[platforms.LibraryDocument, platforms.Version]]:
    out = {}
    for d in docs:
        for v in (d.versions if scope == "all" else [d.latest]):
            out[v.document_id] = (d, v)
    return out


def _chunks(ids: list[int], n: int = 900):
    for i in range(0, len(ids), n):
        yield ids[i:i + n]


def _tag_rows(store: Store, label: str, doc_ids: list[int], with_text: bool = True) -> list[tuple]:
    """Tags of ``label`` in the latest analysis of ``doc_ids`` after review (rejected left out,
    re-labelled ones under their new label): (tag id, doc, clause id, start, end, page, severity, text)."""
    if not doc_ids:
        return []
    reviews = platforms.reviews_by_span(store)
    latest = "(SELECT max(id) FROM analyses a WHERE a.document_id = t.document_id)"
    found = store.db.execute(f"SELECT t.id, t.document_id, t.label, t.start, t.end FROM tags t"
                             f" WHERE t.label = ? AND t.analysis_id = {latest}", [label]).fetchall()
    for doc, old, start, end in (k for k, (status, new, _) in reviews.items() if new == label and k[1] != label
                                 and status != "rejected"):
        found += store.db.execute(f"SELECT t.id, t.document_id, t.label, t.start, t.end FROM tags t"
                                  f" WHERE t.document_id = ? AND t.label = ? AND t.start = ? AND t.end = ?"
                                  f" AND t.analysis_id = {latest}", [doc, old, start, end]).fetchall()
    wanted = set(doc_ids)
    keep, severity = [], {}
    for tag_id, doc, tag_label, start, end in found:
        status, new, sev = reviews.get((doc, tag_label, start, end), ("unreviewed", "", ""))
        if doc in wanted and status != "rejected" and (new or tag_label) == label:
            keep.append(tag_id)
            severity[tag_id] = sev
    if not with_text:
        return [(t, d, None, s, e, 1, "", "") for t, d, _, s, e in found if t in severity]
    out = []
    for ids in _chunks(keep):
        out += store.db.execute(
            "SELECT t.id, t.document_id, t.clause_id, t.start, t.end, t.page, t.severity,"
            " substr(d.text, t.start + 1, t.end - t.start) FROM tags t JOIN documents d ON d.id = t.document_id"
            f" WHERE t.id IN ({','.join('?' * len(ids))})", ids).fetchall()
    out = [(r[0], r[1], r[2], r[3], r[4], r[5], severity[r[0]] or r[6], r[7]) for r in out]
    return sorted(out, key=lambda r: (r[1], r[3]))


def _entities(store: Store, rows: list[tuple]) -> dict[int, dict[str, list[str]]]:
    """Per tag id: the jurisdictions, venues, carve-outs, thresholds... inside its evidence."""
    out: dict[int, dict[str, list[str]]] = {r[0]: {} for r in rows}
    by_doc: dict[int, list[tuple]] = {}
    for r in rows:
        by_doc.setdefault(r[1], []).append(r)
    for doc, tags in by_doc.items():
        ents = store.db.execute(
            "SELECT label, start, text, value, detail FROM entities WHERE analysis_id ="
            " (SELECT max(id) FROM analyses WHERE document_id = ?) AND start >= ? AND start < ?",
            [doc, min(t[3] for t in tags), max(t[4] for t in tags)]).fetchall()
        for label, start, text, value, detail in ents:
            key = _ENTITY_KEYS.get(label)
            if key is None:
                continue
            name = (json.loads(detail or "{}").get("name") if label == "JURISDICTION"
                    else value if label in ("CITY", "ARBITRATION_BODY") else " ".join(text.split()))
            for t in tags:
                if t[3] <= start < t[4]:
                    names = out[t[0]].setdefault(key, [])
                    if (name or text) not in names:
                        names.append(name or text)
    return out


# -- grouping ------------------------------------------------------------------------------------------
def group_variants(texts: list[str], scopes: list[str], threshold: float = VARIANT) -> list[list[int]]:
    """Indexes of ``texts`` (masked) grouped into variants: identical texts together, then each
    distinct wording (most frequent first) joins the closest variant leader of its scope."""
    distinct: dict[tuple[str, str], list[int]] = {}
    for i, (t, s) in enumerate(zip(texts, scopes, strict=True)):
        distinct.setdefault((s, t), []).append(i)
    order = sorted(distinct, key=lambda k: (-len(distinct[k]), k))
    leaders: dict[str, list[tuple[str, str]]] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    for key in order:
        scope, text = key
        mine = leaders.setdefault(scope, [])
        best, best_score = None, threshold
        if mine:
            lt = [t for _, t in mine]
            r = cdist([text], lt, scorer=fuzz.ratio)[0]
            ts = cdist([text], lt, scorer=fuzz.token_set_ratio)[0]
            for k, leader in enumerate(mine):
                score = (r[k] + ts[k]) / 2
                if score >= best_score:
                    best, best_score = leader, score
        if best is None:
            mine.append(key)
            groups[key] = []
        groups[best or key].extend(distinct[key])
    return list(groups.values())


def _medoid(texts: list[str]) -> int:
    if len(set(texts)) == 1:
        return 0
    r = cdist(texts, texts, scorer=fuzz.ratio)
    ts = cdist(texts, texts, scorer=fuzz.token_set_ratio)
    sums = ((r + ts) / 2).sum(axis=1)
    return int(sums.argmax())


def compare_type(store: Store, label: str, scope: str = "latest", threshold: float = VARIANT) -> Comparison:
    """The covenant ``label`` across the library: ``scope`` "latest" (the latest version of every
    document) or "all" (every version)."""
    check_type(label)
    library = platforms.documents(store)
    docs = _in_scope(library, scope)
    rows = _tag_rows(store, label, list(docs))
    names = name_pattern(store)
    ents = _entities(store, rows)
    numbers = dict(store.db.execute(
        f"SELECT id, number FROM clauses WHERE id IN ({','.join(str(int(r[2])) for r in rows if r[2])})")
        .fetchall()) if rows else {}
    members = []
    for tag_id, doc_id, clause_id, start, end, page, severity, text in rows:
        family, version = docs[doc_id]
        members.append(Member(clause_id, family.platform, doc_id, tag_id, 100.0, strip_marker(text),
                              version.title, version.label, version.date, numbers.get(clause_id, "") or "",
                              page, start, end, severity, ents.get(tag_id, {})))
    texts = [masked(m.text, names) for m in members]
    scopes = [scope_of(label, m.text) for m in members]
    variants = []
    for idx in group_variants(texts, scopes, threshold):
        rep_at = idx[_medoid([texts[i] for i in idx])]
        rep = members[rep_at]
        group = []
        for i in sorted(idx, key=lambda i: (i != rep_at, members[i].platform.lower(), members[i].date)):
            m = members[i]
            m.similarity = round(100.0 if i == rep_at else similarity(texts[rep_at], texts[i]), 1)
            m.words = [] if i == rep_at else word_diff(rep.text, m.text)
            group.append(m)
        variants.append(Variant(scopes[rep_at], rep, group))
    variants.sort(key=lambda v: (-len(v.platforms), -len(v.members), v.scope, v.representative.platform.lower()))

    all_platforms = sorted({d.platform for d in library}, key=str.lower)
    columns = []
    for name in all_platforms:
        mine = [m for m in members if m.platform == name]
        col = PlatformColumn(name, bool(mine), [k for k, v in enumerate(variants) if name in v.platforms], mine)
        for m in mine:
            for key, values in m.entities.items():
                col.entities.setdefault(key, [])
                col.entities[key] += [x for x in values if x not in col.entities[key]]
        columns.append(col)
    with_ = [c.platform for c in columns if c.has]
    dropped = _dropped(store, library, label, set(with_)) if scope == "latest" else []
    return Comparison(label, covenant_types()[label]["name"], scope, len(all_platforms), len(with_),
                      variants, columns, dropped)


def _dropped(store: Store, library: list[platforms.LibraryDocument], label: str, present: set[str]) -> list[dict]:
    """Documents whose earlier versions had the covenant and whose latest does not."""
    had = {r[1] for r in _tag_rows(store, label, list(_in_scope(library, "all")), with_text=False)}
    out = []
    for d in library:
        with_it = [v for v in d.versions if v.document_id in had]
        if with_it and d.latest.document_id not in had:
            last = with_it[-1]
            after = d.versions[d.versions.index(last) + 1]
            out.append({"platform": d.platform, "document": d.name, "still_elsewhere": d.platform in present,
                        "last_with": _version_json(last), "removed_in": _version_json(after),
                        "latest": _version_json(d.latest)})
    return out


def _version_json(v: platforms.Version) -> dict:
    return {"document_id": v.document_id, "label": v.label, "date": v.date, "title": v.title}


def compare_json(c: Comparison) -> dict:
    """The ``compare --json`` contract: ``{"type", "platforms_total", "platforms_with", "variants":
    [{"representative": {"clause_id", "platform", "document_id"}, "members": [{"clause_id", "platform",
    "document_id", "similarity"}]}]}``, plus further fields."""
    return {
        "type": c.type, "name": c.name, "scope": c.scope, "platforms_total": c.platforms_total,
        "platforms_with": c.platforms_with, "rarity": c.rarity,
        "variants": [{"scope": v.scope, "platforms": v.platforms, "representative": asdict(v.representative),
                      "members": [asdict(m) for m in v.members]} for v in c.variants],
        "platforms": [{"platform": p.platform, "has": p.has, "variants": p.variants, "entities": p.entities,
                       "clauses": [m.clause_id for m in p.members]} for p in c.platforms],
        "dropped": c.dropped,
    }
