"""Platforms, their documents, and the dated versions of each document.

A *platform* is a model maker or service (name, vendor). A *document* of a platform is a family of
versions with one platform, one kind (licence, acceptable-use policy, terms of use...) and one
family key. Every imported file (a row of ``documents``) is one *version* of one document.

The family key is the title with the platform's names, version numbers, dates and the generic words
of legal titles taken out ("LLAMA 2 COMMUNITY LICENSE AGREEMENT" and "Llama 3.1 Community License
Agreement" both give ""; "MIT License" at DeepSeek gives "mit"), or what the user states on import.

Decision: successive model licences of one line (Llama 2, 3, 3.1, 3.2, 3.3, 4) are *versions of
one document*, as a new version of terms of use is: the diff and the timeline then show what Meta
changed from one to the next (the anti-distillation clause dropped in Llama 3.1). Because an older
model licence still binds whoever uses that older model, the comparison offers both views: the
latest version of each document (the market as it stands) and every version (what any model in
the library is licensed under), and the latest view names the platforms that dropped a covenant.
A user who wants a model's licence treated as a document of its own imports it with ``--family``.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace

from app.core import metadata, migrations
from app.core.libraryfile import NotFoundInLibrary
from app.core.store import Store

UNKNOWN_PLATFORM = ""  # documents whose issuer is neither detected nor stated

_GENERIC = set("""
the of and a an for to on in by with this these our your its
agreement agreements community license licence licenses licences licensing terms term conditions
use uses usage service services policy policies acceptable prohibited privacy notice user users
model models series version versions release edition v rev revision last updated effective
inc llc l.l.c ltd limited pbc corp corporation co gmbh sas s.a ag b.v pte plc
january february march april may june july august september october november december
i ii iii iv vi vii viii ix x
""".split())


@dataclass(frozen=True)
class Version:
    """One imported file of a document; ``seq`` counts from 1 (oldest) in the document."""

    document_id: int
    seq: int
    label: str
    version: str
    date: str
    title: str
    file_name: str
    sha256: str
    imported_at: str
    clause_count: int


@dataclass(frozen=True)
class LibraryDocument:
    """A document of a platform, with its versions oldest first."""

    id: int
    platform: str
    kind: str
    key: str
    name: str
    versions: list[Version] = field(default_factory=list)

    @property
    def latest(self) -> Version:
        return self.versions[-1]


@dataclass(frozen=True)
class PlatformInfo:
    name: str
    vendor: str
    documents: list[LibraryDocument] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or "(unknown platform)"


def _words(text: str) -> list[str]:
    # letters only: "llama3_3" gives "llama"; digits are version numbers
    return re.findall(r"[a-z]+(?:\.[a-z]+)*", text.lower())


def _platform_words(platform: str, vendor: str) -> set[str]:
    words = set(_words(platform)) | set(_words(vendor))
    for known in metadata.known_platforms():
        if known.name == platform:
            for alias in known.aliases:
                words |= set(_words(alias))
            words |= set(_words(known.vendor))
    return words


def family_key(title: str, platform: str, vendor: str = "") -> str:
    """The family a title belongs to at its platform ("" for the platform's main document)."""
    drop = _GENERIC | _platform_words(platform, vendor)
    return " ".join(w for w in _words(title) if w not in drop)


def family_name(title: str) -> str:
    """A title without its version numbers, for display ("Llama Community License Agreement")."""
    name = re.sub(r"[-_ ]?v?\d+(?:[._]\d+)*\b", "", title).replace("_", " ").strip(" -:")
    name = re.sub(r"\s{2,}", " ", name)
    return name.title() if name.isupper() else name


def version_label(version: str, title: str, date: str) -> str:
    """What a version is called: its stated version, the number in its title, else its date."""
    if version:
        return version
    m = re.search(r"(?<![\d.])(\d+(?:[._]\d+)*)(?![\d.]|[^\W\d_])", title)  # not "7B" (a size)
    if m and not re.fullmatch(r"(?:19|20)\d\d", m.group(1)):
        return m.group(1).replace("_", ".")
    return date


# -- schema guard and family assignment ------------------------------------------------------------
_ready: weakref.WeakSet = weakref.WeakSet()


def _ensure(store: Store) -> None:
    """Migration 3 for a library created before it existed, then families for unassigned files."""
    if store not in _ready:
        if "families" not in store.db.table_names():
            with store.db.atomic():
                migrations.platforms_and_document_families(store.db)
        _ready.add(store)
    pending = [r[0] for r in store.db.execute("SELECT id FROM documents WHERE family_id IS NULL")]
    for doc_id in pending:
        assign(store, doc_id)


def _platform_id(store: Store, name: str, vendor: str) -> int:
    row = store.db.execute("SELECT id, vendor FROM platforms WHERE name = ?", [name]).fetchone()
    if row is None:
        return store.db.execute("INSERT INTO platforms (name, vendor) VALUES (?, ?)", [name, vendor]).lastrowid
    if vendor and not row[1]:
        store.db.execute("UPDATE platforms SET vendor = ? WHERE id = ?", [vendor, row[0]])
    return row[0]


def assign(store: Store, doc_id: int, family: str = "") -> int:
    """Put a stored file into its platform's document (created if new); returns the document id.

    ``family`` is the user's name for the document; by default it comes from the title."""
    if store not in _ready:
        _ensure(store)
    row = store.db.execute("SELECT platform, vendor, kind, title FROM documents WHERE id = ?",
                           [doc_id]).fetchone()
    if row is None:
        raise NotFoundInLibrary(f"no document with id {doc_id} in the library")
    platform, vendor, kind, title = (v or "" for v in row)
    with store.db.atomic():
        pid = _platform_id(store, platform, vendor)
        key = " ".join(_words(family)) if family else family_key(title, platform, vendor)
        kind = kind or "other"
        found = store.db.execute("SELECT id FROM families WHERE platform_id = ? AND kind = ? AND key = ?",
                                 [pid, kind, key]).fetchone()
        fam_id = found[0] if found else store.db.execute(
            "INSERT INTO families (platform_id, kind, key, name) VALUES (?, ?, ?, ?)",
            [pid, kind, key, family or family_name(title) or kind]).lastrowid
        store.db.execute("UPDATE documents SET family_id = ? WHERE id = ?", [fam_id, doc_id])
    return fam_id


def set_metadata(store: Store, doc_id: int, *, platform: str | None = None, kind: str | None = None,
                 version: str | None = None, date: str | None = None, family: str | None = None) -> int:
    """Correct what was detected on import; the file moves to the matching document."""
    _ensure(store)
    changes = {k: v for k, v in (("platform", platform), ("kind", kind), ("version", version),
                                 ("date", date)) if v is not None}
    if platform is not None:
        changes["vendor"] = next((p.vendor for p in metadata.known_platforms() if p.name == platform), "")
    if changes:
        store.db["documents"].update(doc_id, changes)
    return assign(store, doc_id, family or "")


# -- queries ------------------------------------------------------------------------------------------
def _sort_key(date: str, doc_id: int) -> tuple:
    # dated versions in date order; an undated file counts as newer than any dated one, then by
    # import order (users give --date to place an old undated file)
    return (date or "~", doc_id)


def _families(store: Store, where: str = "", params: tuple = ()) -> list[LibraryDocument]:
    _ensure(store)
    rows = store.db.execute(
        "SELECT f.id, p.name, f.kind, f.key, f.name, d.id, d.version, d.date, d.title, d.file_name,"
        " d.sha256, d.imported_at, (SELECT count(*) FROM clauses c WHERE c.document_id = d.id)"
        " FROM families f JOIN platforms p ON p.id = f.platform_id JOIN documents d ON d.family_id = f.id"
        f" {where}", params).fetchall()
    grouped: dict[int, tuple] = {}
    versions: dict[int, list] = {}
    for fid, pname, kind, key, name, did, ver, date, title, fname, sha, imported, count in rows:
        grouped[fid] = (fid, pname, kind, key, name)
        versions.setdefault(fid, []).append((did, ver or "", date or "", title or "", fname or "",
                                             sha, imported or "", count))
    out = []
    for fid, head in grouped.items():
        vs = sorted(versions[fid], key=lambda v: _sort_key(v[2], v[0]))
        out.append(LibraryDocument(*head, versions=[
            Version(did, i, version_label(ver, title, date) or f"#{i}", ver, date, title, fname, sha, imported, count)
            for i, (did, ver, date, title, fname, sha, imported, count) in enumerate(vs, start=1)]))
    return sorted(out, key=lambda d: (d.platform.lower(), d.kind, d.name.lower(), d.id))


def library_tree(store: Store) -> list[PlatformInfo]:
    """Platform > document > version, for the library tree and ``timeline``."""
    docs = _families(store)
    vendors = dict(store.db.execute("SELECT name, vendor FROM platforms").fetchall())
    by_platform: dict[str, list[LibraryDocument]] = {}
    for d in docs:
        by_platform.setdefault(d.platform, []).append(d)
    return [PlatformInfo(name, vendors.get(name) or "", ds) for name, ds in by_platform.items()]


def document_of(store: Store, doc_id: int) -> LibraryDocument:
    """The document (family) a stored file is a version of."""
    _ensure(store)
    row = store.db.execute("SELECT family_id FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFoundInLibrary(f"no document with id {doc_id} in the library")
    return _families(store, "WHERE f.id = ?", (row[0],))[0]


def version_of(store: Store, doc_id: int) -> Version:
    return next(v for v in document_of(store, doc_id).versions if v.document_id == doc_id)


def previous_version(store: Store, doc_id: int) -> Version | None:
    """The version before this one of the same document (None for the first)."""
    versions = document_of(store, doc_id).versions
    i = next(i for i, v in enumerate(versions) if v.document_id == doc_id)
    return versions[i - 1] if i > 0 else None


def documents(store: Store) -> list[LibraryDocument]:
    return _families(store)


def latest_ids(store: Store) -> list[int]:
    """The stored file id of the latest version of every document."""
    return [d.latest.document_id for d in _families(store)]


def platform_names(store: Store) -> list[str]:
    """Platforms with at least one document in the library."""
    _ensure(store)
    return [r[0] for r in store.db.execute(
        "SELECT DISTINCT p.name FROM platforms p JOIN families f ON f.platform_id = p.id"
        " JOIN documents d ON d.family_id = f.id ORDER BY lower(p.name)")]


def resolve_platform(store: Store, name: str) -> str:
    """A platform of the library named (case-insensitively, or by a unique prefix) by the user."""
    names = platform_names(store)
    exact = [n for n in names if n.lower() == name.lower()]
    if exact:
        return exact[0]
    starts = [n for n in names if n.lower().startswith(name.lower())]
    if len(starts) == 1:
        return starts[0]
    known = ", ".join(n or "(unknown)" for n in names) or "none yet"
    raise NotFoundInLibrary(f"no single platform called {name!r} in the library (platforms: {known})")


# -- the lawyer's review, as far as comparisons need it ---------------------------------------------------
def clause_tags(store: Store, clause_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(label, severity) of each clause's tags in its document's latest analysis, after review
    (a rejected tag is left out; a re-labelled one carries the lawyer's label and severity)."""
    if not clause_ids:
        return {}
    rows = store.db.execute(
        "SELECT t.clause_id, t.document_id, t.label, t.start, t.end, t.severity FROM tags t"
        f" WHERE t.clause_id IN ({','.join('?' * len(clause_ids))})"
        " AND t.analysis_id = (SELECT max(id) FROM analyses a WHERE a.document_id = t.document_id)",
        clause_ids).fetchall()
    reviews = reviews_by_span(store, list({r[1] for r in rows})) if rows else {}
    out: dict[int, list[tuple[str, str]]] = {}
    for cid, doc, label, start, end, sev in rows:
        status, new, new_sev = reviews.get((doc, label, start, end), ("unreviewed", "", ""))
        if status != "rejected":
            out.setdefault(cid, []).append((new or label, new_sev or sev))
    return out


def reviews_by_span(store: Store, doc_ids: list[int] | None = None) -> dict[tuple, tuple[str, str, str]]:
    """``{(document id, label, start, end): (status, new label, severity)}`` of the review table.

    Comparison, search and diffs leave rejected tags out and use a re-labelled tag's new label.
    A review made on an older analysis whose span moved is matched by ``app.core.review`` only."""
    if "reviews" not in store.db.table_names():
        return {}
    where, params = "", []
    if doc_ids is not None:
        where = f" WHERE document_id IN ({','.join('?' * len(doc_ids))})"
        params = list(doc_ids)
    return {(d, label, s, e): (status or "unreviewed", new_label or "", severity or "")
            for d, label, s, e, status, new_label, severity in store.db.execute(
                "SELECT document_id, label, start, end, status, new_label, severity FROM reviews" + where,
                params)}


def reviewed_analysis(store: Store, doc_id: int):
    """The latest analysis of a stored file with rejected tags left out and reviews applied."""
    found = store.get_analysis(doc_id)
    if found is None:
        return None
    reviews = reviews_by_span(store, [doc_id])
    tags = []
    for t in found.tags:
        status, new_label, severity = reviews.get((doc_id, t.label, t.start, t.end), ("unreviewed", "", ""))
        if status == "rejected":
            continue
        tags.append(replace(t, label=new_label or t.label, severity=severity or t.severity, status=status))
    return replace(found, tags=tags)
