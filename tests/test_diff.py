"""Version diffs: clauses aligned despite renumbering, moves, splits and merges; covenant changes
first; nothing reported for clauses only renumbered. Texts here are written for these tests; the
corpus pairs (../shared/corpus) are checked when the corpus is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import platforms
from app.core.demo import demo_dir
from app.core.diff import diff_documents, diff_json, diff_plain, only_references_changed, timeline, word_diff
from app.core.library import Overrides, import_file
from app.core.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(),
                                  reason=f"the shared corpus is not at {CORPUS} (it lives beside the repository)")

BASE = [
    ("1.", "1. Definitions. Words in capitals have the meanings given in this clause."),
    ("2.", "2. Grant. You may run, copy and modify the Model for any lawful purpose."),
    ("3.", "3. Attribution. You must keep every copyright notice intact, and you must give each recipient "
           "a copy of this licence."),
    ("4.", "4. Restrictions. You must not reverse engineer the hosted service or extract its weights."),
    ("5.", "5. Termination. We may end this licence at once if you breach any of its terms."),
    ("6.", "6. Disclaimer. The Model is provided as is, without any warranty."),
    ("7.", "7. Liability. We are not liable for any indirect or consequential loss."),
    ("8.", "8. Law. This licence is governed by the laws of Ireland."),
]


def kinds(changes) -> list[tuple[str, int | None, int | None]]:
    return [(c.kind, c.a_clause, c.b_clause) for c in changes]


def reported(changes):
    return [c for c in changes if c.reported]


def renumber(clauses, start=1):
    out = []
    for n, (_, text) in enumerate(clauses, start):
        body = text.split(". ", 1)[1]
        out.append((f"{n}.", f"{n}. {body}"))
    return out


def test_the_same_version_has_no_change():
    changes = diff_plain(BASE, BASE)
    assert {c.kind for c in changes} == {"unchanged"}
    assert reported(changes) == []


def test_an_inserted_clause_is_added_and_the_renumbered_ones_are_not_reported():
    b = renumber(BASE[:1] + [("", "x. Outputs. You own the outputs you generate.")] + BASE[1:])
    changes = diff_plain(BASE, b)
    assert kinds(reported(changes)) == [("added", None, 1)]
    renumbered = [c for c in changes if c.kind == "renumbered"]
    assert [(c.a_number, c.b_number) for c in renumbered] == [(f"{n}.", f"{n + 1}.") for n in range(2, 9)]
    assert all(not c.tag_changes and not c.words for c in renumbered)


def test_a_moved_clause_is_moved_and_the_others_are_not():
    b = renumber(BASE[:3] + BASE[4:7] + [BASE[3]] + BASE[7:])  # Restrictions after Liability
    changes = reported(diff_plain(BASE, b))
    assert kinds(changes) == [("moved", 3, 6)]
    assert not changes[0].text_changed


def test_a_small_edit_is_modified_with_word_differences():
    b = list(BASE)
    b[7] = ("8.", "8. Law. This licence is governed by the laws of the State of California.")
    (change,) = reported(diff_plain(BASE, b))
    assert (change.kind, change.a_clause, change.b_clause) == ("modified", 7, 7)
    edits = [(o["a"].strip(), o["b"].strip()) for o in change.words if o["op"] != "equal"]
    assert edits == [("Ireland.", "the State of California.")]


def test_a_split_clause_is_one_change_naming_both_new_clauses():
    b = renumber(BASE[:2] + [("", "x. Attribution. You must keep every copyright notice intact."),
                             ("", "x. You must give each recipient a copy of this licence.")] + BASE[3:])
    changes = reported(diff_plain(BASE, b))
    assert len(changes) == 1
    split = changes[0]
    assert (split.kind, split.structure, split.a_clauses, split.b_clauses) == ("modified", "split", [2], [2, 3])
    # the words barely changed: "notice intact, and you" became "notice intact. You"
    assert [o for o in split.words if o["op"] != "equal"] and sum(o["op"] != "equal" for o in split.words) <= 2


def test_two_clauses_merged_into_one_are_one_change():
    merged = ("6.", "6. Disclaimer and liability. The Model is provided as is, without any warranty. "
                    "We are not liable for any indirect or consequential loss.")
    b = BASE[:5] + [merged] + renumber(BASE[7:], 7)
    changes = reported(diff_plain(BASE, b))
    assert len(changes) == 1
    assert (changes[0].structure, changes[0].a_clauses, changes[0].b_clauses) == ("merged", [5, 6], [5])


def test_moves_renumbering_splits_and_merges_together():
    b = [BASE[0], BASE[1],
         ("", "x. Attribution. You must keep every copyright notice intact."),
         ("", "x. You must give each recipient a copy of this licence."),
         ("", "x. Outputs. You own the outputs you generate."),
         BASE[4],
         ("", "x. Disclaimer and liability. The Model is provided as is, without any warranty. "
              "We are not liable for any indirect or consequential loss."),
         BASE[3], BASE[7]]
    b = renumber(b)
    changes = reported(diff_plain(BASE, b))
    by_kind = {(c.kind, c.structure): (c.a_clauses, c.b_clauses) for c in changes}
    assert by_kind == {("modified", "split"): ([2], [2, 3]), ("added", ""): ([], [4]),
                       ("modified", "merged"): ([5, 6], [6]), ("moved", ""): ([3], [7])}


def test_a_rewritten_clause_in_its_place_is_modified_not_removed_and_added():
    b = list(BASE)
    b[4] = ("5.", "5. Termination. Either party may end this agreement on thirty days' written notice.")
    (change,) = reported(diff_plain(BASE, b))
    assert (change.kind, change.a_clause, change.b_clause) == ("modified", 4, 4)


def test_cross_references_that_follow_a_renumbering_are_not_a_change():
    ops = word_diff("Subject to Section 7, any dispute goes to court.", "Subject to Section 8, any dispute goes to court.")
    assert only_references_changed(ops)
    assert not only_references_changed(word_diff("more than 500 million users", "more than 700 million users"))
    a = [("1.", "1. Courts. Subject to Section 7, disputes go to the courts of Dublin.")]
    b = [("1.", "1. Courts. Subject to Section 8, disputes go to the courts of Dublin.")]
    assert [c.kind for c in diff_plain(a, b)] == ["renumbered"]


def test_word_diff_parts_rebuild_both_texts():
    a, b = "You may not  use Output to train models.", "You must not use any Output to train rival models."
    ops = word_diff(a, b)
    assert "".join(o["a"] for o in ops) == a and "".join(o["b"] for o in ops) == b


# -- stored versions, tagged ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_pairs(tmp_path_factory):
    """The two demo documents with two versions, imported as a user would with --platform etc."""
    store = Store(tmp_path_factory.mktemp("diff") / "lib.db")
    ids = {}
    for name, platform, kind, version, date in [
            ("halcyon-open-model-licence-1.0.txt", "Halcyon Labs", "licence", "1.0", "2024-03-01"),
            ("halcyon-open-model-licence-1.1.txt", "Halcyon Labs", "licence", "1.1", "2025-02-10"),
            ("mosswood-api-terms-2025-09.html", "Mosswood AI", "terms_of_use", "", "2025-09-15"),
            ("mosswood-api-terms-2024-06.html", "Mosswood AI", "terms_of_use", "", "2024-06-01")]:
        result = import_file(demo_dir() / name, store, Overrides(platform=platform, kind=kind, version=version,
                                                                 date=date))
        ids[name.split("-")[0] + "-" + (version or date[:4])] = result.document_id
    yield store, ids
    store.close()


def test_an_anti_distillation_clause_added_comes_first(demo_pairs):
    store, ids = demo_pairs
    d = diff_documents(store, ids["halcyon-1.0"], ids["halcyon-1.1"])
    first = d.changes[0]
    assert first.kind == "added" and [t.detail for t in first.tag_changes] == ["anti_distillation clause added"]
    assert d.headlines[0] == "anti_distillation clause added"
    assert any("500 million" in h and "700 million" in h for h in d.headlines)
    shown = {(c.kind, c.structure, c.a_number, c.b_number) for c in d.reported}
    assert ("moved", "", "5.", "7.") in shown              # Acceptable Use moved after Outputs
    assert ("modified", "split", "3.1", "3.1") in shown    # 3.1 split into 3.1 and 3.2
    assert ("modified", "merged", "7.", "8.") in shown     # warranty and liability merged
    assert [c.kind for c in d.changes if not c.reported].count("renumbered") >= 2  # 9 -> 9 ... as renumbered


def test_governing_law_moved_from_ireland_to_california(demo_pairs):
    store, ids = demo_pairs
    # imported newest first: the dates put them in order
    assert platforms.previous_version(store, ids["mosswood-2025"]).document_id == ids["mosswood-2024"]
    d = diff_documents(store, ids["mosswood-2024"], ids["mosswood-2025"])
    assert "governing law moved from Ireland to California" in d.headlines
    assert {"arbitration clause added", "class_action_waiver clause added"} <= set(d.headlines)
    data = diff_json(d)
    assert set(data) >= {"a", "b", "changes"}
    for c in data["changes"]:
        assert set(c) >= {"kind", "a_clause", "b_clause", "tag_changes"}
        assert c["kind"] in ("added", "removed", "modified", "moved", "renumbered", "unchanged")
        assert all(set(t) >= {"label", "change", "detail"} for t in c["tag_changes"])


def test_timeline_lists_each_version_with_its_covenant_changes(demo_pairs):
    store, ids = demo_pairs
    steps = timeline(store, "halcyon")
    assert [s.version.label for s in steps] == ["1.0", "1.1"]
    assert steps[0].headlines == ["first version in the library"]
    assert "anti_distillation clause added" in steps[1].headlines


# -- the corpus's version pairs ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_pairs(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("corpus-diff") / "lib.db")
    dates = {"deepseek-terms-of-use-2025-01-c362162.html": "2025-01-20",
             "deepseek-terms-of-use-2026-03-01e9f90.html": "2026-03-27"}
    ids = {}
    for name in ["meta-llama3-license.txt", "meta-llama3-license-2a6e3d7.txt", "meta-llama3_1-license.txt",
                 "xai-acceptable-use-policy-2025-01.md", "xai-acceptable-use-policy-2026-06.md",
                 "deepseek-terms-of-use-2025-01-c362162.html", "deepseek-terms-of-use-2026-03-01e9f90.html"]:
        ids[name] = import_file(CORPUS / name, store, Overrides(date=dates.get(name, ""))).document_id
    yield store, ids
    store.close()


@needs_corpus
def test_llama3_stored_versions_differ_by_one_sentence(corpus_pairs):
    store, ids = corpus_pairs
    d = diff_documents(store, ids["meta-llama3-license.txt"], ids["meta-llama3-license-2a6e3d7.txt"])
    (change,) = d.reported
    assert change.kind == "modified" and not change.tag_changes
    edits = [o for o in change.words if o["op"] != "equal"]
    assert len(edits) == 1 and "I Accept" in edits[0]["a"] + edits[0]["b"]


@needs_corpus
def test_llama31_dropped_the_anti_distillation_clause(corpus_pairs):
    store, ids = corpus_pairs
    d = diff_documents(store, ids["meta-llama3-license.txt"], ids["meta-llama3_1-license.txt"])
    assert d.headlines[0] == "anti_distillation clause removed"
    removed = d.changes[0]
    assert removed.kind == "removed" and "any other large language model" in removed.a_text
    # the appended acceptable use policy is gone from the 3.1 licence file too
    assert d.counts()["removed"] > 20


@needs_corpus
def test_xai_policy_2026_adds_distillation_and_competing_model_bans(corpus_pairs):
    store, ids = corpus_pairs
    d = diff_documents(store, ids["xai-acceptable-use-policy-2025-01.md"], ids["xai-acceptable-use-policy-2026-06.md"])
    assert d.headlines[0].startswith("anti_distillation clause added")
    assert any(h.startswith("competing_use clause added") for h in d.headlines)
    # the 2025 list items are found again in the 2026 lists (reworded or moved), not removed
    assert d.counts()["removed"] <= 3
    assert d.counts()["modified"] + d.counts()["moved"] >= 3


@needs_corpus
def test_deepseek_terms_2026_add_a_liability_cap_and_keep_the_distillation_permission(corpus_pairs):
    store, ids = corpus_pairs
    a, b = ids["deepseek-terms-of-use-2025-01-c362162.html"], ids["deepseek-terms-of-use-2026-03-01e9f90.html"]
    assert platforms.previous_version(store, b).document_id == a
    d = diff_documents(store, a, b)
    assert any(h.startswith("liability_cap_disclaimer clause added") for h in d.headlines)
    distil = [c for c in d.reported if "distillation" in c.b_text]
    assert distil and distil[0].kind == "modified"
    inserted = " ".join(o["b"] for o in distil[0].words if o["op"] in ("insert", "replace"))
    assert "as long as such usage is legal" in inserted
    # clauses only renumbered (5.2 -> 6.2 ...) are not reported
    assert all(c.kind != "renumbered" for c in d.reported)
    assert d.counts()["renumbered"] > 0
