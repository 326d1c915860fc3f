"""The clauses at other platforms most like one clause, whatever their tags.

Candidates come from the full-text index: FTS5 phrase queries for a few three-word runs of the
clause (shared wording, not shared vocabulary; the runs of its rarer words, which cost the index
least), BM25-ranked; they are then reranked with the comparison's rapidfuzz measure on texts with
names and numbers masked, so an untagged look-alike surfaces as readily as a tagged one. Of a clause that several versions of one
document share word for word, the latest version is shown.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz

from app.core import platforms
from app.core.compare import masked, name_pattern
from app.core.diff import strip_marker
from app.core.libraryfile import NotFoundInLibrary
from app.core.store import Store

CANDIDATES = 150  # FTS5 matches reranked
PHRASES = 10      # three-word runs of the clause put to FTS5 ...
SAMPLED = 30      # ... the cheapest of this many, spread over the clause

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


def query_words(text: str) -> list[str]:
    """The clause's words for the index: no function words, rare-looking (long) first."""
    words = dict.fromkeys(w for w in re.findall(r"[^\W\d_]{3,}", text.casefold()) if w not in _STOP)
    return sorted(words, key=lambda w: -len(w))


_df: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _doc_freq(store: Store, words: list[str]) -> dict[str, int]:
    """How many clauses each word is in (FTS5 counts, remembered per library for the session: a
    count goes stale as files are added, which only makes the choice of phrases a little off)."""
    known = _df.setdefault(store, {})
    for w in words:
        if w not in known:
            known[w] = store.db.execute("SELECT count(*) FROM clauses_fts WHERE clauses_fts MATCH ?",
                                        [f'"{w}"']).fetchone()[0]
    return known


def telling_phrases(store: Store, text: str, names: re.Pattern | None = None) -> list[str]:
    """Three-word runs of ``text`` to search for: spread over the clause, without platform names,
    not overlapping, those of the rarest words first (the index reads every clause holding each
    word of a phrase). A clause of one or two words is searched for as it is."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < 3:
        return [" ".join(words)] if words else []
    runs = [(i, words[i:i + 3]) for i in range(len(words) - 2)]
    runs = [(i, g) for i, g in runs if not (names and names.search(" ".join(g)))] or runs
    if len(runs) > SAMPLED:
        runs = [runs[int(k * len(runs) / SAMPLED)] for k in range(SAMPLED)]
    df = _doc_freq(store, list({w for _, g in runs for w in g}))
    chosen, used = [], set()
    for i, g in sorted(runs, key=lambda r: (sum(df[w] for w in r[1]), r[0])):
        if not used & {i, i + 1, i + 2}:
            chosen.append(" ".join(g))
            used |= {i, i + 1, i + 2}
            if len(chosen) == PHRASES:
                break
    return chosen


def likeness(a: str, b: str) -> float:
    """The comparison's measure, with the token-set part weighed by how much of the longer text the
    shorter covers: a one-word heading is inside every clause, and like none of them."""
    if not a or not b:
        return 0.0
    na, nb = len(a.split()), len(b.split())
    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b) * math.sqrt(min(na, nb) / max(na, nb))) / 2


def _fts_query(phrases: list[str]) -> str:
    return " OR ".join(f'"{p}"' for p in phrases)


def labels_of(store: Store, clause_ids: list[int]) -> dict[int, list[str]]:
    """Tag labels of clauses in their document's latest analysis (after review), each once."""
    return {cid: list(dict.fromkeys(label for label, _ in tags))
            for cid, tags in platforms.clause_tags(store, clause_ids).items()}


def similar_clauses(store: Store, clause_id: int, k: int = 5, candidates: int = CANDIDATES) -> list[SimilarClause]:
    """The ``k`` clauses of other platforms most like clause ``clause_id`` (best first)."""
    row = store.db.execute(
        "SELECT c.text, d.platform FROM clauses c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
        [clause_id]).fetchone()
    if row is None:
        raise NotFoundInLibrary(f"no clause with id {clause_id} in the library")
    text, platform = row
    names = name_pattern(store)
    phrases = telling_phrases(store, strip_marker(text), names)
    if not phrases:
        return []
    sql = ("SELECT c.id, c.document_id, c.number, c.page, c.text, d.platform, d.title, d.date, d.family_id"
           " FROM clauses_fts JOIN clauses c ON c.rowid = clauses_fts.rowid JOIN documents d ON d.id = c.document_id"
           " WHERE clauses_fts MATCH ? AND d.platform != ? ORDER BY clauses_fts.rank LIMIT ?")
    found = store.db.execute(sql, [_fts_query(phrases), platform or "", candidates]).fetchall()
    if len({(r[8], strip_marker(r[4])) for r in found}) < 2 * k:
        # few clauses share a phrase (a small library, or an unusual clause): add those sharing words
        df = _doc_freq(store, query_words(strip_marker(text)))
        words = sorted((w for w in query_words(strip_marker(text)) if df[w] > 1), key=df.get)[:PHRASES]
        seen_ids = {r[0] for r in found}
        found += [r for r in store.db.execute(sql, [" OR ".join(f'"{w}"' for w in words), platform or "",
                                                    candidates]).fetchall() if r[0] not in seen_ids]
    mine = masked(text, names)
    scored = [(likeness(mine, masked(r[4], names)), r) for r in found]
    scored.sort(key=lambda s: (s[1][7] or "", s[1][1]), reverse=True)  # later versions first among equals
    scored.sort(key=lambda s: -s[0])
    seen: set[tuple] = set()
    out = []
    for score, (cid, doc, number, page, ctext, cplatform, title, date, family) in scored:
        key = (family, strip_marker(ctext))  # the same words under another number in another version
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
