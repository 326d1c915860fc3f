"""Comparing one covenant across platforms: wording variants, rarity, entities side by side, and the
latest-version and every-version views (Meta dropped anti-distillation in Llama 3.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core import review
from app.core.compare import UnknownType, compare_type, masked, name_pattern
from app.core.demo import load_demo
from app.core.library import Overrides, import_file
from app.core.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(),
                                  reason=f"the shared corpus is not at {CORPUS} (it lives beside the repository)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("compare-demo") / "lib.db")
    load_demo(store)
    yield store
    store.close()


def variant_of(comparison, platform):
    return next(v for v in comparison.variants if platform in v.platforms)


# -- the demo library ---------------------------------------------------------------------------------
def test_demo_anti_distillation_variants_and_rarity(demo):
    c = compare_type(demo, "anti_distillation")
    assert (c.platforms_with, c.platforms_total, c.rarity) == (8, 11, "8 of 11 platforms")
    other = variant_of(c, "Pangolin Research")
    assert set(other.platforms) == {"Halcyon Labs", "Pangolin Research", "Zephyrine"}
    assert other.scope == "any other model"
    competing = variant_of(c, "Ferrowave")
    assert "Kestrel Cloud" in competing.platforms and competing.scope == "competing models"
    assert not set(other.platforms) & set(competing.platforms)
    # every member's differences from the representative rebuild both texts
    for m in other.members:
        if m is not other.representative:
            assert "".join(o["a"] for o in m.words) == other.representative.text
            assert "".join(o["b"] for o in m.words) == m.text
    # Halcyon had no such clause in 1.0; its latest version (1.1) has: nothing dropped
    assert c.dropped == []
    without = {p.platform for p in c.platforms if not p.has}
    assert without == {"Bramblecode", "Lanternfish", "Umbra Systems"}


def test_carve_outs_and_jurisdictions_side_by_side(demo):
    c = compare_type(demo, "anti_distillation")
    cols = {p.platform: p for p in c.platforms}
    assert cols["Pangolin Research"].entities["carve_outs"] == ["other than Pangolin-7B and models derived from it"]
    law = compare_type(demo, "governing_law")
    jur = {p.platform: p.entities.get("jurisdictions", []) for p in law.platforms if p.has}
    assert "Ireland" in jur["Halcyon Labs"]
    assert "California" in jur["Mosswood AI"] and "Ireland" not in jur["Mosswood AI"]  # latest version only
    assert "Germany" in jur["Tessellate"] and "Singapore" in jur["Pangolin Research"]
    every = compare_type(demo, "governing_law", "all")
    assert "Ireland" in {p.platform: p for p in every.platforms}["Mosswood AI"].entities["jurisdictions"]


def test_a_rejected_tag_leaves_the_comparison_and_a_relabelled_one_joins(demo):
    before = compare_type(demo, "anti_distillation")
    tag = variant_of(before, "Zephyrine").members
    tag_id = next(m.tag_id for m in tag if m.platform == "Zephyrine")
    review.review_tag(demo, tag_id, status="rejected")
    try:
        after = compare_type(demo, "anti_distillation")
        assert after.platforms_with == before.platforms_with - 1
        assert "Zephyrine" not in {m.platform for v in after.variants for m in v.members}
    finally:
        review.review_tag(demo, tag_id, status="unreviewed")
    assert compare_type(demo, "anti_distillation").platforms_with == before.platforms_with


def test_names_and_numbers_are_masked(tmp_path):
    store = Store(tmp_path / "lib.db")  # an empty library knows the platforms of clause_library
    names = name_pattern(store)
    a = masked("v. You will not use it to improve any other model (excluding Llama 2 or derivative works thereof).",
               names)
    b = masked("You will not use it to improve any other model (excluding Tongyi Qianwen or derivative works "
               "thereof).", names)
    assert a == b and "excluding name or derivative" in a
    store.close()


def test_unknown_type_is_refused(demo):
    with pytest.raises(UnknownType):
        compare_type(demo, "anti_distilation")


def test_cli_compare_json_contract(demo, capsys):
    assert main(["compare", "--type", "anti_distillation", "--json", "--db", str(demo.path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"type", "platforms_total", "platforms_with", "variants"}
    for v in data["variants"]:
        assert set(v["representative"]) >= {"clause_id", "platform", "document_id"}
        for m in v["members"]:
            assert set(m) >= {"clause_id", "platform", "document_id", "similarity"}
    assert main(["compare", "--type", "anti_distillation", "--db", str(demo.path)]) == 0
    assert "8 of 11 platforms" in capsys.readouterr().out


# -- the corpus ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("compare-corpus") / "lib.db")
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    overrides = {  # what a user states on import: the Qwen repository's later licence file is Qwen's
        "apache-2.0-qwen-repo-license.txt": Overrides(platform="Alibaba Cloud (Qwen)"),
        "deepseek-terms-of-use-2025-01-c362162.html": Overrides(date="2025-01-20"),
        "deepseek-terms-of-use-2026-03-01e9f90.html": Overrides(date="2026-03-27"),
    }
    for row in rows:
        name = row.split("\t")[0]
        import_file(CORPUS / name, store, overrides.get(name))
    yield store
    store.close()


@needs_corpus
def test_corpus_llama_and_qwen_share_a_variant_apart_from_the_competing_wording(corpus):
    c = compare_type(corpus, "anti_distillation", "all")
    llama = variant_of(c, "Meta")
    assert set(llama.platforms) == {"Meta", "Alibaba Cloud (Qwen)"}
    assert all("any other large language model" in m.text for m in llama.members)
    assert {m.title.split()[0].upper() for m in llama.members if m.platform == "Meta"} == {"LLAMA", "META"}
    assert {m.version for m in llama.members if m.platform == "Meta"} == {"2", "3"}  # Llama 2, 3 (both files)
    competing = [v for v in c.variants if v.scope == "competing models"]
    competing_platforms = {p for v in competing for p in v.platforms}
    assert {"OpenAI", "Anthropic", "xAI"} <= competing_platforms
    assert not competing_platforms & {"Meta", "Alibaba Cloud (Qwen)"}
    assert set(variant_of(c, "OpenAI").platforms) >= {"OpenAI", "xAI"}
    carve = {m.platform: m.entities.get("carve_outs", []) for m in llama.members}
    assert carve["Alibaba Cloud (Qwen)"] == ["excluding Tongyi Qianwen or derivative works thereof"]
    assert c.platforms_with == 5


@needs_corpus
def test_corpus_rarity_in_the_latest_versions_and_meta_dropped(corpus):
    c = compare_type(corpus, "anti_distillation")
    # checked by hand: 9 platforms (01.AI, Alibaba Cloud (Qwen), Anthropic, DeepSeek, Google, Meta,
    # OpenAI, Stability AI, xAI); the latest versions with the covenant are Qwen's Tongyi Qianwen
    # licence, Anthropic's commercial terms, OpenAI's terms of use and xAI's 2026 policy
    assert c.platforms_total == 9
    assert {p.platform for p in c.platforms if p.has} == {"Alibaba Cloud (Qwen)", "Anthropic", "OpenAI", "xAI"}
    assert c.rarity == "4 of 9 platforms"
    (dropped,) = c.dropped
    assert dropped["platform"] == "Meta"
    assert (dropped["last_with"]["label"], dropped["removed_in"]["label"]) == ("3", "3.1")
    assert dropped["latest"]["label"] == "4"
