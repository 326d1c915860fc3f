"""DOCX import: the licence a lawyer wrote in Word comes in with its headings, list numbers and
tables where they stand; a broken or hostile file is refused in one line, quickly."""

from __future__ import annotations

import time

import pytest

from app.core.errors import ImportRefused
from app.core.ingest import extract
from app.core.ingest.assemble import assemble
from tests.fixtures import docx_docs as D


@pytest.fixture(scope="module")
def licence():
    return extract(D.licence_docx(), "licence.docx")


def rows(result):
    return [(b.kind, b.level, b.marker, " ".join(b.text.split())) for b in result.blocks]


def test_headings_and_title(licence):
    assert licence.format == "docx"
    assert licence.title == "Orchid Mind Model Licence"
    headings = [(b.level, b.text) for b in licence.blocks if b.kind == "heading"]
    assert headings == [(1, "Orchid Mind Model Licence"), (1, "Licence Grant"), (2, "Restrictions"),
                        (1, "Governing Law")]


def test_core_properties_title_wins():
    result = extract(D.licence_docx(core_title="Petal-3 Licence, final"), "licence.docx")
    assert result.title == "Petal-3 Licence, final"


def test_list_numbers_are_computed_from_the_numbering_definitions(licence):
    items = [(level, marker, text) for kind, level, marker, text in rows(licence) if kind == "list_item"]
    assert items == [
        (1, "1.", "You may run, copy and modify Petal-3."),  # style "List Number"
        (1, "2.", "You may publish fine-tuned versions under this licence."),
        (1, "1.", "You must not use Petal-3 outputs to train a rival model."),
        (1, "2.", "This covers:"),
        (2, "(a)", "distillation into another network;"),
        (2, "(b)", "synthetic data generation for another vendor,"),
        (3, "(i)", "whether paid"),
        (3, "(ii)", "or free."),
        (1, "3.", "Benchmarks may be published."),
        (4, "3.1", "A sub-clause numbered in legal style."),
        (1, "", "Keep the weights on servers you control."),  # a bullet has no number
        (1, "1.", "A second list starts again at one."),  # startOverride restarts the count
        (1, "2.", "A second list continues."),
    ]
    assert all("(a)" not in text for *_, text in rows(licence))  # the number is not in the text


def test_tables_stay_in_reading_order(licence):
    kinds = [b[0] for b in rows(licence)]
    first_cell = kinds.index("table_cell")
    assert rows(licence)[first_cell - 1][3] == "Keep the weights on servers you control."
    cells = [text for kind, _, _, text in rows(licence) if kind == "table_cell"]
    assert cells == ["Tier", "Monthly users", "Community", "up to 1 million", "Enterprise: by separate agreement"]
    assert rows(licence)[first_cell + len(cells)][3].startswith("Fees are listed above.")


def test_tabs_and_line_breaks_are_whitespace(licence):
    text = assemble(licence.blocks)[0]
    assert "Fees are listed above. Tabs and line breaks stay whitespace." in text
    assert text.endswith("This licence is governed by the laws of Singapore.")


@pytest.mark.parametrize("data", [D.corrupt_docx(), D.docx_without_document(), b"Orchid Mind draft, plain text",
                                  b"%PDF-1.7 not a word file"])
def test_broken_files_are_refused(data):
    with pytest.raises(ImportRefused, match="is not a valid DOCX"):
        extract(data, "broken.docx")


@pytest.mark.parametrize("entry_mb, entries, reason", [(50, 1, "compressed more than 100 times"),
                                                       (60, 4, "over the 200 MB limit")])
def test_zip_bombs_are_refused_quickly(entry_mb, entries, reason):
    data = D.zip_bomb_docx(entry_mb, entries)
    assert len(data) < 2_000_000
    start = time.perf_counter()
    with pytest.raises(ImportRefused, match=reason):
        extract(data, "bomb.docx")
    assert time.perf_counter() - start < 1.0
