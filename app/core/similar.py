"""The clauses at other platforms most like one clause, whatever their tags.

Candidates come from the full-text index (FTS5, BM25 over the clause's rarer words), then are
reranked with the comparison's rapidfuzz measure on texts with names and numbers masked, so an
untagged look-alike surfaces as readily as a tagged one. Of a clause that several versions of one
document share word for word, the latest version is shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz

from app.core import platforms
from app.core.compare import masked, name_pattern
from app.core.diff import strip_marker
from app.core.store import LibraryError, Store

CANDIDATES = 150  # FTS5 matches reranked
QUERY_WORDS = 12  # the clause's words put to FTS5

_STOP = set("""
a about above after all also an and any are as at be been before being below between both but by can
could did do does each either for from had has have having he her here hereby herein hereof hereunder
his how i if in into is it its itself may me might more most must my no nor not of on only or other
our out over own same shall she should so such than that the their them then there thereof these they
this those through to under until up upon was we were what when where whether which while who whom
why will with within without would you your yours
""".split())


@dataclass
class SimilarClause:
    clause_id: int
    platform: str
    document_id: int
    score: float
    labels: list[str] = field(default_factory=list)
    text: str = ""
    title: str = ""
    number: str = ""
    page: int = 1
    date: str = ""


def query_words(text: str, n: int = QUERY_WORDS) -> list[str]:
    """The clause's most telling words for the index: no function words, rare-looking (long) first."""
    words = dict.fromkeys(w for w in re.findall(r"[^\W\d_]{3,}", text.casefold()) if w not in _STOP)
    return sorted(words, key=lambda w: -len(w))[:n]


def likeness(a: str, b: str) -> float:
    """The comparison's measure, with the token-set part weighed by how much of the longer text the
    shorter covers: a one-word heading is inside every clause, and like none of them."""
    if not a or not b:
        return 0.0
    na, nb = len(a.split()), len(b.split())
    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b) * math.sqrt(min(na, nb) / max(na, nb))) / 2


def _fts_query(words: list[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


def labels_of(store: Store, clause_ids: list[int]) -> dict[int, list[str]]:
    """Tag labels of clauses in their document's latest analysis (after review)."""
    if not clause_ids:
        return {}
    rows = store.db.execute(
        "SELECT t.clause_id, t.document_id, t.label, t.start, t.end FROM tags t"
        f" WHERE t.clause_id IN ({','.join('?' * len(clause_ids))})"
        " AND t.analysis_id = (SELECT max(id) FROM analyses a WHERE a.document_id = t.document_id)",
        clause_ids).fetchall()
    reviews = platforms.reviews_by_span(store, list({r[1] for r in rows})) if rows else {}
    out: dict[int, list[str]] = {}
    for clause_id, doc, label, start, end in rows:
        status, new, _ = reviews.get((doc, label, start, end), ("unreviewed", "", ""))
        if status != "rejected":
            names = out.setdefault(clause_id, [])
            if (new or label) not in names:
                names.append(new or label)
    return out


def similar_clauses(store: Store, clause_id: int, k: int = 5, candidates: int = CANDIDATES) -> list[SimilarClause]:
    """The ``k`` clauses of other platforms most like clause ``clause_id`` (best first)."""
    row = store.db.execute(
        "SELECT c.text, d.platform FROM clauses c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        [clause_id]).fetchone()
    if row is None:
        raise LibraryError(f"no clause with id {clause_id} in the library")
    text, platform = row
    words = query_words(strip_marker(text))
    if not words:
        return []
    found = store.db.execute(
        "SELECT c.id, c.document_id, c.number, c.page, c.text, d.platform, d.title, d.date, d.family_id"
        " FROM clauses_fts JOIN clauses c ON c.rowid = clauses_fts.rowid JOIN documents d ON d.id = c.document_id"
        " WHERE clauses_fts MATCH ? AND d.platform != ? ORDER BY clauses_fts.rank LIMIT ?",
        [_fts_query(words), platform or "", candidates]).fetchall()
    names = name_pattern(store)
    mine = masked(text, names)
    scored = [(likeness(mine, masked(r[4], names)), r) for r in found]
    scored.sort(key=lambda s: (s[1][7] or "", s[1][1]), reverse=True)  # later versions first among equals
    scored.sort(key=lambda s: -s[0])
    seen: set[tuple] = set()
    out = []
    for score, (cid, doc, number, page, ctext, cplatform, title, date, family) in scored:
        key = (family, " ".join(ctext.split()))
        if key in seen:
            continue
        seen.add(key)
        out.append(SimilarClause(cid, cplatform, doc, round(score, 1), [], strip_marker(ctext), title,
                                 number or "", page, date or ""))
        if len(out) == k:
            break
    labels = labels_of(store, [s.clause_id for s in out])
    for s in out:
        s.labels = labels.get(s.clause_id, [])
    return out


def similar_json(clause_id: int, results: list[SimilarClause]) -> dict:
    """The ``similar --json`` contract: ``{"clause_id", "results": [{"clause_id", "platform",
    "document_id", "score", "labels"}]}``, plus further fields."""
    return {"clause_id": clause_id, "results": [asdict(r) for r in results]}
