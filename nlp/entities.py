"""Legal entities in a licence's text: jurisdictions, courts, cities, arbitral bodies and seats,
defined terms, carve-outs and numeric thresholds.

Pure Python and regular expressions (no spaCy): ``find_entities(text)`` returns ``Entity`` objects
whose ``start``/``end`` index the text it was given. Place and institution names are data in
``clause_library/entities/*.toml``, plus pycountry's names of countries and of the subdivisions
of a few countries. Every pattern is compiled once, on first use.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from nlp.paths import clause_library

LABELS = ("JURISDICTION", "VENUE", "CITY", "ARBITRATION_BODY", "ARBITRATION_SEAT", "DEFINED_TERM",
          "CARVE_OUT", "THRESHOLD")


@dataclass(frozen=True)
class Entity:
    label: str
    start: int
    end: int
    text: str
    value: str
    detail: dict = field(default_factory=dict, hash=False)  # JSON-serialisable extra facts


# --------------------------------------------------------------------------- text helpers

_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _fold(s: str) -> str:
    """The lookup key of a name: lowercase, accents dropped, one space, straight apostrophes."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'").replace("‘", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return _WS.sub(" ", s).strip().lower()


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _trie_regex(names: list[str]) -> str:
    """One alternation for many names, factored by common prefix so matching stays cheap."""
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def char(ch: str) -> str:
        return {" ": r"\s+", "'": "['’]", "-": "[-‐‑–]"}.get(ch) or re.escape(ch)

    def emit(node: dict) -> str:
        branches = [char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_ABBREVIATIONS = {"e.g", "i.e", "inc", "ltd", "co", "corp", "no", "nos", "u.s", "u.k", "vs", "v", "sec",
                  "art", "st", "mr", "ms", "dr", "cf", "para", "approx", "llc", "l.l.c", "pte", "b.v",
                  "n.a", "incl", "excl", "p.r.c", "e.u", "jr", "sr"}
_WORD_BEFORE_DOT = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE_DOT.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


_SENT_END = re.compile(r"\n\s*\n|;(?=\s)|[.!?](?=[\"”’)\]]*(?:\s+[A-Z0-9\"“‘'(\[]|\s*$))"
                       r"|\n(?=\s*(?:[\"“]|\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)]\s|[-•*]\s))")


def _sentence_end(text: str, pos: int, limit: int = 1500) -> int:
    """Offset where the sentence running at ``pos`` ends (before its full stop)."""
    stop = min(len(text), pos + limit)
    for m in _SENT_END.finditer(text, pos, stop):
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        return m.start()
    return stop


def _lstrip(text: str, pos: int) -> int:
    """The first non-space offset at or after ``pos`` (without copying the text)."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _rstrip(text: str, pos: int, chars: str = "") -> int:
    """The offset just after the last character before ``pos`` that is neither space nor ``chars``."""
    while pos > 0 and (text[pos - 1].isspace() or text[pos - 1] in chars):
        pos -= 1
    return pos


def _dedupe(ents: list[Entity]) -> list[Entity]:
    """Drop entities that overlap an earlier or longer one of the same list."""
    out: list[Entity] = []
    last_end = -1
    for e in sorted(ents, key=lambda e: (e.start, -e.end)):
        if e.start >= last_end:
            out.append(e)
            last_end = e.end
    return out


def _inside(spans: list[tuple[int, int]], start: int, end: int, strict: bool = True) -> bool:
    """``(start, end)`` lies within one of ``spans`` (sorted by start); strictly: and is shorter."""
    i = bisect_left(spans, (start + 1,)) - 1
    for _ in range(8):  # containing spans start shortly before: look back a few only
        if i < 0:
            break
        s, e = spans[i]
        if e >= end and (not strict or e - s > end - start):
            return True
        i -= 1
    return False


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Place:
    canonical: str
    code: str
    kind: str  # "jurisdiction", "city" or "county"
    ambiguous: bool = False


@dataclass
class _Data:
    names: dict[str, _Place]
    name_re: re.Pattern
    also: dict[str, list[str]]
    abbr: dict[str, str]
    abbr_re: re.Pattern
    demonyms: dict[str, str]
    demonym_re: re.Pattern
    places: dict[str, _Place]
    place_re: re.Pattern
    bodies: dict[str, str]
    body_re: re.Pattern
    body_abbr: dict[str, tuple[str, bool]]
    body_abbr_re: re.Pattern


def _load(name: str) -> dict:
    with open(clause_library() / "entities" / name, "rb") as f:
        return tomllib.load(f)


def _cased_forms(name: str) -> set[str]:
    """The spellings a name is searched under: as written and in capitals, each with and without
    accents. Matching is case-sensitive (much faster), which also keeps "china" and "georgia" out."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return {name, name.upper(), plain, plain.upper()}


def _names_regex(names: set[str], lookahead: str = "") -> re.Pattern:
    # No lookbehind: a pattern that starts with one cannot use the engine's fast first-character
    # scan, so the word boundary before a match is checked in Python (_starts_word).
    forms = {f.replace("’", "'") for n in names for f in _cased_forms(n)}
    # Chinese and Japanese are written without spaces: a name in those scripts needs no boundary.
    return re.compile("(?:" + _trie_regex(sorted(forms)) + r")(?:(?<=" + _CJK + r")|(?!\w))" + lookahead)


_CJK = "[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
_CJK_CHAR = re.compile(_CJK)


def _starts_word(text: str, pos: int) -> bool:
    return (pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_.-")
            or bool(_CJK_CHAR.match(text, pos)))


@cache
def _data() -> _Data:
    import pycountry  # loaded on first use only: its JSON tables take a moment

    juris = _load("jurisdictions.toml")
    names: dict[str, _Place] = {}

    def add(name: str, code: str, override: bool = False, ambiguous: bool = False) -> None:
        name = re.sub(r"\s*[(\[].*?[)\]]", "", name).strip()
        if name.lower().startswith("the "):
            name = name[4:]
        if not name or "," in name:
            return
        key = _fold(name)
        if override or key not in names:
            names[key] = _Place(name, code, "jurisdiction", ambiguous)

    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                add(getattr(c, attr), c.alpha_2)
    suffixes = juris.get("subdivision_suffixes", [])
    for country in juris.get("subdivision_countries", []):
        for sub in pycountry.subdivisions.get(country_code=country) or []:
            add(sub.name, sub.code)
            for suffix in suffixes:
                if sub.name.endswith(suffix):
                    add(sub.name[: -len(suffix)], sub.code)
                    if suffix == " Sheng":
                        add(sub.name[: -len(suffix)] + " Province", sub.code)
    for name, code in juris.get("aliases", {}).items():
        add(name, code, override=True)
    for name, code in juris.get("ambiguous", {}).items():
        add(name, code, override=True, ambiguous=True)
    canonical_names = {p.canonical for p in names.values()}

    abbr = dict(juris.get("abbreviations", {}))
    abbr_re = re.compile("(?:" + "|".join(re.escape(a) for a in sorted(abbr, key=len, reverse=True))
                         + r")(?![\w$])(?!\.\w)")
    demonyms = dict(juris.get("demonyms", {}))
    demonym_re = _names_regex(set(demonyms), r"(?=(?i:\s+(?:(?:substantive|governing|statutory|applicable|"
                              r"federal|state)\s+)?(?:laws?|courts?|legal\s+system|jurisdiction)\b))")

    places: dict[str, _Place] = {}
    data = _load("places.toml")
    for kind, table in (("city", data.get("cities", {})), ("county", data.get("counties", {}))):
        for canonical, row in table.items():
            for alias in [canonical, *row.get("aliases", [])]:
                places.setdefault(_fold(alias), _Place(canonical, row["code"], kind))
    place_names = {n for kind in ("cities", "counties") for c, row in data.get(kind, {}).items()
                   for n in [c, *row.get("aliases", [])]}

    bodies: dict[str, str] = {}
    body_names: set[str] = set()
    body_abbr: dict[str, tuple[str, bool]] = {}
    for code, row in _load("arbitration.toml").get("bodies", {}).items():
        for n in row.get("names", []):
            bodies[_fold(n)] = code
            body_names.add(n)
        for a in row.get("abbreviations", []):
            body_abbr[a] = (code, False)
        for a in row.get("context_abbreviations", []):
            body_abbr[a] = (code, True)
    body_abbr_re = re.compile("(?:" + "|".join(sorted(body_abbr, key=len, reverse=True)) + r")(?![\w-])")
    return _Data(names, _names_regex(canonical_names), {_fold(k): v for k, v in juris.get("also", {}).items()},
                 abbr, abbr_re, {_fold(k): v for k, v in demonyms.items()}, demonym_re, places,
                 _names_regex(place_names), bodies, _names_regex(body_names), body_abbr, body_abbr_re)


@cache
def _code_name(code: str) -> str:
    """A readable name for an ISO 3166 code ("US-CA" -> "California")."""
    import pycountry

    if code == "EU":
        return "European Union"
    rec = pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
    if rec is None:
        return code
    name = re.sub(r"\s*[(\[].*?[)\]]", "", getattr(rec, "common_name", None) or rec.name)
    return re.sub(r" (?:Sheng|Shi|SAR)$", "", name)


# --------------------------------------------------------------------------- jurisdictions

_STATE_OF = re.compile(r"(?i:\b(?:State|Commonwealth|Province|Territory|Canton|Emirate|Bailiwick|Kingdom)"
                       r"\s+of\s+(?:the\s+)?)$")
# Words that make an ambiguous name ("Jersey", "Chad", "Georgia") a place when they precede it.
_LEGAL_CUE_BEFORE = re.compile(
    r"(?:\b(?:laws?|courts?|located|based|governed|governing|state|commonwealth|bailiwick|republic|"
    r"jurisdictions?|residents?|incorporated|registered|organi[sz]ed|domiciled|situated|venue|seat(?:ed)?|"
    r"countr(?:y|ies)|citizens?|nationals?|territor(?:y|ies)|export\w*|sanction\w*|embargo\w*)\b"
    r"[^.;!?\n]{0,30}|\b(?:in|within)\s+(?:the\s+)?)$", re.I)
_LEGAL_CUE_AFTER = re.compile(r"\s*(?:laws?|courts?|corporation|company|statutes?|state\s+law)\b", re.I)
_LIST_GAP = re.compile(r"\s*,?\s*(?:(?:and|or|and/or)\s+)?(?:the\s+)?", re.I)
_GEORGIA_COUNTRY = re.compile(r"\b(?:Tbilisi|Georgian|Republic\s+of\s+Georgia)\b")
_DOLLARS_AFTER = re.compile(r"\s+dollars?\b", re.I)
_US_CAPS_CUE_BEFORE = re.compile(r"\bTHE\s+$")
_US_CAPS_CUE_AFTER = re.compile(r"\s+(?:LAWS?|FEDERAL|GOVERNMENT|EXPORT|PERSONS?|STATES?|DOLLARS)\b")


def _jurisdictions(text: str, d: _Data) -> list[Entity]:
    raw: list[tuple[Entity, bool]] = []  # (entity, ambiguous)
    for m in d.name_re.finditer(text):
        place = d.names.get(_fold(m.group()))
        if place is None or not _starts_word(text, m.start()):
            continue
        pre = None
        if "of" in text[max(0, m.start() - 9):m.start()].lower():
            pre = _STATE_OF.search(text, max(0, m.start() - 30), m.start())
        start = pre.start() if pre else m.start()
        code, detail = place.code, {"name": _code_name(place.code)}
        if place.canonical == "Georgia" and not pre:
            window = text[max(0, start - 300): m.end() + 300]
            code = "GE" if _GEORGIA_COUNTRY.search(window) else "US-GA"
            detail = {"name": _code_name(code), "ambiguous": ["US-GA", "GE"]}
        also = d.also.get(_fold(m.group()))
        if also:
            detail["also"] = list(also)
        entity = Entity("JURISDICTION", start, m.end(), text[start:m.end()], code, detail)
        raw.append((entity, place.ambiguous and not pre))
    for m in d.abbr_re.finditer(text):
        found = m.group()
        if not _starts_word(text, m.start()):
            continue
        if found in ("US", "U.S.") and _DOLLARS_AFTER.match(text, m.end()):
            continue  # "US dollars" is a currency
        if found == "US" and _caps_around(text, m.start(), m.end()):
            # In capitals, "US" is usually the pronoun ("CONTACT US"): keep it only in a country phrase.
            if not (_US_CAPS_CUE_BEFORE.search(text, max(0, m.start() - 5), m.start())
                    or _US_CAPS_CUE_AFTER.match(text, m.end())):
                continue
        code = d.abbr[found]
        raw.append((Entity("JURISDICTION", m.start(), m.end(), found, code, {"name": _code_name(code)}), False))
    for m in d.demonym_re.finditer(text):
        if not _starts_word(text, m.start()):
            continue
        code = d.demonyms[_fold(m.group())]
        detail = {"name": _code_name(code), "form": "adjective"}
        if code == "GB-ENG":
            detail["also"] = ["GB-WLS"]
        raw.append((Entity("JURISDICTION", m.start(), m.end(), m.group(), code, detail), False))

    raw.sort(key=lambda r: (r[0].start, -r[0].end))
    sure = [e for e, amb in raw if not amb]
    starts = [e.start for e in sure]
    out = list(sure)
    for e, amb in raw:
        if amb and _ambiguous_is_place(text, e, sure, starts):
            out.append(e)
    return _dedupe(out)


def _caps_around(text: str, start: int, end: int) -> bool:
    around = text[max(0, start - 25): start] + text[end: end + 25]
    letters = [c for c in around if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _ambiguous_is_place(text: str, e: Entity, sure: list[Entity], starts: list[int]) -> bool:
    if _LEGAL_CUE_BEFORE.search(text, max(0, e.start - 50), e.start) or _LEGAL_CUE_AFTER.match(text, e.end):
        return True
    # An item in a list of jurisdictions ("Cuba, Iran, ... and Chad").
    i = bisect_left(starts, e.start)
    before = sure[i - 1] if i > 0 else None
    after = sure[i] if i < len(sure) else None
    return bool((before and before.end <= e.start and _LIST_GAP.fullmatch(text, before.end, e.start))
                or (after and after.start >= e.end and _LIST_GAP.fullmatch(text, e.end, after.start)))


# --------------------------------------------------------------------------- cities


def _city_candidates(text: str, d: _Data) -> list[tuple[int, int, _Place]]:
    out = []
    for m in d.place_re.finditer(text):
        place = d.places.get(_fold(m.group()))
        if place and _starts_word(text, m.start()):
            out.append((m.start(), m.end(), place))
    return out


_CITY_OF = re.compile(r"(?i:\bcity\s+of\s+)$")
_COMMA_JURIS_GAP = re.compile(r",\s*")


def _is_dual(d: _Data, place: _Place, surface: str) -> bool:
    return _fold(surface) in d.names and place.kind == "city"


# --------------------------------------------------------------------------- arbitration bodies

_ARB_CONTEXT = re.compile(r"arbitra|mediat|dispute|\bRules\b", re.I)
_RULES_AFTER = re.compile(r"(?:['’]s)?(?:\s+(?!(?:UNDER|THE|OF|IN|BY|WITH|AT|FOR|TO|ITS|AND|OR|THEN)\b)[A-Z][\w&-]*){0,4}?"
                          r"\s+(?:Rules|RULES)\b"
                          r"(?:\s+(?:and|AND|&)\s+(?:Procedures|PROCEDURES)\b)?")
_RULES_BEFORE = re.compile(r"\bRules\b(?:\s+of\s+Arbitration)?\s+of\s+(?:the\s+)?$", re.I)


def _arbitration_bodies(text: str, d: _Data) -> list[Entity]:
    hits: list[tuple[int, int, str]] = []
    for m in d.body_re.finditer(text):
        code = d.bodies.get(_fold(m.group()))
        if code and _starts_word(text, m.start()):
            hits.append((m.start(), m.end(), code))
    for m in d.body_abbr_re.finditer(text):
        code, needs_context = d.body_abbr[m.group()]
        if not _starts_word(text, m.start()) or (
                needs_context and not _ARB_CONTEXT.search(text, max(0, m.start() - 200), m.end() + 200)):
            continue
        hits.append((m.start(), m.end(), code))
    out = []
    for start, end, code in hits:
        rules = _RULES_AFTER.match(text, end)
        detail = {}
        if rules:
            end = rules.end()
            detail["rules"] = True
        elif _RULES_BEFORE.search(text, max(0, start - 40), start) or code == "UNCITRAL":
            detail["rules"] = True
        out.append(Entity("ARBITRATION_BODY", start, end, text[start:end], code, detail))
    return _dedupe(out)


# --------------------------------------------------------------------------- venues and seats

# A run of capitalised words; a full stop may sit inside a word ("D.C") but never ends the run.
_WORD = r"[A-Z](?:[\w'’\-]|\.(?=\w))*"
_PLACE = r"(?P<place>" + _WORD + r"(?:(?:,[ \t]*|[ \t]+)(?:(?:of|and|the|upon|de|du)[ \t]+)*" + _WORD + r"){0,7})"
_COURT_WORD = re.compile(r"courts?\b|tribunals?\b|法院")  # searched in the lowercased text
# "杭州市中级人民法院", "被告住所地人民法院": the words before 法院 (court) in a Chinese forum clause.
_CJK_COURT_LEAD = re.compile(r"(?P<where>(?:原告|被告|甲方|乙方|许可方|被许可方|许可人|被许可人|守约方)?(?:住所地|所在地))?"
                             r"(?:有管辖权的)?(?:中级|高级|基层|互联网|最高|知识产权)?人民$")
# Words that may stand before "court(s)" in the name of a forum: "the state and federal courts",
# "Intermediate People's Court", "the English courts".
_COURT_ADJ = frozenset(
    "exclusive non-exclusive nonexclusive sole state federal provincial local national competent ordinary civil "
    "commercial appropriate relevant high supreme district superior circuit county magistrates magistrates' crown "
    "chancery intermediate higher basic primary municipal internet maritime financial people's central regional "
    "cantonal metropolitan united states".split())
_CONJ = frozenset(("and", "or", "and/or", "&"))


def _court_lead(text: str, pos: int) -> tuple[int, bool]:
    """Where the words describing a court that ends at ``pos`` begin, and whether it is a People's Court."""
    start, cursor, peoples = pos, pos, False
    for _ in range(10):
        end = _rstrip(text, cursor)
        if end == cursor:
            break
        begin = end
        while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "'’&/-"):
            begin -= 1
        word = text[begin:end].lower().replace("’", "'")
        if word in _COURT_ADJ:
            start, peoples = begin, peoples or word == "people's"
        elif word not in _CONJ or begin == end:
            break
        cursor = begin
    return start, peoples


_COURT_AFTER = re.compile(
    r"(?i:(?:\s+and\s+tribunals)?(?:\s+of\s+(?:competent|appropriate)\s+jurisdiction)?\s+"
    r"(?:(?:located|sitting|situated|seated|based|having\s+jurisdiction|with\s+jurisdiction)\s+)?"
    r"(?:in\s+and\s+for|in|of|for|at|within)\s+(?:the\s+)?"
    r"(?:(?:city\s+and\s+county|city|county|state|province|commonwealth|borough|prefecture)\s+of\s+)?)" + _PLACE)
_COURT_WHERE = re.compile(
    r"(?i:(?:\s+(?:with|having)\s+(?:competent\s+)?jurisdiction)?(?:\s+(?:located|situated))?"
    r"(?:\s+(?:in|at)\s+the\s+place)?\s+(?:where|in\s+which)\s)[^.;,()\n]{3,100}")
# "Place of jurisdiction is Zurich", "venue shall be Santa Clara County" (no word "court" at all).
_FORUM_ANCHOR = re.compile(r"jurisdiction|venue|forum")  # searched in the lowercased text
_FORUM_LEAD = re.compile(
    r"(?i:\b(?:(?:exclusive|sole)\s+)?(?:place\s+of\s+jurisdiction|(?:legal\s+)?venue|forum|"
    r"jurisdiction\s+and\s+venue|venue\s+and\s+jurisdiction)(?:\s+for\s+[^.;]{0,60}?)?\s+"
    r"(?:is|shall\s+be|will\s+be|lies|shall\s+lie)\s+(?:exclusively\s+)?(?:in\s+)?(?:the\s+)?"
    r"(?:(?:city|county|state|province)\s+of\s+)?)" + _PLACE)
_COURT_TAIL = re.compile(r"(?i:\s+of\s+(?:chancery|justice|appeals?))\b")
_GEO_WORD = re.compile(r"\b(?:County|District|City|Province|Prefecture|Borough|Parish|Canton)\b")
_COUNTY = re.compile(r"\b(?:County\s+of\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
                     r"\s+County)\b")
_NON_EXCLUSIVE = re.compile(r"\bnon-?\s?exclusive", re.I)
_EXCLUSIVE = re.compile(r"\bexclusive", re.I)

_SEAT_LEAD = re.compile(
    r"(?i:\b(?:legal\s+|juridical\s+)?(?:seat|place|venue|location|situs)(?:\s*,\s*or\s+[^,.;]{1,30},)?\s+of\s+(?:the\s+)?"
    r"(?:arbitration|arbitral\s+proceedings?)(?:\s+proceedings?)?\s+(?:shall|will|must|is\s+to|is)\s+be\s+"
    r"(?:in\s+|at\s+)?(?:the\s+)?(?:(?:city|county|state)\s+of\s+)?)" + _PLACE)
_SEAT_VERB = re.compile(
    r"(?i:\b(?:held|seated|sited|conducted|take\s+place|takes\s+place|located|sit|heard|proceed|arbitration)\s+"
    r"(?:in\s+(?:the\s+)?English(?:\s+language)?\s+(?:and\s+(?:held|seated)\s+)?)?"
    r"(?:exclusively\s+|only\s+)?(?:in|at)\s+(?:the\s+)?(?:(?:city|county|state)\s+of\s+)?)" + _PLACE)
_SEAT_CONTEXT = re.compile(r"arbitra|tribunal")  # searched in the lowercased text


class _Places:
    """Every known place found in the text, for resolving the place words of a court or a seat."""

    def __init__(self, juris: list[Entity], cities: list[tuple[int, int, _Place]]):
        items = [(e.start, e.end, "jurisdiction", e.value, e.text) for e in juris]
        items += [(s, e, p.kind, p.code, p.canonical) for s, e, p in cities]
        self.items = sorted(items)
        self.starts = [i[0] for i in self.items]
        self.by_end = {i[1]: i for i in self.items}

    def within(self, start: int, end: int) -> list[tuple]:
        """Places that end in ``(start, end]``; one may begin a little earlier ("State of Delaware"
        when the court pattern has already read "the State of")."""
        i = bisect_left(self.starts, start - 30)
        out = []
        while i < len(self.items) and self.items[i][0] < end:
            if start < self.items[i][1] <= end:
                out.append(self.items[i])
            i += 1
        return out


def _resolve(text: str, places: _Places, start: int, end: int) -> tuple[int, dict] | None:
    """Trim a run of capitalised place words to what is known, and describe it."""
    found = places.within(start, end)
    counties = list(_COUNTY.finditer(text, start, end))
    if found:
        end = max(i[1] for i in found)
    elif counties:
        end = counties[-1].end()
    elif text[start:end].isupper() or not _GEO_WORD.search(text, start, end):
        return None
    city = next((i[4] for i in found if i[2] == "city" and not text[max(0, i[0] - 9):i[0]].lower()
                 .endswith("state of ")), None)
    county = next((i[4] for i in found if i[2] == "county"), None)
    if county is None and counties:
        county = _norm(counties[0].group())
    if city is None and found and found[0][0] > start and not county:
        head = text[start:found[0][0]].rstrip(" ,")
        if head and "," in text[start:found[0][0]]:
            city = _norm(head)  # "Austin, Texas": a city the data does not list, then its state
    local = [i for i in found if i[2] in ("city", "county")]
    juris = [i for i in found if i[2] == "jurisdiction"]
    code = (local[0][3] if local else
            next((i[3] for i in juris if "-" in i[3]), juris[0][3] if juris else None))
    return end, {"city": city, "county": county, "code": code}


def _exclusive(text: str, start: int, end: int, detail: dict) -> None:
    """Whether the sentence around a forum calls it exclusive."""
    lo = max(0, start - 100)
    stops = list(_SENT_END.finditer(text, lo, start))
    if stops:
        lo = stops[-1].end()
    window = text[lo: _sentence_end(text, end, 80)]
    if _NON_EXCLUSIVE.search(window):
        detail["exclusive"] = False
    elif _EXCLUSIVE.search(window):
        detail["exclusive"] = True


def _cjk_venue(text: str, m: re.Match, places: _Places) -> Entity | None:
    lead = _CJK_COURT_LEAD.search(text, max(0, m.start() - 16), m.start())
    if lead is None:
        return None
    start = lead.start()
    prefix = places.by_end.get(start)
    detail = {"city": None, "county": None, "code": "CN"}
    if prefix and not lead.group("where"):
        start = prefix[0]
        detail = _resolve(text, places, start, prefix[1])[1]
    elif not lead.group("where") and lead.group() == "人民":
        return None  # a bare "人民法院" (the People's Courts in general) names no forum
    return Entity("VENUE", start, m.end(), text[start:m.end()], text[start:m.end()], detail)


def _venues(text: str, low: str, places: _Places) -> list[Entity]:
    out = []
    for m in _COURT_WORD.finditer(low):
        if m.group() == "法院":
            venue = _cjk_venue(text, m, places)
            if venue:
                out.append(venue)
            continue
        if not _starts_word(low, m.start()):
            continue
        start, peoples = _court_lead(text, m.start())
        end, detail = m.end(), None
        prefix = places.by_end.get(_rstrip(text, start))
        if prefix and prefix[1] < start:  # "Hangzhou Intermediate People's Court"
            start = prefix[0]
            resolved = _resolve(text, places, start, prefix[1])
            if resolved:
                detail = resolved[1]
            tail = _COURT_TAIL.match(text, end)
            end = tail.end() if tail else end
        after = _COURT_AFTER.match(text, m.end())
        if after:
            resolved = _resolve(text, places, after.start("place"), after.end("place"))
            if resolved:
                end, detail = resolved[0], resolved[1]
                if prefix and prefix[1] < m.start():
                    detail = _resolve(text, places, start, end)[1]
        if detail is None:
            where = _COURT_WHERE.match(text, m.end())
            if not where:
                continue
            end = _rstrip(text, where.end())
            detail = {"city": None, "county": None, "code": "CN" if peoples else None}
        elif peoples and detail.get("code") is None:
            detail["code"] = "CN"
        if text[start:start + 4].lower() == "the ":
            start += 4
        _exclusive(text, start, end, detail)
        out.append(Entity("VENUE", start, end, text[start:end], _norm(text[start:end]), detail))
    done = 0
    for a in _FORUM_ANCHOR.finditer(low):
        if a.start() < done:
            continue
        m = _FORUM_LEAD.search(text, max(0, a.start() - 40), min(len(text), a.end() + 160))
        if m is None or m.end() <= a.start():
            continue
        done = m.end()
        resolved = _resolve(text, places, m.start("place"), m.end("place"))
        if resolved:
            end, detail = resolved
            _exclusive(text, m.start(), end, detail)
            out.append(Entity("VENUE", m.start(), end, text[m.start():end], _norm(text[m.start():end]), detail))
    return _dedupe(out)


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isalpha():
        pos -= 1
    return pos


def _seats(text: str, low: str, places: _Places) -> list[Entity]:
    """Seats are looked for only in the sentences that speak of an arbitration or a tribunal."""
    matches = []
    done = 0
    for a in _SEAT_CONTEXT.finditer(low):
        if a.start() < done:
            continue
        done = _sentence_end(text, a.start(), 400)
        for m in _SEAT_LEAD.finditer(text, max(0, a.start() - 60), done):
            matches.append((m.start(), m))
        for m in _SEAT_VERB.finditer(text, a.start(), done):
            anchor = max(low.rfind("arbitra", a.start(), m.start() + 7), low.rfind("tribunal", a.start(), m.start()))
            if m.start() - anchor <= 150:
                matches.append((_word_start(text, anchor), m))
    out = []
    for start, m in matches:
        resolved = _resolve(text, places, m.start("place"), m.end("place"))
        if not resolved or not resolved[1]["code"]:
            continue
        end, info = resolved
        detail = {"place": text[m.start("place"):end], "city": info["city"]}
        out.append(Entity("ARBITRATION_SEAT", start, end, text[start:end], info["code"], detail))
    return _dedupe(out)


# --------------------------------------------------------------------------- defined terms

_QTERM = (r"(?:[\"“”](?P<{0}a>[^\"“”\n]{{1,80}}?)[\"“”]|‘(?P<{0}b>[^‘’\n]{{1,80}}?)’"
          r"|'(?P<{0}c>[A-Z][^'\n]{{0,79}}?)'(?![a-z]))")
_MEANS = re.compile(
    r"(?:(?:\*\*|__)?" + _QTERM.format("q") + r"(?:\*\*|__)?|(?:\*\*|__)(?P<qd>[A-Z][^*_\n]{0,60}?)(?:\*\*|__))"
    r"(?P<alt>\s*\((?i:or|and|also|each|together|singular|plural|collectively)\b[^()\n]{0,60}\)"
    r"|\s+(?:or|and)\s+(?:\*\*|__)?[\"“”‘][^\"“”‘’\n]{1,80}[\"“”’](?:\*\*|__)?)?"
    r"(?:\s*(?P<colon>:)|,?\s+(?i:(?P<strong>(?:shall|will|does|should)\s+(?:mean|refer\s+to|include)"
    r"|(?:shall\s+|will\s+)?ha(?:s|ve)(?=\s+the\s+meaning)|means|mean|refers?\s+to|is\s+defined\s+as"
    r"|are\s+defined\s+as|denotes?)|(?P<weak>is|are|includes?))\b)")
_WEAK_LEAD = re.compile(
    r"(?:^|[\n.;:]\s*|(?i:\b(?:herein|hereunder|below|agreement|terms|license|licence|policy)),?\s+"
    r"|(?i:\bas\s+used\s+[^.;\n]{0,60}?,\s*)|(?i:\bthe\s+(?:terms?|phrases?|expressions?|words?)\s+)"
    r"|^\s*\(?[a-z0-9ivx]{1,4}[.)]\s*|\n\s*\(?[a-z0-9ivx]{1,4}[.)]\s*)(?:\*\*|__)?$")
_QUOTE_ANCHOR = re.compile(r"[\"“”‘'*_]")
_PAREN_DEF = re.compile(
    r"\((?:\s*(?i:the|each|a|an|collectively|together|individually|jointly|hereinafter|hereafter|herein|"
    r"referred\s+to\s+(?:herein\s+)?as|as|such|being|or|and|respectively|called|defined\s+as)[\s,]*)*"
    r"(?:\*\*|__)?" + _QTERM.format("p1")
    + r"(?:\*\*|__)?(?:[\s,;]*(?:(?i:and|or|each|a|an|the|together|collectively|individually|respectively)[\s,]*)*"
    r"(?:\*\*|__)?" + _QTERM.format("p2") + r"(?:\*\*|__)?)*\s*\)")
_QUOTED = re.compile(r"[\"“”]([^\"“”\n]{1,80}?)[\"“”]|‘([^‘’\n]{1,80}?)’|'([A-Z][^'\n]{0,79}?)'(?![a-z])")
_SENT_START = re.compile(r"[.!?;:]\s|\n")


def _clean_term(term: str) -> str:
    return _norm(term).strip(" ,.;:")


_DEF_END = re.compile(r"\n\s*\n|[.!?](?=[\"”’)\]]*(?:\s+[A-Z0-9\"“‘'(\[]|\s*$))|\n(?=\s*(?:[\"“‘]|\*\*|__))")
_LIST_ITEM = re.compile(r"\s*\n\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)]|[-•*])\s[^\n]*")


def _definition_end(text: str, pos: int, limit: int = 3000) -> int:
    """Where a definition starting at ``pos`` ends: its sentence (a semicolon does not end it), or
    the list that follows when the definition is a lead-in ending with a colon."""
    stop = min(len(text), pos + limit)
    end = stop
    for m in _DEF_END.finditer(text, pos, stop):
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        end = m.start()
        break
    if text[pos:_rstrip(text, end)].endswith(":"):
        while (item := _LIST_ITEM.match(text, end, stop)) is not None:
            end = item.end()
    return end


_TRAILING_JOIN = re.compile(r"(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)]|\b(?:and|or))$")


def _trim_definition(text: str, end: int) -> int:
    """Drop what joins a definition to the next one: "; and", a list marker "(b)", the full stop."""
    for _ in range(4):
        end = _rstrip(text, end, ",;:.*")
        joiner = _TRAILING_JOIN.search(text, max(0, end - 6), end)
        if joiner is None:
            break
        end = joiner.start()
    return end


def _sentence_start(text: str, pos: int) -> int:
    """Offset where the sentence running at ``pos`` begins (looking back at most 600 characters)."""
    lo = max(0, pos - 600)
    start = lo
    for m in _SENT_START.finditer(text, lo, pos):
        if m.group()[0] != "." or not _is_abbreviation(text, m.start()):
            start = m.end()
    return _lstrip(text, start)


def _quoted_terms(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for q in _QUOTED.finditer(text, start, end):
        term = _clean_term(next(g for g in q.groups() if g is not None))
        if term and any(c.isalpha() for c in term) and len(term.split()) <= 8:
            out.append((q.start(), q.end(), term))
    return out


def _defined_terms(text: str) -> list[Entity]:
    # '"Output" means ...': the term, its variants in brackets, where its definition starts.
    means: list[tuple[int, list[tuple[int, int, str]], int]] = []
    last = 0
    for a in _QUOTE_ANCHOR.finditer(text):
        if a.start() < last:
            continue
        m = _MEANS.match(text, a.start())
        if m is None or ((m.group("colon") or m.group("weak"))
                         and not _WEAK_LEAD.search(text, max(0, m.start() - 80), m.start())):
            continue
        last = m.end()
        if m.group("qd") is not None:
            terms = [(m.start("qd"), m.end("qd"), _clean_term(m.group("qd")))]
        else:
            terms = _quoted_terms(text, m.start(), m.start("alt") if m.group("alt") else m.end())[:1]
        if m.group("alt"):
            terms += _quoted_terms(text, m.start("alt"), m.end("alt"))
        if terms and terms[0][2] and any(c.isalpha() for c in terms[0][2]):
            means.append((m.start(), terms, m.end()))
    out = []
    for i, (_, terms, def_start) in enumerate(means):
        def_start = _lstrip(text, def_start + (text[def_start:def_start + 1] == ":"))
        def_end = _definition_end(text, def_start)
        if i + 1 < len(means) and def_start < means[i + 1][0] < def_end:
            def_end = means[i + 1][0]
        detail = {"definition_start": def_start, "definition_end": max(def_start, _trim_definition(text, def_end))}
        out += [Entity("DEFINED_TERM", s, e, text[s:e], term, dict(detail)) for s, e, term in terms]
    # '... (collectively, the "Materials")': the words before the brackets define the term.
    spans = sorted((m[0], m[2]) for m in means)
    for m in _PAREN_DEF.finditer(text):
        if _inside(spans, m.start(), m.end(), strict=False):
            continue
        def_start = _sentence_start(text, m.start())
        detail = {"definition_start": def_start, "definition_end": max(def_start, _rstrip(text, m.start(), ","))}
        out += [Entity("DEFINED_TERM", s, e, text[s:e], term, dict(detail))
                for s, e, term in _quoted_terms(text, m.start(), m.end())]
    return _dedupe(out)


# --------------------------------------------------------------------------- carve-outs

_CARVE = re.compile(
    r"\b(?i:(?P<excluding>excluding|not\s+including|exclusive\s+of)\b|(?P<other_than>other\s+than)\b"
    r"|(?P<except>except(?:ing)?|with\s+the\s+exception\s+of|apart\s+from)\b|(?P<unless>unless)\b"
    r"|(?P<provided_that>provided(?:\s*,?\s*(?:however|further|always|also)\s*,?)?\s+that\b|provided\s*,\s*however\s*,)"
    r"|(?P<save>save)(?=\s+(?:as|for|that|where|to\s+the\s+extent|in\s+accordance|insofar|in\s+so\s+far)\b)"
    r"|(?P<not_a>(?:that|which)\s+(?:is|are)\s+not)(?=\s+(?:a|an|one\s+of|part\s+of)\s)"
    r"|(?P<consent>without\s+(?:the\s+)?(?:[\w.&-]+['’]s?\s+)?(?:prior\s+)?(?:express\s+)?(?:written\s+)?"
    r"(?:consent|permission|approval|authori[sz]ation)\b))")
# Chinese: 未经许可方书面同意 (without the licensor's written consent), 除……外 (except ...).
_CARVE_ZH = re.compile(r"(?P<consent>未经[^，。；、]{0,20}(?:同意|许可|授权))|(?P<except>(?<![删解排免清])除(?!非)[^，。；]{1,40}?(?:以)?外)")
_CARVE_ANCHOR = re.compile(r"excluding|not\sincluding|exclusive\sof|other\sthan|except|with\sthe\sexception"
                           r"|apart\sfrom|unless|provided|save\s|(?:that|which)\s+(?:is|are)\s+not\b|without\s")  # searched in the lowercased text
_CARVE_FILLER = re.compile(
    r"(?i:\s*,\s*(?:without\s+limitation|for\s+(?:the\s+)?avoidance\s+of\s+doubt|for\s+clarity|in\s+each\s+case|"
    r"however|where\s+applicable)\s*,)|(?i:\s+(?:for|that)\b)")
_CARVE_STOP = re.compile(r"[(),;:\n]|[.!?](?=\s|$)")
CARVE_CAP = 200


def _carve_end(text: str, pos: int, limit: int) -> int:
    """Where a carve-out whose object starts at ``pos`` stops: a closing parenthesis, a comma,
    a semicolon, a colon or the end of the sentence, and at the latest at ``limit``."""
    depth, limit = 0, min(len(text), limit)
    for m in _CARVE_STOP.finditer(text, pos, limit):
        c = m.group()
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif depth and c != "\n":
            continue
        elif c == "." and _is_abbreviation(text, m.start()):
            continue
        else:
            return m.start()
    if limit == len(text):
        return limit
    cut = text.rfind(" ", pos, limit)
    return cut if cut > pos else limit


def _carve_outs(text: str, low: str) -> list[Entity]:
    out = []
    for a in _CARVE_ANCHOR.finditer(low):
        m = _CARVE.match(low, a.start())
        if m is None or not _starts_word(low, a.start()):
            continue
        kind = m.lastgroup
        if kind == "consent":  # "without Licensor's prior written consent": the condition is the phrase
            out.append(Entity("CARVE_OUT", m.start(), m.end(), text[m.start():m.end()],
                              _norm(text[m.start():m.end()]), {"kind": kind}))
            continue
        obj = m.end()
        filler = _CARVE_FILLER.match(text, obj)
        if filler:
            obj = filler.end()
        end = _rstrip(text, _carve_end(text, obj, m.start() + CARVE_CAP))
        value = _norm(text[obj:end])
        if len(value) < 2 or not any(c.isalpha() for c in value):
            continue
        out.append(Entity("CARVE_OUT", m.start(), end, text[m.start():end], value, {"kind": kind}))
    if "未经" in text or "除" in text:
        for m in _CARVE_ZH.finditer(text):
            out.append(Entity("CARVE_OUT", m.start(), m.end(), m.group(), m.group(), {"kind": m.lastgroup}))
    return out


# --------------------------------------------------------------------------- thresholds

_NUMBER = re.compile(
    r"(?<![\w.,$€£¥])(?P<cur>(?:US\s?\$|U\.S\.\s?\$|\$|€|£|¥)\s?|(?:USD|EUR|GBP|RMB|CNY|JPY)\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)"
    r"(?P<scale>\s*(?i:million|billion|thousand|trillion)\b|\s?(?i:mm|mn|bn|m|b|k)\b)?"
    r"(?P<cur2>\s+(?i:(?:US\s+|U\.S\.\s+)?dollars|euros?|pounds(?:\s+sterling)?|yuan)\b|\s+(?:USD|EUR|GBP|RMB|CNY|JPY)\b)?"
    r"(?:\s*\([^()\n]{1,40}\))?")
_DIGITS = re.compile(r"\d+")
_UNIT_AFTER = re.compile(
    r"(?i:\s+(?:or\s+more\s+)?(?:(?:global|worldwide|total|aggregate|registered|active|unique|individual)\s+)*"
    r"(?P<unit>monthly\s+active\s+users?|daily\s+active\s+users?|weekly\s+active\s+users?|"
    r"(?:end[\s-])?users?|customers|subscribers|employees|full[\s-]time\s+employees|personnel)\b"
    r"|\s+(?P<mau>MAUs?|DAUs?|WAUs?)\b"
    r"|\s+(?:or\s+more\s+)?(?:in|of)\s+(?:(?:annual|gross|total|yearly|global|worldwide|aggregate|net)\s+)*"
    r"(?P<rev>revenues?|turnover|sales)\b)")
_COMPARATOR = (r"(?:(?:more|greater|higher|fewer|less|lower)\s+than|in\s+excess\s+of|exceed(?:s|ing|ed)?|over|above|"
               r"under|below|at\s+least|(?:not|no)\s+(?:less|more|fewer)\s+than|up\s+to|at\s+most|"
               r"equal\s+to\s+or\s+(?:greater|more|less)\s+than)")
_COMP_BEFORE = re.compile(r"(?i:\b(?P<comp>" + _COMPARATOR + r")\s+(?:(?:approximately|about)\s+)?)$")
_REVENUE_BEFORE = re.compile(
    r"(?i:\b(?:(?:annual|gross|total|yearly|global|worldwide|aggregate|net|recurring)\s+)*(?:revenues?|turnover|sales)\b"
    r"(?![^.;\d]*\btax)[^.;$€£¥\d]{0,40})$")
_USERS_BEFORE = re.compile(
    r"(?i:\b(?P<unit>monthly\s+active\s+users?|daily\s+active\s+users?|weekly\s+active\s+users?)|\b(?-i:(?P<mau>MAUs?|DAUs?|WAUs?)))"
    r"\b[^.;\d]{0,80}?" + r"(?i:\b" + _COMPARATOR + r")\s+(?:(?:approximately|about)\s+)?$")
_REVENUE_WORD = re.compile(r"revenue|turnover|sales")  # cheap pre-checks, in the lowercased text
_USERS_WORD = re.compile(r"active\s+users?|[mdw]aus?\b")
_OR_MORE = re.compile(r"\s+or\s+(more|greater|higher|above|less|fewer|lower|below)\b", re.I)
_LESS = ("less", "fewer", "lower", "below")
_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mm": 10**6, "mn": 10**6,
           "billion": 10**9, "b": 10**9, "bn": 10**9, "trillion": 10**12}
_CURRENCIES = {"$": "USD", "us$": "USD", "u.s.$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD",
               "u.s. dollars": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP",
               "gbp": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "¥": "JPY", "jpy": "JPY", "rmb": "CNY",
               "cny": "CNY", "yuan": "CNY"}
_COMP_KIND = [("not less", "gte"), ("no less", "gte"), ("not fewer", "gte"), ("no fewer", "gte"),
              ("not more", "lte"), ("no more", "lte"), ("at least", "gte"), ("equal to or greater", "gte"),
              ("equal to or more", "gte"), ("equal to or less", "lte"), ("up to", "lte"), ("at most", "lte"),
              ("fewer", "lt"), ("less", "lt"), ("lower", "lt"), ("under", "lt"), ("below", "lt")]
_UNITS = {"monthly": "monthly_active_users", "daily": "daily_active_users", "weekly": "weekly_active_users",
          "mau": "monthly_active_users", "dau": "daily_active_users", "wau": "weekly_active_users"}


def _comparator(phrase: str) -> str:
    phrase = _norm(phrase).lower()
    return next((kind for key, kind in _COMP_KIND if phrase.startswith(key)), "gt")


def _unit(word: str) -> str:
    w = word.lower()
    for key, unit in _UNITS.items():
        if w.startswith(key):
            return unit
    return "employees" if ("employee" in w or "personnel" in w) else "users"


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_NUMBER_WORDS.update({w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})
_WORD_SCALE = re.compile(r"\b(?:thousand|million|billion)\b")  # searched in the lowercased text
_WORD_AFTER = re.compile(
    r"(?:\s*\([^()\n]{1,40}\))?(?P<cur2>\s+(?i:(?:US\s+|U\.S\.\s+)?dollars|euros?|pounds(?:\s+sterling)?|yuan)\b)?")
_PREV_TOKEN = re.compile(r"([a-z]+)[\s-]+$")


def _word_number(low: str, scale: re.Match) -> tuple[int, Decimal] | None:
    """"seven hundred million" -> (where it starts, 700000000); "a million" -> 1000000."""
    words, start = [scale.group()], scale.start()
    while True:
        m = _PREV_TOKEN.search(low, max(0, start - 12), start)
        if not m or not (m.group(1) in _NUMBER_WORDS or m.group(1) in ("hundred", "and", "a")):
            break
        words.insert(0, m.group(1))
        start = m.start(1)
    while words and words[0] in ("and",):
        words.pop(0)
    if len(words) < 2:
        return None
    total, current = 0, 0
    for w in words:
        if w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
        elif w == "a":
            current = 1
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _SCALES:
            total, current = total + max(current, 1) * _SCALES[w], 0
    return start, Decimal(total + current)


def _number_candidates(text: str, low: str) -> list[tuple[int, int, Decimal, str, str]]:
    """Every amount: (start, end, value, currency as written, scale as written)."""
    found = []
    last = 0
    for a in _DIGITS.finditer(text):
        if a.start() < last:
            continue
        m = next((c for c in _NUMBER.finditer(text, max(0, a.start() - 6), a.end() + 60) if c.end() > a.start()),
                 None)
        if m is None or m.start("num") > a.start():
            continue
        last = m.end()
        scale = (m.group("scale") or "").strip().lower()
        try:
            value = Decimal(m.group("num").replace(",", "")) * _SCALES.get(scale, 1)
        except InvalidOperation:
            continue
        found.append((m.start(), m.end(), value, (m.group("cur") or m.group("cur2") or "").strip(), scale))
    for sc in _WORD_SCALE.finditer(low):
        parsed = _word_number(low, sc)
        if parsed is None:
            continue
        after = _WORD_AFTER.match(text, sc.end())
        found.append((parsed[0], after.end(), parsed[1], (after.group("cur2") or "").strip(), "words"))
    found.sort()
    out, last = [], 0
    for f in found:  # "seven hundred million (700,000,000)": the words win, the figure in brackets is theirs
        if f[0] >= last:
            out.append(f)
            last = f[1]
    return out


def _thresholds(text: str, low: str) -> list[Entity]:
    out = []
    for amount_start, num_end, number, currency, scale in _number_candidates(text, low):
        start, end = amount_start, _rstrip(text, num_end)
        lead = max(0, start - 120)
        after = _UNIT_AFTER.match(text, num_end)
        detail: dict = {}
        if after and (after.group("unit") or after.group("mau")) and not currency:
            end, detail["unit"] = after.end(), _unit(after.group("unit") or after.group("mau"))
        elif currency and after and after.group("rev"):
            end, detail["unit"] = after.end(), "revenue"
        elif currency and _REVENUE_WORD.search(low, lead, start) and (
                rev := _REVENUE_BEFORE.search(text, lead, start)):
            start, detail["unit"] = rev.start(), "revenue"
        elif not currency and _USERS_WORD.search(low, lead, start) and (
                users := _USERS_BEFORE.search(text, lead, start)):
            start, detail["unit"] = users.start(), _unit(users.group("unit") or users.group("mau"))
        else:
            continue
        if scale in ("m", "b", "k") and not currency and not after:
            continue  # "10 m" is a length, not ten million
        comp = _COMP_BEFORE.search(text, max(0, amount_start - 48), amount_start)
        if detail["unit"] == "users" and not (comp or "more" in after.group()):
            continue  # "2,000,000 users in 2023" is a count; "more than 10,000 users" is a threshold
        if currency:
            detail["currency"] = _CURRENCIES.get(_norm(currency).lower(), currency)
        or_more = _OR_MORE.match(text, end)
        if or_more:  # "$10M or more", "500 employees or more"
            end, detail["comparator"] = or_more.end(), "lte" if or_more.group(1).lower() in _LESS else "gte"
        elif after and "more" in after.group().lower() and not comp:
            detail["comparator"] = "gte"  # "10,000 or more users"
        if comp:
            detail["comparator"] = _comparator(comp.group("comp"))
            start = min(start, comp.start())
        out.append(Entity("THRESHOLD", start, end, text[start:end], str(int(number)), detail))
    return _dedupe(out)


# --------------------------------------------------------------------------- all together


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def find_entities(text: str) -> list[Entity]:
    """Every legal entity found in ``text``, sorted by start; ``text[e.start:e.end] == e.text``."""
    d = _data()
    juris = _jurisdictions(text, d)
    cities = _city_candidates(text, d)
    bodies = _arbitration_bodies(text, d)
    body_spans = [(b.start, b.end) for b in bodies]
    juris = [e for e in juris if not _inside(body_spans, e.start, e.end, strict=False)]
    cities = [c for c in cities if not _inside(body_spans, c[0], c[1], strict=False)]
    # A name inside a longer place name is part of it ("New York County", "the State of New York").
    city_spans = sorted((s, e) for s, e, _ in cities)
    juris_spans = sorted((e.start, e.end) for e in juris)
    juris = [e for e in juris if not _inside(city_spans, e.start, e.end)]
    cities = [c for c in cities if not _inside(juris_spans, c[0], c[1])]

    places = _Places(juris, cities)
    low = text.lower()
    if len(low) != len(text):  # a few characters lowercase to two; keep offsets aligned
        low = text.translate(_ASCII_LOWER)
    venues = _venues(text, low, places)
    seats = _seats(text, low, places)
    forum_spans = sorted((e.start, e.end) for e in venues + seats)
    juris_by_start = {e.start: e for e in juris}
    city_ends = {e for _, e, _ in cities}
    city_ents, city_juris = [], set()
    for s, e, p in cities:
        dual = _is_dual(d, p, text[s:e])
        gap = _COMMA_JURIS_GAP.match(text, e)
        before_comma_juris = bool(gap and gap.end() in juris_by_start)
        after_city = _rstrip(text, s, ",") in city_ends and "," in text[max(0, s - 3):s]
        if dual and (after_city or not (before_comma_juris or _CITY_OF.search(text, max(0, s - 10), s)
                                        or _inside(forum_spans, s, e, strict=False))):
            continue  # "New York, New York": the second names the state
        if dual and (before_comma_juris or _CITY_OF.search(text, max(0, s - 10), s)):
            city_juris.add(s)  # "New York, New York": the first is the city, not the state
        city_ents.append(Entity("CITY", s, e, text[s:e], p.canonical, {"code": p.code, "kind": p.kind}))
    juris = [e for e in juris if e.start not in city_juris]

    ents = juris + city_ents + bodies + venues + seats
    ents += _defined_terms(text) + _carve_outs(text, low) + _thresholds(text, low)
    ents.sort(key=lambda e: (e.start, -e.end, e.label))
    return ents
