"""Typed objects for the rule data in ``clause_library/patterns`` (cues.toml, rules.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from nlp import paths

MODALITIES = ("prohibition", "permission", "obligation", "definition", "condition", "statement")
PARTIES = ("licensee", "provider", "none")


@dataclass(frozen=True)
class Cue:
    name: str
    phrases: tuple[str, ...]
    regex: tuple[str, ...] = ()
    token_patterns: tuple = ()  # spaCy token patterns, for what a phrase cannot say


@dataclass(frozen=True)
class Rule:
    """A covenant is tagged when every group in ``all`` has a cue in the sentence (a group is a
    list of alternatives), no cue of ``none`` is there, and the sentence's modality and bound
    party are among those allowed."""

    id: str
    label: str
    why: str
    all: tuple[tuple[str, ...], ...]
    none: tuple[str, ...] = ()
    modality: tuple[str, ...] = MODALITIES
    party: tuple[str, ...] = PARTIES
    confidence: float = 0.9
    explicit: bool = True
    fallback: bool = False  # only when no other label was found in the sentence
    entities: tuple[str, ...] = ()  # at least one of these entity labels must be in the sentence
    inherited: bool = True  # may fire on a list item whose modality comes from its lead-in

    def cue_names(self) -> set[str]:
        return {c for group in self.all for c in group} | set(self.none)


@dataclass(frozen=True)
class CovenantType:
    """A covenant type from clause_library/taxonomy. Its example sentences are read from the
    file when first asked for: tagging needs only the header (parsing 1,400 examples would add
    a tenth of a second to every start)."""

    id: str
    name: str
    description: str
    severity: str
    bound_party: str = "licensee"
    path: Path | None = None

    @property
    def positive(self) -> tuple[str, ...]:
        return _examples(self.path)[0]

    @property
    def negative(self) -> tuple[str, ...]:
        return _examples(self.path)[1]


@lru_cache(maxsize=64)
def _examples(path: Path | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if path is None:
        return (), ()
    ex = _load(path).get("examples", {})
    return tuple(ex.get("positive", ())), tuple(ex.get("negative", ()))


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, Cue]
    rules: tuple[Rule, ...]
    types: dict[str, CovenantType] = field(default_factory=dict)


def _load(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None


def load_cues(path: Path, *more: Path) -> dict[str, Cue]:
    """Cues from ``path``; each further file (e.g. cues_zh.toml, the Chinese wordings) adds
    phrases, expressions and patterns to cues of the same name, or defines new cues."""
    cues: dict[str, Cue] = {}
    for file in (path, *more):
        for name, spec in _load(file).get("cue", {}).items():
            old = cues.get(name) or Cue(name, ())
            cues[name] = Cue(name, old.phrases + tuple(spec.get("phrases", ())),
                             old.regex + tuple(spec.get("regex", ())),
                             old.token_patterns + tuple(spec.get("token_patterns", ())))
    return cues


def load_rules(path: Path, cues: dict[str, Cue]) -> tuple[Rule, ...]:
    rules = []
    for spec in _load(path).get("rule", []):
        groups = tuple(tuple(g.split()) for g in spec["all"])
        rule = Rule(
            id=spec["id"], label=spec["label"], why=spec["why"], all=groups,
            none=tuple(spec.get("none", ())), modality=tuple(spec.get("modality", MODALITIES)),
            party=tuple(spec.get("party", PARTIES)), confidence=float(spec.get("confidence", 0.9)),
            explicit=bool(spec.get("explicit", True)), fallback=bool(spec.get("fallback", False)),
            entities=tuple(spec.get("entities", ())), inherited=bool(spec.get("inherited", True)),
        )
        unknown = {c.removeprefix("LEAD:") for c in rule.cue_names()} - set(cues)
        if unknown:
            raise ValueError(f"{path}: rule {rule.id} names unknown cues {sorted(unknown)}")
        bad = (set(rule.modality) - set(MODALITIES)) | (set(rule.party) - set(PARTIES))
        if bad:
            raise ValueError(f"{path}: rule {rule.id} has unknown modality/party {sorted(bad)}")
        rules.append(rule)
    return tuple(rules)


_EXAMPLES = re.compile(r"^\[examples\]\s*$", re.M)


def load_types(folder: Path) -> dict[str, CovenantType]:
    types = {}
    for path in sorted(folder.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        cut = _EXAMPLES.search(text)
        try:  # the header only: the examples table comes last and is read when asked for
            d = tomllib.loads(text[:cut.start()] if cut else text)
        except tomllib.TOMLDecodeError:
            d = _load(path)  # reports the error with the file's name
        types[d["id"]] = CovenantType(d["id"], d.get("name", d["id"]), d.get("description", ""),
                                      d.get("severity", "medium"), d.get("bound_party", "licensee"), path)
    return types


@lru_cache(maxsize=4)
def load_lexicon(library: Path | None = None) -> Lexicon:
    library = Path(library or paths.clause_library())
    patterns = library / "patterns"
    cues = load_cues(patterns / "cues.toml", *sorted(patterns.glob("cues_*.toml")))
    rules = load_rules(library / "patterns" / "rules.toml", cues)
    return Lexicon(cues, rules, load_types(library / "taxonomy"))


def regex_source(cue: Cue) -> str:
    """One expression for all of a cue's ``regex`` alternatives."""
    return "|".join(f"(?:{r})" for r in cue.regex)


def compile_regex(cue: Cue) -> re.Pattern | None:
    return re.compile(regex_source(cue)) if cue.regex else None


def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when that is not a short
    list (a class such as \\w or ".", a case-insensitive part, a pattern that can match nothing).
    A text holding none of them has no match: regex cues for Chinese skip English text at once."""
    from re import _constants as c
    from re import _parser

    def first(items) -> tuple[set[str] | None, bool]:
        """(first characters, whether the items can match the empty string)."""
        found: set[str] = set()
        for op, av in items:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # zero width
            if op is c.LITERAL:
                return found | {chr(av)}, False
            if op is c.IN:
                for o, a in av:
                    if o is c.LITERAL:
                        found.add(chr(a))
                    elif o is c.RANGE and a[1] - a[0] < 64:
                        found.update(chr(x) for x in range(a[0], a[1] + 1))
                    else:
                        return None, False
                return found, False
            if op is c.SUBPATTERN or op is c.ATOMIC_GROUP:
                if op is c.SUBPATTERN:
                    _, add_flags, del_flags, sub = av
                    if add_flags or del_flags:
                        return None, False
                else:
                    sub = av
                chars, empty = first(sub.data)
            elif op is c.BRANCH:
                chars, empty = set(), False
                for branch in av[1]:
                    b_chars, b_empty = first(branch.data)
                    if b_chars is None:
                        return None, False
                    chars |= b_chars
                    empty = empty or b_empty
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, _, sub = av
                chars, empty = first(sub.data)
                empty = empty or low == 0
            else:
                return None, False
            if chars is None:
                return None, False
            found |= chars
            if not empty:
                return found, False
        return found, True

    if pattern.flags & re.IGNORECASE:
        return None
    try:
        chars, empty = first(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # an internal of the re module changed: do without the shortcut
        return None
    return None if chars is None or empty or not chars else frozenset(chars)
