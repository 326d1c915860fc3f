"""The library-wide views: comparison across platforms, version diff, search and memo export."""

from __future__ import annotations

import docx
import pdfplumber

from app.core.store import Store


def test_library_tree_is_platform_document_version(make_window, library):
    w = make_window(library["db"])
    rows = w.panes["library"].items()
    assert [text for depth, text in rows if depth == 0] == ["Northwind", "Pelican", "Quillfeather"]
    at = rows.index((0, "Northwind"))
    assert rows[at + 1][0] == 1 and "Northwind Model Licence" in rows[at + 1][1]
    assert [r for r in rows[at + 2:at + 4]] == [(2, "version 2.0 \u00b7 2025-09-09"), (2, "version 1.0 \u00b7 2024-03-02")]


def test_comparison_has_a_column_per_platform_and_marks_differences(make_window, library):
    w = make_window(library["db"])
    w.session.open_document(library["ids"]["northwind_v2"])
    tag = next(t for t in w.session.document.tags if t.label == "anti_distillation")
    w.session.select_tag(tag.id)
    w.show_tab("compare")
    pane = w.panes["compare"]
    assert pane.columns() == ["Northwind", "Pelican", "Quillfeather"]  # the open document's platform first
    assert "3 of 3 platforms" in pane._summary.text()
    assert "Shared wording 1" in pane.cell_text(1, 0) and "2 platforms" in pane.cell_text(1, 0)
    assert "excluding Northwind Lumen" in pane.cell_text(1, 1)
    assert "Pelican Base" in pane.cell_text(1, 2) and "alike" in pane.cell_text(1, 2 if "representative"
                                                                                 in pane.cell_text(1, 1) else 1)
    assert pane.cell_text(1, 3) == "\u2014"
    assert "Wordings found at one platform only" in pane.cell_text(2, 0)
    assert "compete with Quillfeather" in pane.cell_text(2, 3)
    assert pane.cell_text(2, 1) == pane.cell_text(2, 2) == "\u2014"
    assert "What they name" in pane.cell_text(3, 0)


def test_diff_shows_both_versions_with_covenant_changes_first(make_window, library):
    w = make_window(library["db"])
    w.session.open_document(library["ids"]["northwind_v2"])
    w.show_tab("diff")
    pane = w.panes["diff"]
    assert pane.columns() == ["1.0", "2.0"]
    text = pane.text()
    assert text.index("Covenant changes") < text.index("Clauses")
    assert "Anti-distillation clause added" in text
    assert "Governing law moved from Ireland to California" in text
    assert text.index("Anti-distillation clause added") < text.index("Governing law moved")  # high severity first
    assert "Dublin" in text and "San Francisco" in text
    pane._swap()
    assert pane.columns() == ["2.0", "1.0"] and "Anti-distillation clause removed" in pane.text()


def test_search_finds_clauses_and_opens_the_match(make_window, library):
    w = make_window(library["db"])
    w.show_tab("search")
    pane = w.panes["search"]
    pane.search("compete")
    assert [h.platform for h in pane.hits] == ["Quillfeather"]
    pane._hit_chosen(pane.hits[0])
    assert w.session.document.doc.id == library["ids"]["quillfeather"]
    assert w.current_tab() == "text"
    start, end = pane.hits[0].matches[0]
    assert w.session.document.doc.text[start:end].lower() == "compete"
    assert w.panes["text"].text_pane().textCursor().position() == start


def _accept_anti_distillation(w, doc_id):
    w.session.open_document(doc_id)
    tags = w.session.document.tags
    accepted = next(t for t in tags if t.label == "anti_distillation")
    rejected = next(t for t in tags if t.label == "attribution")
    w.session.select_tag(accepted.id)
    w.review.set_status("accepted")
    w.session.select_tag(rejected.id)
    w.review.set_status("rejected")
    return accepted, rejected


def test_export_dialog_writes_a_pdf_memo_with_the_accepted_quotes(make_window, library, qtbot):
    w = make_window(library["db"])
    accepted, rejected = _accept_anti_distillation(w, library["ids"]["northwind_v2"])
    dialog = w.export()
    assert dialog._checked_documents() == [library["ids"]["northwind_v2"]]
    out = library["tmp"] / "memo.pdf"
    dialog._set_path(str(out))
    dialog._matter.setText("Northwind procurement")
    dialog._open.setChecked(False)
    dialog._export.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
    with pdfplumber.open(out) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert " ".join(accepted.quote.split()) in text
    assert "Northwind procurement" in text
    assert " ".join(rejected.quote.split()) not in text
    assert not dialog.isVisible()


def test_export_dialog_writes_a_docx_memo(make_window, library, qtbot):
    w = make_window(library["db"])
    accepted, _ = _accept_anti_distillation(w, library["ids"]["northwind_v2"])
    dialog = w.export()
    dialog._docx.setChecked(True)
    dialog._set_path(str(library["tmp"] / "memo"))
    dialog._compare.setChecked(False)
    dialog._open.setChecked(False)
    dialog._export.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
    assert dialog.written.suffix == ".docx"
    body = "\n".join(p.text for p in docx.Document(str(dialog.written)).paragraphs)
    assert " ".join(accepted.quote.split()) in " ".join(body.split())
    store = Store(library["db"])
    assert store.get_document(library["ids"]["northwind_v2"]).sha256 in body + "".join(
        c.text for t in docx.Document(str(dialog.written)).tables for r in t.rows for c in r.cells)
    store.close()


def test_first_start_on_an_empty_library_loads_the_demo_and_opens_a_document(make_window, tmp_path):
    from app.core.demo import manifest
    w = make_window(tmp_path / "library.db", demo=True)
    platforms = [text for depth, text in w.panes["library"].items() if depth == 0]
    assert len(platforms) == len({f.platform for f in manifest()})
    assert w.session.document is not None and w.session.document.tags
    assert w.panes["text"].highlighted_spans()
