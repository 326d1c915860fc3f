"""Importing through the real worker thread, and reading a document: highlights, page boxes, find."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.store import Store
from tests.fixtures import pdfs
from tests.gui.conftest import idle


def all_highlighted(pane) -> list[tuple]:
    """Every span highlighted while scrolling from the top of the text to its end (the pane
    paints the tags on and around the screen)."""
    bar = pane.text_pane().verticalScrollBar()
    bar.setValue(0)
    seen = set(pane.highlighted_spans())
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        seen |= set(pane.highlighted_spans())
    return sorted(seen)


def test_imported_pdf_is_highlighted_exactly_where_it_is_tagged(make_window, tmp_path, qtbot):
    pdf = pdfs.make_licence_pdf(tmp_path)
    bad = pdfs.make_random_bytes(tmp_path)
    db = tmp_path / "library.db"
    w = make_window(db, sync=False)
    qtbot.waitUntil(lambda: idle(w), timeout=20000)
    w.import_files([str(bad), str(pdf)])
    qtbot.waitUntil(lambda: not w.importer.busy, timeout=30000)
    qtbot.waitUntil(lambda: w.session.document is not None and idle(w), timeout=20000)

    # one message for the file that failed, naming it; the other file is imported and open
    assert [r.status for r in w.importer.results] == ["refused", "imported"]
    assert "random.pdf" in w.last_error and "fictional_licence" not in w.last_error
    store = Store(db)
    doc_id = w.importer.results[1].document_id
    analysis = store.get_analysis(doc_id)
    doc = store.get_document(doc_id)
    store.close()
    assert w.session.document.doc.id == doc_id

    spans = all_highlighted(w.panes["text"])
    assert [(s, e, label) for s, e, label, _ in spans] == sorted((t.start, t.end, t.label) for t in analysis.tags)
    assert {tag_id for *_, tag_id in spans} == {t.id for t in analysis.tags}
    pane = w.panes["text"].text_pane()
    for start, end, _label, _ in spans[:5]:
        cursor = pane.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().replace("\u2029", "\n") == doc.text[start:end]

    # the original page, with the covenants on it boxed
    tag = next(t for t in w.session.document.tags if t.label == "anti_distillation")
    w.session.select_tag(tag.id)
    w.show_tab("page")
    qtbot.waitUntil(lambda: idle(w) and w.panes["page"]._number.value() == tag.page, timeout=10000)
    boxed = w.panes["page"].shown_boxes()
    page = doc.pages[tag.page - 1]
    assert (tag.id, "anti_distillation") in boxed
    assert {i for i, _ in boxed} == {t.id for t in analysis.tags if t.start < page.end and t.end > page.start}
    assert all(b.exact for b in w.panes["page"]._rendered.boxes)  # the words themselves were found
    assert w.panes["page"]._number.value() == tag.page


def test_clicking_a_highlight_selects_that_covenant_everywhere(make_window, library, qtbot):
    w = make_window(library["db"])
    w.session.open_document(library["ids"]["northwind_v2"])
    tag = next(t for t in w.session.document.tags if t.label == "anti_distillation")
    w.panes["text"]._text_clicked(w.panes["text"]._map.to_qt(tag.start + 3))
    assert w.session.tag.id == tag.id
    assert w.panes["covenants"].table().currentIndex().data() == "Anti-distillation"
    assert "Anti-distillation" in w.panes["detail"]._heading.text()
    assert "excluding Northwind Lumen" in w.panes["detail"].section_text("Carve-outs and what the clause names")
    assert "3 of 3 platforms" in w.panes["detail"].section_text("At other platforms")
    elsewhere = w.panes["detail"].section_text("At other platforms")
    assert "Quillfeather" in elsewhere
    assert elsewhere.index("Pelican") < elsewhere.index("same wording variant") < elsewhere.index("Quillfeather")
    assert "added" in w.panes["detail"].section_text("Since the previous version")


def test_covenant_filters_and_next_previous(make_window, library, qtbot):
    w = make_window(library["db"])
    w.session.open_document(library["ids"]["northwind_v2"])
    covenants = w.panes["covenants"]
    total = len(covenants.shown_tags())
    covenants.set_filter("severity", "high")
    assert covenants.shown_tags() and all(t.severity == "high" for t in covenants.shown_tags())
    covenants.set_filter("severity", "")
    covenants.set_filter("type", "governing_law")
    assert [t.label for t in covenants.shown_tags()] == ["governing_law"]
    covenants.set_filter("type", "")
    assert len(covenants.shown_tags()) == total
    qtbot.keyClick(w, Qt.Key.Key_F8)
    first = w.session.tag
    qtbot.keyClick(w, Qt.Key.Key_F8)
    assert w.session.tag is not None and w.session.tag.id != first.id
    qtbot.keyClick(w, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert w.session.tag.id == first.id


def test_ctrl_f_finds_words_in_the_document(make_window, library, qtbot):
    w = make_window(library["db"])
    w.session.open_document(library["ids"]["northwind_v2"])
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = w.panes["text"].find_bar()
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "model")
    pane = w.panes["text"].text_pane()
    assert pane.textCursor().selectedText().lower() == "model"
    first = pane.textCursor().selectionStart()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert pane.textCursor().selectionStart() > first
    assert bar.count.text().startswith("2 of ")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_text_beyond_the_basic_plane_keeps_highlights_on_their_words(make_window, tmp_path, qtbot):
    from app.core.library import import_file
    path = tmp_path / "emoji.md"
    path.write_text("# Pelican \U0001F426 Model Licence\n\n1. Law. \U0001F30D This Licence is governed by the laws"
                    " of England and Wales.\n", encoding="utf-8")
    store = Store(tmp_path / "library.db")
    doc_id = import_file(path, store).document_id
    tags = store.get_analysis(doc_id).tags
    text = store.get_document(doc_id).text
    store.close()
    assert tags
    w = make_window(tmp_path / "library.db")
    w.session.open_document(doc_id)
    pane = w.panes["text"].text_pane()
    for sel in pane.extraSelections():
        start, end = sel.cursor.selectionStart(), sel.cursor.selectionEnd()
        tag = next(t for t in tags if t.id == sel.format.property(sel.format.Property.UserProperty + 1))
        assert sel.cursor.selectedText() == text[tag.start:tag.end]
        assert (start, end) != (tag.start, tag.end)  # Qt counts the emoji twice: the map moved them


def test_a_long_document_paints_the_tags_near_the_screen_and_all_of_them_when_scrolled(
        make_window, tmp_path, monkeypatch):
    from app.core.library import import_file
    from app.gui.controllers import highlights
    monkeypatch.setattr(highlights, "MIN_MARGIN", 400)
    clauses = ["You must not use any Output to train or improve another large language model.",
               "You may copy the Model for your own evaluation.",
               "These terms are governed by the laws of Scotland.",
               "Every copy you share must carry the attribution notice that came with the Model."]
    body = "\n\n".join(f"{n}. {clauses[n % 4]}" for n in range(1, 241))
    path = tmp_path / "long.md"
    path.write_text("# Heron Model Licence\n\n" + body + "\n", encoding="utf-8")
    store = Store(tmp_path / "library.db")
    doc_id = import_file(path, store).document_id
    tags = store.get_analysis(doc_id).tags
    store.close()
    w = make_window(tmp_path / "library.db")
    w.session.open_document(doc_id)
    pane = w.panes["text"]
    assert len(tags) > 100
    assert 0 < len(pane.highlighted_spans()) < len(tags)  # only the tags near the top of the text
    assert [(s, e, label) for s, e, label, _ in all_highlighted(pane)] == sorted(
        (t.start, t.end, t.label) for t in tags)
    last = max(tags, key=lambda t: t.start)
    w.session.select_tag(last.id)  # far down: the pane scrolls there and paints it, selected
    assert last.id in {tag_id for *_, tag_id in pane.highlighted_spans()}


def test_page_down_at_the_foot_of_a_page_turns_it(make_window, tmp_path, qtbot):
    from app.core.library import import_file
    pdf = pdfs.make_licence_pdf(tmp_path)
    store = Store(tmp_path / "library.db")
    doc_id = import_file(pdf, store).document_id
    store.close()
    w = make_window(tmp_path / "library.db")
    w.session.open_document(doc_id)
    w.show_tab("page")
    page = w.panes["page"]
    assert page._number.value() == 1 and page._count.text() == "of 6"
    canvas = page.canvas()
    bar = page._scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.keyClick(canvas, Qt.Key.Key_PageDown)
    assert page._number.value() == 2 and not canvas.image.isNull()
    bar.setValue(bar.minimum())
    qtbot.keyClick(canvas, Qt.Key.Key_PageUp)
    assert page._number.value() == 1
    tag = next(t for t in w.session.document.tags if t.page == 4)
    w.session.select_tag(tag.id)  # selecting a tag elsewhere turns to its page
    assert page._number.value() == 4 and canvas.selected == tag.id


def test_highlights_follow_a_switch_to_a_dark_palette(make_window, library, qapp):
    from PySide6.QtWidgets import QApplication

    from app.gui import colours
    from app.gui.style import dark_palette
    w = make_window(library["db"])
    w.session.open_document(library["ids"]["northwind_v2"])
    light = {s.format.property(s.format.Property.UserProperty + 1): s.format.background().color().name()
             for s in w.panes["text"].text_pane().extraSelections()}
    before = QApplication.palette()
    try:
        QApplication.setPalette(dark_palette())
        qapp.processEvents()
        dark = {s.format.property(s.format.Property.UserProperty + 1): s.format.background().color().name()
                for s in w.panes["text"].text_pane().extraSelections()}
    finally:
        QApplication.setPalette(before)
    tags = {t.id: t for t in w.session.document.tags}
    assert set(dark) == set(light)
    for tag_id, colour in dark.items():
        assert colour == colours.highlight(tags[tag_id].label, True).name() != light[tag_id]
