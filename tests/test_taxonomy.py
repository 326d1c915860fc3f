"""The covenant taxonomy in clause_library/taxonomy/ is complete and its example sentences are usable.

These are the checks a lawyer editing a taxonomy file should be able to rely on: every covenant type
is present with a name, a description, a default severity and a bound party; every type has enough
examples on both sides; and no sentence is used twice, so no sentence can be both an example of a
covenant and a counter-example of it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "clause_library" / "taxonomy"

COVENANT_IDS = {
    "anti_distillation",
    "output_scope",
    "governing_law",
    "venue_jurisdiction",
    "arbitration",
    "class_action_waiver",
    "acceptable_use",
    "commercial_threshold",
    "attribution",
    "derivative_naming",
    "termination",
    "indemnity",
    "liability_cap_disclaimer",
    "scraping_ban",
    "reverse_engineering",
    "data_use_training",
    "competing_use",
    "export_control",
    "patent_retaliation",
}
SEVERITIES = {"high", "medium", "low"}
BOUND_PARTIES = {"licensee", "provider", "either"}
MIN_POSITIVES = 30
MIN_NEGATIVES = 20


def _load_all() -> dict[str, dict]:
    types = {}
    for path in sorted(TAXONOMY_DIR.glob("*.toml")):
        try:
            types[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise AssertionError(f"{path.name} cannot be read: {exc}") from exc
    return types


TYPES = _load_all()


def _normalise(sentence: str) -> str:
    # Two sentences that differ only in case, spacing or final punctuation count as the same.
    return re.sub(r"\s+", " ", sentence).strip().rstrip(".;:").lower()


def _words(sentence: str) -> int:
    return len(sentence.split())


def test_every_fixed_covenant_type_has_a_file():
    assert set(TYPES) == COVENANT_IDS


@pytest.mark.parametrize("stem", sorted(COVENANT_IDS))
def test_type_header_is_complete(stem):
    entry = TYPES[stem]
    assert entry["id"] == stem, "the id must match the file name"
    assert entry["name"].strip()
    assert len(entry["description"].split()) >= 40, "the description should be a real paragraph"
    assert entry["severity"] in SEVERITIES
    assert entry["bound_party"] in BOUND_PARTIES


def test_provider_training_covenant_binds_the_provider():
    assert TYPES["data_use_training"]["bound_party"] == "provider"
    assert TYPES["anti_distillation"]["bound_party"] == "licensee"


@pytest.mark.parametrize("stem", sorted(COVENANT_IDS))
def test_type_has_enough_examples(stem):
    examples = TYPES[stem]["examples"]
    assert len(examples["positive"]) >= MIN_POSITIVES
    assert len(examples["negative"]) >= MIN_NEGATIVES


@pytest.mark.parametrize("stem", sorted(COVENANT_IDS))
def test_examples_are_single_sentences_of_reasonable_length(stem):
    examples = TYPES[stem]["examples"]
    for sentence in examples["positive"]:
        assert 10 <= _words(sentence) <= 60, sentence
    for sentence in examples["negative"]:
        assert 4 <= _words(sentence) <= 60, sentence
    for sentence in examples["positive"] + examples["negative"]:
        assert sentence == sentence.strip() and "\n" not in sentence, sentence


def test_no_sentence_is_used_twice_anywhere():
    seen: dict[str, str] = {}
    for stem, entry in TYPES.items():
        for side in ("positive", "negative"):
            for sentence in entry["examples"][side]:
                key = _normalise(sentence)
                where = f"{stem}.{side}"
                assert key not in seen, f"{sentence!r} appears in {seen[key]} and {where}"
                seen[key] = where


@pytest.mark.parametrize("stem", sorted(COVENANT_IDS))
def test_no_sentence_is_both_an_example_and_a_counter_example(stem):
    examples = TYPES[stem]["examples"]
    positives = {_normalise(s) for s in examples["positive"]}
    negatives = {_normalise(s) for s in examples["negative"]}
    assert not positives & negatives


def test_readme_table_matches_the_taxonomy_files():
    readme = (TAXONOMY_DIR.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| (\w+) \|", readme, flags=re.MULTILINE)
    documented = {stem: (name.strip(), severity) for stem, name, severity in rows}
    assert set(documented) == COVENANT_IDS
    for stem, (name, severity) in documented.items():
        assert name == TYPES[stem]["name"], f"README name of {stem} differs from its file"
        assert severity == TYPES[stem]["severity"], f"README severity of {stem} differs from its file"
