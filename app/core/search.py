"""Full-text search over the clauses of the library (FTS5), with covenant filters and snippets.

The query is FTS5 syntax ("phrase", OR, NOT, prefix*, NEAR); text that is not valid FTS5 is searched
as plain words. Filters: covenant type, platform, severity (of a tag of that clause, after review),
and latest versions only. Each hit has a snippet with the matches marked and the matches' offsets
in the document's text, for highlighting.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field

from app.core import platforms
from app.core.store import Store

OPEN, CLOSE = "\x02", "\x03"  # match markers inside FTS5 highlight(), never in clause text
SNIPPET_CHARS = 200


@dataclass
class SearchHit:
    clause_id: int
    document_id: int
    platform: str
    title: str
    version: str
    date: str
    number: str
    page: int
    snippet: str                      # with matches between the caller's markers
    matches: list[tuple[int, int]]    # (start, end) offsets in the document's text
    labels: list[str] = field(default_factory=list)
    severities: list[str] = field(default_factory=list)


def _plain(query: str) -> str:
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def _matches(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without markers and the (start, end) of each marked run in it."""
    out, spans, pos, start = [], [], 0, None
    for part in re.split(f"([{OPEN}{CLOSE}])", marked):
        if part == OPEN:
            start = pos
        elif part == CLOSE:
            if start is not None:
                spans.append((start, pos))
            start = None
        else:
            out.append(part)
            pos += len(part)
    return "".join(out), spans


def snippet(text: str, spans: list[tuple[int, int]], marks: tuple[str, str] = ("\u00ab", "\u00bb"),
            width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``text`` around its first match, every match in view marked."""
    if not spans:
        body = " ".join(text.split())
        return body[:width] + ("\u2026" if len(body) > width else "")
    lo = max(0, spans[0][0] - width // 3)
    hi = min(len(text), lo + width)
    if lo > 0:
        lo = text.find(" ", lo) + 1 or lo
    parts, pos = [], lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        parts += [text[pos:s], marks[0], text[s:e], marks[1]]
        pos = e
    parts.append(text[pos:hi])
    body = " ".join("".join(parts).split())
    return ("\u2026" if lo > 0 else "") + body + ("\u2026" if hi < len(text) else "")


def search(store: Store, query: str, *, type: str | None = None, platform: str | None = None,
           severity: str | None = None, latest_only: bool = False, limit: int = 50,
           marks: tuple[str, str] = ("\u00ab", "\u00bb")) -> list[SearchHit]:
    """Clauses matching ``query``, best (BM25) first, filtered by covenant ``type``, ``platform``
    (name as in the library, case-insensitive or a unique prefix) and tag ``severity``."""
    if not query.strip():
        return []
    where, params = [], []
    if platform:
        where.append("d.platform = ?")
        params.append(platforms.resolve_platform(store, platform))
    if latest_only:
        ids = platforms.latest_ids(store)
        where.append(f"d.id IN ({','.join(str(int(i)) for i in ids) or 'NULL'})")
    filtered = bool(type or severity)
    sql = ("SELECT c.id, c.document_id, c.number, c.page, c.start, d.platform, d.title, d.version, d.date,"
           f" highlight(clauses_fts, 0, '{OPEN}', '{CLOSE}')"
           " FROM clauses_fts JOIN clauses c ON c.rowid = clauses_fts.rowid JOIN documents d ON d.id = c.document_id"
           " WHERE clauses_fts MATCH ?" + "".join(f" AND {w}" for w in where) +
           " ORDER BY clauses_fts.rank LIMIT ?")
    # with a tag filter, read further down the ranking: the filter is applied after
    fetch = limit * 20 if filtered else limit
    try:
        rows = store.db.execute(sql, [query, *params, fetch]).fetchall()
    except sqlite3.OperationalError:  # not FTS5 syntax ("licence's", "a AND"): plain words
        plain = _plain(query)
        if not plain:
            return []
        rows = store.db.execute(sql, [plain, *params, fetch]).fetchall()
    tags = platforms.clause_tags(store, [r[0] for r in rows])
    hits = []
    for cid, doc, number, page, cstart, pname, title, version, date, marked in rows:
        clause_tags = tags.get(cid, [])
        if type and not any(label == type for label, _ in clause_tags):
            continue
        if severity and not any(sev == severity and (not type or label == type) for label, sev in clause_tags):
            continue
        text, spans = _matches(marked or "")
        hits.append(SearchHit(cid, doc, pname or "", title or "", version or "", date or "", number or "", page,
                              snippet(text, spans, marks), [(cstart + s, cstart + e) for s, e in spans],
                              list(dict.fromkeys(label for label, _ in clause_tags)),
                              list(dict.fromkeys(sev for _, sev in clause_tags))))
        if len(hits) == limit:
            break
    return hits


def hit_json(hit: SearchHit) -> dict:
    return asdict(hit)
