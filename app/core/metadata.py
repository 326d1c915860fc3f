"""What a document says about itself: issuing platform, kind, version and date.

Everything here is a proposal the user can override on import.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from app.core.paths import clause_library_dir

HEAD = 6000  # documents state their issuer and date near the top

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_RE = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + "|" + "|".join(m[:3].capitalize() for m in _MONTHS) + r")\.?"
_DATE_RE = re.compile(
    rf"(?P<mdy>{_MONTH_RE}\s+\d{{1,2}},?\s+\d{{4}})|(?P<dmy>\d{{1,2}}\s+{_MONTH_RE},?\s+\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
)
_DATE_CUE = re.compile(
    r"(last\s+(?:updated?|modified|revised)|updated|effective(?:\s+date)?|release\s+date|dated|"
    r"version\s+release\s+date|as\s+of)\W{0,5}(?:on\s+)?", re.IGNORECASE)
_VERSION_RE = re.compile(r"\b(?:version|v\.?)\s*(\d+(?:\.\d+){0,3})\b", re.IGNORECASE)

KINDS = [
    ("acceptable_use_policy", re.compile(r"acceptable\s+use|prohibited\s+use|use\s+policy", re.I)),
    ("terms_of_use", re.compile(r"terms\s+of\s+(?:use|service)|commercial\s+terms|user\s+agreement", re.I)),
    ("privacy_policy", re.compile(r"privacy\s+(?:policy|notice)", re.I)),
    ("licence", re.compile(r"licen[cs]e", re.I)),
]


@dataclass(frozen=True)
class Platform:
    name: str
    vendor: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def known_platforms() -> tuple[Platform, ...]:
    with open(clause_library_dir() / "platforms.toml", "rb") as f:
        data = tomllib.load(f)
    return tuple(Platform(p["name"], p.get("vendor", ""), tuple(p.get("aliases", [p["name"]])))
                 for p in data.get("platform", []))


def iso_date(text: str) -> str:
    """'January 20, 2025' / '20 January 2025' / '2025-01-20' -> '2025-01-20'; '' if not a date."""
    m = _DATE_RE.search(text)
    if not m:
        return ""
    if m.group("iso"):
        return m.group("iso")
    words = re.findall(r"[A-Za-z]+|\d+", m.group())
    month = next(_MONTHS[k] for w in words if w.isalpha()
                 for k in _MONTHS if k.startswith(w.lower()[:3]))
    nums = [int(w) for w in words if w.isdigit()]
    day, year = (nums[0], nums[1]) if nums[0] < 100 else (nums[1], nums[0])
    return f"{year:04d}-{month:02d}-{day:02d}"


def detect_date(text: str) -> str:
    head = text[:HEAD]
    for cue in _DATE_CUE.finditer(head):
        found = iso_date(head[cue.end():cue.end() + 40])
        if found:
            return found
    return ""


def detect_version(text: str) -> str:
    m = _VERSION_RE.search(text[:HEAD])
    return m.group(1) if m else ""


def detect_kind(title: str, text: str) -> str:
    for probe in (title, text[:400]):
        for kind, pattern in KINDS:
            if probe and pattern.search(probe):
                return kind
    return "other"


def detect_platform(text: str) -> Platform | None:
    """The known platform named most often near the top of the document."""
    head = text[:HEAD]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for platform in known_platforms():
        for alias in platform.aliases:
            for m in re.finditer(rf"(?<![\w.]){re.escape(alias)}(?!\w)", head):
                counts[platform.name] += 1
                first[platform.name] = min(first.get(platform.name, m.start()), m.start())
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], -first[n]))
    return next(p for p in known_platforms() if p.name == best)


_VENDOR_RE = re.compile(
    r"\b((?:[A-Z][\w&'.-]*\s+){0,4}[A-Z][\w&'.-]*),?\s+(Inc\.|LLC|L\.L\.C\.|Ltd\.?|Limited|GmbH|PBC|"
    r"Corporation|Corp\.|Co\.,\s+Ltd\.|Pte\.\s+Ltd\.|SAS|S\.A\.|AG|B\.V\.)(?!\w)")


def platform_from_vendor(vendor: str) -> str:
    """ "Halyard Systems, Inc." -> "Halyard Systems": a name for a platform ClauseLens does not know."""
    m = _VENDOR_RE.fullmatch(vendor.strip())
    return m.group(1).strip() if m else vendor


def detect_vendor(text: str) -> str:
    """A legal entity named near the top ("Northwind Labs, Inc."), most frequent first."""
    names = Counter(" ".join(m.group(0).split()) for m in _VENDOR_RE.finditer(text[:HEAD]))
    return names.most_common(1)[0][0] if names else ""
