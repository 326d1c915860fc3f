"""The memo as DOCX (python-docx), for a lawyer who goes on editing it in Word: the same content as
the PDF with Word's own Title, Heading 1-3, Quote and List Bullet styles, real tables, a table of
contents field and "page N of M" in the footer (Word fills both fields when the file is opened).
python-docx writes text as text, so user text needs no escaping, only ``clean_text`` (XML cannot
carry control characters).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from app.core.memo.content import Item, Memo, Section, group_changes
from app.core.review import clean_text

ACCENT, MUTED, QUOTE_BG = RGBColor(0x1D, 0x4E, 0x89), RGBColor(0x59, 0x63, 0x6E), "F3F5F8"


def _text(value) -> str:
    return clean_text(str(value))


def _field(paragraph, instruction: str, placeholder: str = "", lines: tuple[str, ...] = ()) -> None:
    """A Word field (PAGE, NUMPAGES, TOC ...) shown as ``placeholder`` (and ``lines``, one a line)
    until the word processor updates it."""
    run = paragraph.add_run()

    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    begin = char("begin")
    begin.set(qn("w:dirty"), "true")  # ask Word to update the field when the file is opened
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    shown = []
    for k, line in enumerate((placeholder, *lines)):
        if k:
            shown.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = line
        shown.append(t)
    for el in (begin, instr, char("separate"), *shown, char("end")):
        run._r.append(el)


def _shade(element, fill: str) -> None:
    props = element.get_or_add_tcPr() if element.tag == qn("w:tc") else element.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def _para(doc, text: str = "", style: str | None = None, bold_label: str = "", muted=False):
    p = doc.add_paragraph(style=style)
    if bold_label:
        p.add_run(_text(bold_label)).bold = True
    run = p.add_run(_text(text))
    if muted:
        run.font.color.rgb = MUTED
        run.font.size = Pt(9)
    return p


def _table(doc, rows: list[list[str]], widths_cm: list[float], header=True):
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice follows; Word follows the cells
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for c, value in enumerate(values):
            cells[c].width = Cm(widths_cm[c])
            para = cells[c].paragraphs[0]
            run = para.add_run(_text(value))
            run.font.size = Pt(8.5)
            if header and r == 0:
                run.bold = True
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                _shade(cells[c]._tc, "1D4E89")
            elif not header and c == 0:
                run.bold = True
    if header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # repeat the header row on each page
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    return table


def _setup(doc, memo: Memo) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    quote = doc.styles["Quote"]
    quote.paragraph_format.left_indent = Cm(0.6)
    quote.paragraph_format.right_indent = Cm(0.3)
    _shade(quote.element, QUOTE_BG)
    footer = section.footer.paragraphs[0]
    footer.add_run(_text(" \u00b7 ".join(x for x in ("ClauseLens memo", memo.matter, memo.date) if x)) + "   ")
    footer.add_run("page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    props = doc.core_properties
    props.title = _text(memo.title)[:250]
    props.subject = _text(memo.matter)[:250]
    props.author = _text(memo.reviewer)[:250]
    props.comments = "Prepared with ClauseLens; not legal advice."


def _cover(doc, memo: Memo) -> None:
    doc.add_paragraph(_text(memo.title), style="Title")
    _table(doc, [["Matter", memo.matter or "(not named)"], ["Reviewer", memo.reviewer or "(not named)"],
                 ["Date", memo.date]], [3.0, 13.6], header=False)
    doc.add_heading("Documents reviewed", level=2)
    for src in memo.documents:
        _table(doc, [["Document", src.title],
                     ["Platform", " \u00b7 ".join(x for x in (src.platform, src.vendor) if x) or "not stated"],
                     ["Version", " \u00b7 ".join(x for x in (src.version, src.date, src.kind) if x) or "not stated"],
                     ["SHA-256", src.sha256]], [2.6, 14.0], header=False)
        doc.add_paragraph()
    _para(doc, "Not legal advice: a working aid prepared with ClauseLens for review by a qualified lawyer. "
               "See the disclaimer at the end.", muted=True)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Contents", style="TOC Heading")
    # the section titles stand in for the contents until the field is updated (Word asks on opening)
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
           "(Update this field for page numbers: right-click, Update Field.)",
           ("Executive summary", *(_text(f"{k}. {s.name}") for k, s in enumerate(memo.sections, 1)),
            *(("Reviewer\u2019s annotations",) if memo.annotations else ()), "Appendix: provenance", "Disclaimer"))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(doc, memo: Memo) -> None:
    doc.add_heading("Executive summary", level=1)
    rejected = sum(s.counts.get("rejected", 0) for s in memo.documents)
    accepted = sum(1 for i in memo.items if i.status == "accepted")
    _para(doc, f"{len(memo.items)} covenants in {len(memo.sections)} types across {len(memo.documents)} "
               f"document(s): {accepted} accepted in review, {len(memo.items) - accepted} not yet reviewed "
               f"(marked \u201cunreviewed\u201d). {rejected} tag(s) rejected in review are left out.")
    for notice in memo.notices:
        _para(doc, notice, muted=True)
    names = {s.type_id: s.name for s in memo.sections}
    several = len(memo.documents) > 1  # one document: its name is on the cover, not on every row
    rows = [["Covenant"] + (["Document"] if several else []) + ["Severity", "Conf.", "Status", "Page"]]
    rows += [[names.get(i.label, i.label)] + ([i.document_title] if several else []) +
             [i.severity, f"{i.confidence:.2f}", i.status_text, i.pages] for i in memo.summary()]
    if len(rows) > 1:
        _table(doc, rows, [4.0, 4.4, 1.9, 1.4, 3.4, 1.5] if several else [6.4, 1.9, 1.4, 5.4, 1.5])
    else:
        _para(doc, "No covenants to report: every tag was rejected or none was found.")
    if memo.version_changes:
        doc.add_heading("Covenant changes since the previous version", level=2)
        _changes(doc, memo.version_changes)


def _item(doc, item: Item, n: str) -> None:
    where = item.platform or item.document_title
    doc.add_heading(_text(f"{n} {where}" + (f", {item.clause_ref}" if item.clause_ref else "")), level=2)
    meta = (f"{item.document_title} \u00b7 {item.pages} \u00b7 status: {item.status_text} \u00b7 severity: "
            f"{item.severity_text} \u00b7 confidence {item.confidence:.2f}" +
            (f" \u00b7 tag {item.tag_id}" if item.tag_id else ""))
    _para(doc, meta, muted=True)
    if item.lawyer_note:
        doc.add_heading("Reviewer\u2019s note", level=3)
        _para(doc, item.lawyer_note)
    doc.add_paragraph(_text(item.quote), style="Quote")
    if item.triggers:
        _para(doc, ", ".join(f"\u201c{t}\u201d" for t in item.triggers), bold_label="Triggered by: ", muted=True)
    if item.carve_outs:
        _para(doc, "; ".join(f"\u201c{c}\u201d" for c in item.carve_outs), bold_label="Carve-outs: ")
    if item.entities:
        _para(doc, "; ".join(f"{k} \u201c{w}\u201d" + (f" ({v})" if v and v != w else "")
                             for k, w, v in item.entities), bold_label="Entities: ")


def _changes(doc, changes) -> None:
    for lead, group in group_changes(changes):
        _para(doc, lead + ":")
        for ch in group:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(_text(ch.kind)).bold = True
            p.add_run(_text((f", p. {ch.page}" if ch.page else "") + f" \u2014 {ch.description}"))


def _section(doc, section: Section, number: int) -> None:
    doc.add_heading(_text(f"{number}. {section.name}"), level=1)
    docs = sorted({i.document_title for i in section.items})
    _para(doc, f"Severity {section.severity} \u00b7 {len(section.items)} item(s) \u00b7 in {'; '.join(docs)}",
          muted=True)
    if section.description:
        _para(doc, section.description, muted=True)
    for k, item in enumerate(section.items, 1):
        _item(doc, item, f"{number}.{k}")
    doc.add_heading("Interpretive note", level=2)
    if section.note:
        for sec in section.note.sections:
            doc.add_heading(_text(sec.heading), level=3)
            for b in sec.blocks:
                doc.add_paragraph(_text(b.text), style="List Bullet" if b.kind == "bullet" else None)
    else:
        _para(doc, "No interpretive note for this type.", muted=True)
    doc.add_heading("How other platforms handle it", level=2)
    c = section.comparison
    if c:
        for line in c.summary_lines():
            _para(doc, line)
        rows = [["Platform", "Var.", "Wording", "Sim."]]
        for r in c.rows:
            who = r.platform + (" (this memo)" if r.in_memo else "") + (" \u2605" if r.representative else "")
            rows.append([who + (f"\n{r.document}" if r.document else ""), str(r.variant), r.excerpt,
                         "\u2014" if r.similarity is None else f"{r.similarity:.0%}"])
        _table(doc, rows, [3.4, 1.3, 10.1, 1.8])
        _para(doc, "\u2605 the representative wording of its variant; similarity is to it.", muted=True)
    if section.comparison_note:
        _para(doc, section.comparison_note, muted=True)
    doc.add_heading("What changed since the last version", level=2)
    if section.changes:
        _changes(doc, section.changes)
    else:
        _para(doc, section.changes_note or "No earlier version of these documents in the library.", muted=True)


def _appendix(doc, memo: Memo) -> None:
    if memo.annotations:
        doc.add_heading("Reviewer\u2019s annotations", level=1)
        for a in memo.annotations:
            _para(doc, f"{a.document_title}, p. {a.page}", muted=True)
            doc.add_paragraph(_text(a.quote), style="Quote")
            _para(doc, a.note)
    doc.add_heading("Appendix: provenance", level=1)
    _para(doc, "Every quote in this memo is the exact text ClauseLens extracted from the file below, at the "
               "character offsets of the tag. The SHA-256 fingerprint identifies the file's bytes.")
    for src in memo.documents:
        doc.add_heading(_text(src.title), level=3)
        _table(doc, [["File name", src.file_name], ["SHA-256", src.sha256], ["Imported", src.imported_at],
                     ["Format", f"{src.format}, {src.page_count} page(s)"],
                     ["Pipeline version", src.pipeline_version or "not analysed"], ["Analysed", src.analysed_at],
                     ["Path", src.path]], [3.2, 13.4], header=False)
    doc.add_heading("Disclaimer", level=1)
    _para(doc, memo.disclaimer)
    _para(doc, f"Generated by ClauseLens {memo.app_version} on {memo.date}.", muted=True)


def write_docx(memo: Memo, out: Path, progress=None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = new_docx()
    _setup(doc, memo)
    _cover(doc, memo)
    _summary(doc, memo)
    for n, section in enumerate(memo.sections, 1):
        if progress:
            progress(n / (len(memo.sections) + 1), f"writing {section.name}")
        _section(doc, section, n)
    _appendix(doc, memo)
    doc.save(str(out))
    if progress:
        progress(1.0, "DOCX written")
    return out
