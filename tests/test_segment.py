"""Clause segmentation: the smallest numbered or headed unit, with its number and heading path."""

from __future__ import annotations

from app.core.ingest.assemble import assemble
from app.core.model import BlockDraft as B
from app.core.segment import LONG_CLAUSE, segment


def clauses(drafts):
    text, _, blocks = assemble(drafts)
    return [(c.number, c.path, text[c.start:c.end]) for c in segment(text, blocks)]


def test_numbers_nest_into_a_heading_path():
    got = clauses([
        B("heading", "Model Licence", level=1),
        B("paragraph", "4. Restrictions. You shall not:"),
        B("list_item", "(a) copy the Model;"),
        B("list_item", "(i) in whole;"),
        B("list_item", "(ii) in part;"),
        B("list_item", "(b) sell it."),
        B("paragraph", "4.2 Other limits apply."),
        B("paragraph", "Section 5 Governing Law. Ireland."),
    ])
    assert [(n, p) for n, p, _ in got] == [
        ("", "Model Licence"),
        ("4.", "Model Licence > 4. Restrictions"),
        ("(a)", "Model Licence > 4. Restrictions > (a)"),
        ("(i)", "Model Licence > 4. Restrictions > (a) > (i)"),
        ("(ii)", "Model Licence > 4. Restrictions > (a) > (ii)"),
        ("(b)", "Model Licence > 4. Restrictions > (b)"),
        ("4.2", "Model Licence > 4. Restrictions > 4.2"),
        ("Section 5", "Model Licence > Section 5 Governing Law"),
    ]


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral():
    items = [B("list_item", f"({c}) item {c}.") for c in "abcdefghij"]
    got = clauses([B("paragraph", "1. List.")] + items)
    assert got[-2][1] == "1. List > (i)" and got[-1][1] == "1. List > (j)"


def test_heading_keeps_its_paragraphs_and_a_long_unnumbered_paragraph_stays_whole():
    long_paragraph = "This sentence has no number and goes on. " * 80
    got = clauses([
        B("heading", "Privacy", level=2),
        B("paragraph", "We keep your data safe."),
        B("paragraph", "We delete it on request."),
        B("paragraph", long_paragraph),
    ])
    assert got[0][2] == "Privacy\n\nWe keep your data safe.\n\nWe delete it on request."
    assert len(long_paragraph) > LONG_CLAUSE
    assert got[1][2] == long_paragraph.strip() and got[1][1] == "Privacy"


def test_years_and_amounts_are_not_clause_numbers():
    got = clauses([B("paragraph", "1. Fees."), B("paragraph", "2024 prices apply."),
                   B("paragraph", "100 users may join.")])
    assert len(got) == 1 and got[0][0] == "1."


def test_list_markers_carried_outside_the_text_number_the_clause():
    got = clauses([B("heading", "Rules", level=1), B("list_item", "Do not scrape.", marker="1."),
                   B("list_item", "Do not resell.", marker="2.")])
    assert [g[0] for g in got] == ["", "1.", "2."]
