"""Search: FTS5 over every clause, filters by covenant type, platform and severity, marked snippets."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.core.demo import load_demo
from app.core.search import search, snippet
from app.core.store import LibraryError, Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("search") / "lib.db")
    load_demo(store)
    yield store
    store.close()


def test_matches_are_marked_and_their_offsets_point_at_the_words(demo):
    hits = search(demo, "distillation")
    assert {h.platform for h in hits} >= {"Tessellate", "Alderbank"}
    for h in hits:
        assert "\u00abdistillation\u00bb" in h.snippet.lower()
        text = demo.get_document(h.document_id).text
        assert all(text[s:e].lower() == "distillation" for s, e in h.matches)


def test_filters_by_type_platform_severity_and_latest(demo):
    assert {h.platform for h in search(demo, "compete*", type="anti_distillation")} == {
        "Mosswood AI", "Ferrowave", "Kestrel Cloud"}
    assert {h.platform for h in search(demo, "laws", platform="mosswood")} == {"Mosswood AI"}
    high = search(demo, "arbitration", severity="high")
    assert high and all("high" in h.severities for h in high)
    everything = {h.document_id for h in search(demo, "Halcyon")}
    latest = {h.document_id for h in search(demo, "Halcyon", latest_only=True)}
    assert len(everything) == 2 and len(latest) == 1


def test_fts_syntax_works_and_broken_syntax_falls_back_to_words(demo):
    phrase = search(demo, '"large language model"')
    assert phrase and all("large language model" in h.snippet.lower().replace("\u00ab", "").replace("\u00bb", "")
                          for h in phrase)
    assert {h.platform for h in search(demo, "Mosswood's models (")} == {"Mosswood AI"}  # not FTS5 syntax
    assert search(demo, "   ") == []


def test_unknown_platform_is_explained(demo):
    with pytest.raises(LibraryError, match="platforms:"):
        search(demo, "law", platform="Nowhere")


def test_snippet_marks_every_match_in_view():
    text = "The courts of Munich have jurisdiction. Munich is in Germany."
    spans = [(14, 20), (40, 46)]
    assert snippet(text, spans, ("[", "]")) == "The courts of [Munich] have jurisdiction. [Munich] is in Germany."


def test_cli_search(demo, capsys):
    assert main(["search", "distil*", "--json", "--db", str(demo.path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "distil*" and data["results"]
    assert main(["search", "scrape", "--type", "scraping_ban", "--db", str(demo.path)]) == 0
    assert "\u00abscrape\u00bb" in capsys.readouterr().out
