"""Similar clauses: the clauses of other platforms most like one clause, whatever their tags."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.core import review
from app.core.compare import compare_type
from app.core.demo import load_demo
from app.core.similar import similar_clauses, similar_json
from app.core.store import LibraryError, Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("similar") / "lib.db")
    load_demo(store)
    yield store
    store.close()


def anti_distillation_clause(store, platform) -> tuple[int, int]:
    c = compare_type(store, "anti_distillation", "all")
    m = next(m for v in c.variants for m in v.members if m.platform == platform)
    return m.clause_id, m.tag_id


def test_the_closest_wordings_at_other_platforms_come_first(demo):
    clause_id, _ = anti_distillation_clause(demo, "Pangolin Research")
    results = similar_clauses(demo, clause_id, k=5)
    assert len(results) == 5
    assert all(r.platform != "Pangolin Research" for r in results)
    assert {r.platform for r in results[:2]} == {"Zephyrine", "Halcyon Labs"}
    assert all("anti_distillation" in r.labels for r in results[:2])
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_a_clause_shared_by_two_versions_is_shown_once_from_the_latest(demo):
    clause_id, _ = anti_distillation_clause(demo, "Zephyrine")
    results = similar_clauses(demo, clause_id, k=10)
    halcyon = [r for r in results if r.platform == "Halcyon Labs"]
    texts = [" ".join(r.text.split()) for r in halcyon]
    assert len(texts) == len(set(texts))
    law = [r for r in similar_clauses(demo, clause_id, k=50) if "Ireland" in r.text and r.platform == "Halcyon Labs"]
    assert len(law) <= 1 and all(r.date == "2025-02-10" for r in law)


def test_an_untagged_look_alike_still_surfaces(demo):
    clause_id, _ = anti_distillation_clause(demo, "Pangolin Research")
    zephyrine_clause, zephyrine_tag = anti_distillation_clause(demo, "Zephyrine")
    review.review_tag(demo, zephyrine_tag, status="rejected")
    try:
        hit = next(r for r in similar_clauses(demo, clause_id, k=5) if r.clause_id == zephyrine_clause)
        assert "anti_distillation" not in hit.labels
    finally:
        review.review_tag(demo, zephyrine_tag, status="unreviewed")


def test_query_phrases_are_runs_of_the_clause_without_platform_names(demo):
    from app.core.compare import name_pattern
    from app.core.similar import telling_phrases
    text = "Customer shall not use Outputs to develop any model that competes with Ferrowave's products."
    phrases = telling_phrases(demo, text, name_pattern(demo))
    assert phrases and all(p in text.casefold() for p in phrases)
    assert not any("ferrowave" in p for p in phrases)
    assert telling_phrases(demo, "Services") == ["services"]


def test_unknown_clause_is_an_error(demo):
    with pytest.raises(LibraryError):
        similar_clauses(demo, 10**9)


def test_cli_similar_json_contract(demo, capsys):
    clause_id, _ = anti_distillation_clause(demo, "Pangolin Research")
    assert main(["similar", str(clause_id), "-k", "3", "--json", "--db", str(demo.path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clause_id"] == clause_id and len(data["results"]) == 3
    assert all(set(r) >= {"clause_id", "platform", "document_id", "score", "labels"} for r in data["results"])
    assert similar_json(clause_id, [])["results"] == []
