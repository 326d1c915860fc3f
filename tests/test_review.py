"""The lawyer's review: accept, reject, re-label, severity, notes and annotations; kept across
closing the library and across a re-analysis by a newer pipeline; shown by show and analyze --json."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.cli import main
from app.core import review
from app.core.analysis import DocumentAnalysis
from app.core.memo import build_memo
from app.core.store import Store
from tests.fixtures.memo_docs import build_library


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    store, ids = build_library(tmp_path_factory.mktemp("review"))
    yield store, ids
    store.close()


def _tag(store, doc_id, label, contains=""):
    doc = store.get_document(doc_id)
    return next(t for t in store.get_analysis(doc_id).tags
                if t.label == label and contains in doc.text[t.start:t.end])


def _status(store, doc_id, tag_id):
    tagged, _ = review.reviewed_tags(store, doc_id)
    return next(rt for rt in tagged if rt.tag.id == tag_id)


def test_edits_are_kept_when_the_library_is_reopened(library):
    store, ids = library
    doc_id = ids["harbor"][0]
    tag = _tag(store, doc_id, "scraping_ban")
    review.review_tag(store, tag.id, status="accepted")
    review.review_tag(store, tag.id, severity="high", note="Ask whether the client's monitoring bot is caught.")
    reopened = Store(store.path)
    try:
        rt = _status(reopened, doc_id, tag.id)
    finally:
        reopened.close()
    assert (rt.status, rt.severity, rt.note) == ("accepted", "high", "Ask whether the client's monitoring bot is caught.")
    assert rt.tag.status == "accepted"


def test_relabel_accepts_and_clearing_restores(library):
    store, ids = library
    doc_id = ids["harbor"][0]
    tag = _tag(store, doc_id, "competing_use")
    r = review.review_tag(store, tag.id, label="anti_distillation")
    assert (r.status, r.new_label, r.label) == ("accepted", "anti_distillation", "competing_use")
    assert _status(store, doc_id, tag.id).label == "anti_distillation"
    review.review_tag(store, tag.id, label="", status="unreviewed")
    rt = _status(store, doc_id, tag.id)
    assert (rt.label, rt.status) == ("competing_use", "unreviewed")


@pytest.mark.parametrize("kwargs, message", [
    ({"status": "maybe"}, "status must be"),
    ({"severity": "extreme"}, "severity must be"),
    ({"label": "not_a_type"}, "is not a covenant type"),
    ({"label": "scraping_ban", "status": "rejected"}, "cannot be re-labelled and rejected"),
])
def test_bad_edits_are_refused_with_a_message(library, kwargs, message):
    store, ids = library
    tag = _tag(store, ids["harbor"][0], "reverse_engineering")
    with pytest.raises(review.ReviewError, match=message):
        review.review_tag(store, tag.id, **kwargs)


def test_unknown_tag_is_refused(library):
    with pytest.raises(review.ReviewError, match="no tag with id 999999"):
        review.review_tag(library[0], 999999, status="accepted")


def test_reviews_reattach_after_a_newer_pipeline(library):
    store, ids = library
    doc_id = ids["pdf"][0]
    old = store.get_analysis(doc_id)
    kept = next(t for t in old.tags if t.label == "commercial_threshold")
    moved = next(t for t in old.tags if t.label == "governing_law")
    gone = next(t for t in old.tags if t.label == "liability_cap_disclaimer")
    review.review_tag(store, kept.id, status="rejected", note="Threshold cannot be reached by this client.")
    review.review_tag(store, moved.id, status="accepted", severity="medium")
    review.review_tag(store, gone.id, status="accepted", note="Cap of one hundred euros: raise with client.")

    # a newer pipeline: same passage for one tag, a slightly longer span for another, one tag dropped
    tags = [replace(t, id=None, status="unreviewed", end=t.end + (0 if t is not moved else -3))
            for t in old.tags if t is not gone]
    store.add_analysis(doc_id, DocumentAnalysis("9.9.9", tags, old.entities, old.findings))
    new = store.get_analysis(doc_id)
    assert new.pipeline_version == "9.9.9"
    tagged, detached = review.reviewed_tags(store, doc_id, new)
    by_label = {rt.tag.label: rt for rt in tagged if rt.review}
    assert by_label["commercial_threshold"].status == "rejected"
    assert by_label["commercial_threshold"].tag.id != kept.id
    assert (by_label["governing_law"].status, by_label["governing_law"].severity) == ("accepted", "medium")
    assert [r.label for r in detached] == ["liability_cap_disclaimer"]

    # an old tag id still reaches the same review, re-keyed to the new tag, with no duplicate
    review.review_tag(store, moved.id, note="Republic of Nowhere: check enforcement.")
    rows = store.db.execute("SELECT count(*) FROM reviews WHERE document_id = ? AND label = 'governing_law'",
                            [doc_id]).fetchone()[0]
    assert rows == 1
    rt = next(rt for rt in review.reviewed_tags(store, doc_id)[0] if rt.tag.label == "governing_law")
    assert rt.note == "Republic of Nowhere: check enforcement." and rt.status == "accepted"

    # the memo leaves the rejected tag out and keeps the accepted one the new pipeline lost
    memo = build_memo(store, [doc_id])
    labels = {(i.label, i.status, i.detached) for i in memo.items}
    assert not any(i.label == "commercial_threshold" and (i.start, i.end) == (kept.start, kept.end)
                   for i in memo.items)
    assert "rejected" not in {status for _, status, _ in labels}
    assert ("liability_cap_disclaimer", "accepted", True) in labels


def test_annotations_on_any_range(library):
    store, ids = library
    doc_id = ids["lantern"][0]
    text = store.get_document(doc_id).text
    start = text.index("杭州")
    a = review.annotate(store, doc_id, start, start + 2, "Hangzhou courts: confirm the client accepts this.")
    assert review.annotations(store, doc_id)[-1].note.startswith("Hangzhou courts")
    assert review.edit_annotation(store, a.id, "Changed my mind.").note == "Changed my mind."
    memo = build_memo(store, [doc_id])
    assert [(n.quote, n.note) for n in memo.annotations] == [("杭州", "Changed my mind.")]
    review.delete_annotation(store, a.id)
    assert review.annotations(store, doc_id) == []
    with pytest.raises(review.ReviewError, match="not within document"):
        review.annotate(store, doc_id, 0, len(text) + 1, "too long")


def test_clean_text_drops_control_characters_and_keeps_the_rest():
    assert review.clean_text("a\x00b\x07c\r\nd\te\u200f\U0001F600\ud800") == "abc\nd\te\u200f\U0001F600"


def test_cli_review_and_the_status_in_show_and_json(library, capsys, tmp_path):
    store, ids = library
    db = str(store.path)
    doc_id, path = ids["harbor"]
    tag = _tag(store, doc_id, "arbitration")
    assert main(["review", str(tag.id), "--reject", "--db", db]) == 0
    assert main(["review", str(tag.id), "--note", "JAMS <b> & </para>", "--severity", "low", "--db", db]) == 0
    assert main(["review", str(tag.id), "--severity", "extreme", "--db", db]) == 2
    assert main(["review", str(tag.id), "--db", db]) == 2
    capsys.readouterr()
    assert main(["show", str(doc_id), "--db", db]) == 0
    shown = capsys.readouterr().out
    assert f"tag {tag.id}, rejected)" in shown and "note: JAMS <b> & </para>" in shown
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(path), "--json", str(out), "--db", db]) == 0
    tags = {t["id"]: t for c in json.loads(out.read_text(encoding="utf-8"))["clauses"] for t in c["tags"]}
    assert tags[tag.id]["status"] == "rejected"
    assert (tags[tag.id]["review_severity"], tags[tag.id]["review_note"]) == ("low", "JAMS <b> & </para>")
    assert all("status" in t and "review_label" in t for t in tags.values())
