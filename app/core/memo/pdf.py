"""The memo as PDF (ReportLab Platypus): cover, contents, summary, one section per covenant,
annotations, provenance appendix and disclaimer; "page N of M" footers, bookmarks, embedded fonts.

Every string from a document, a note or the user goes through ``fonts.markup`` (escaped, so a
note containing ``<b>`` prints those three characters).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from app.core.memo import fonts
from app.core.memo.content import Item, Memo, Section, SourceInfo, group_changes
from app.core.notes import Note

INK, MUTED, ACCENT, RULE, QUOTE_BG = (colors.HexColor(c) for c in
                                      ("#1f2328", "#59636e", "#1d4e89", "#c9d1d9", "#f3f5f8"))
FOOTER_WIDTH = A4[0] - 8 * cm  # left of "page N of M"
SEVERITY_COLOURS = {"high": colors.HexColor("#b42318"), "medium": colors.HexColor("#b54708"),
                    "low": colors.HexColor("#3b6e3b")}


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.BODY, fontSize=9.5, leading=13.5, textColor=INK,
                          alignment=TA_LEFT, splitLongWords=1, spaceAfter=4,
                          bulletFontName=fonts.BODY)

    def style(name, **kw):
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "title": style("title", fontName=fonts.BOLD, fontSize=22, leading=28, spaceAfter=14, textColor=ACCENT),
        "subtitle": style("subtitle", fontSize=12, leading=16, textColor=MUTED, spaceAfter=18),
        "h1": style("h1", fontName=fonts.BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=8,
                    textColor=ACCENT),
        "h2": style("h2", fontName=fonts.BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4),
        "h3": style("h3", fontName=fonts.BOLD, fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=2,
                    textColor=MUTED),
        "meta": style("meta", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=4),
        "quote": style("quote", fontSize=9.5, leading=13.5, leftIndent=14, rightIndent=8, backColor=QUOTE_BG,
                       borderColor=RULE, borderWidth=0.5, borderPadding=(6, 6, 6, 6), spaceBefore=8,
                       spaceAfter=12),
        "note": style("note", leftIndent=10, borderColor=ACCENT, borderWidth=0, spaceAfter=6),
        "bullet": style("bullet", leftIndent=14, bulletIndent=4, spaceAfter=2),
        "cell": style("cell", fontSize=8.5, leading=11, spaceAfter=0),
        "cellhead": style("cellhead", fontName=fonts.BOLD, fontSize=8.5, leading=11, spaceAfter=0,
                          textColor=colors.white),
        "small": style("small", fontSize=8, leading=10.5, textColor=MUTED),
        "toc0": style("toc0", fontName=fonts.BOLD, fontSize=10, leading=14, leftIndent=0, spaceBefore=3),
        "toc1": style("toc1", fontSize=9, leading=12, leftIndent=16),
    }


class _Heading(Paragraph):
    """A paragraph that is also a bookmark, an outline entry and a table-of-contents entry."""

    def __init__(self, text: str, style, level: int, key: str):
        super().__init__(fonts.markup(text, bold=True), style)
        self.outline = (level, fonts.plain(text), key)
        self.toc_markup = fonts.markup(text)


class _Template(BaseDocTemplate):
    def __init__(self, path: str, memo: Memo, progress=None):
        super().__init__(path, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2 * cm,
                         bottomMargin=2 * cm, title=fonts.plain(f"{memo.title} \u2014 {memo.matter}" if memo.matter
                                                                else memo.title),
                         author=fonts.plain(memo.reviewer), subject="Annotated licence review memo",
                         creator=f"ClauseLens {memo.app_version}",
                         initialFontName=fonts.BODY)  # else every page names Helvetica, not embedded
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("page", [frame])])
        self._progress, self._flowables, self._done = progress, 0, 0

    def afterFlowable(self, flowable):
        outline = getattr(flowable, "outline", None)
        if outline:
            level, text, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, flowable.toc_markup, self.page, key))
        if self._progress and self._flowables:
            self._done += 1
            if self._done % 50 == 0:
                self._progress(min(0.99, self._done / self._flowables), "laying out pages")


def _canvas_maker(footer: Paragraph):
    class NumberedCanvas(Canvas):
        """Holds each page until the end, when the page count is known, for "page N of M"."""

        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer.wrapOn(self, FOOTER_WIDTH, 1 * cm)
                footer.drawOn(self, 2.2 * cm, 1.05 * cm)
                self.setFont(fonts.BODY, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(A4[0] - 2.2 * cm, 1.1 * cm, f"page {self._pageNumber} of {total}")
                self.setStrokeColor(RULE)
                self.line(2.2 * cm, 1.45 * cm, A4[0] - 2.2 * cm, 1.45 * cm)
                super().showPage()
            super().save()

    return NumberedCanvas


_CJK_STYLES: dict[str, ParagraphStyle] = {}


def _p(text: str, style, bold=False) -> Paragraph:
    cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3" or "\uff00" <= ch <= "\uffef")
    if cjk and cjk >= 0.3 * len(text.strip()):
        # line breaks anywhere between ideographs, never before a closing mark such as "，" or "。"
        if style.name not in _CJK_STYLES:
            _CJK_STYLES[style.name] = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
        style = _CJK_STYLES[style.name]
    return Paragraph(fonts.markup(text, bold=bold), style)


def _table(rows, widths, header=True, zebra=True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    cmds = [("FONTNAME", (0, 0), (-1, -1), fonts.BODY),  # the default, Helvetica, would not be embedded
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    if zebra:
        cmds += [("BACKGROUND", (0, r), (-1, r), QUOTE_BG) for r in range(2 if header else 1, len(rows), 2)]
    t.setStyle(TableStyle(cmds))
    return t


def _source_rows(src: SourceInfo, st) -> list:
    def row(k, v):
        return [_p(k, st["cell"], bold=True), _p(v, st["cell"])]
    rows = [row("Document", src.title), row("Platform", " \u00b7 ".join(x for x in (src.platform, src.vendor) if x)
                                            or "not stated")]
    rows.append(row("Version", " \u00b7 ".join(x for x in (src.version, src.date, src.kind) if x) or "not stated"))
    rows.append(row("SHA-256", src.sha256))
    return rows


def _cover(memo: Memo, st) -> list:
    story = [Spacer(1, 2.5 * cm), _p(memo.title, st["title"], bold=True)]
    lines = [("Matter", memo.matter or "(not named)"), ("Reviewer", memo.reviewer or "(not named)"),
             ("Date", memo.date)]
    story.append(_table([[_p(k, st["cell"], bold=True), _p(v, st["body"])] for k, v in lines],
                        [3 * cm, 13.5 * cm], header=False, zebra=False))
    story += [Spacer(1, 0.8 * cm), _p("Documents reviewed", st["h2"], bold=True)]
    for src in memo.documents:
        story += [_table(_source_rows(src, st), [2.6 * cm, 14 * cm], header=False, zebra=False), Spacer(1, 6)]
    story += [Spacer(1, 0.6 * cm),
              _p("Not legal advice: a working aid prepared with ClauseLens for review by a qualified lawyer. "
                 "See the disclaimer at the end.", st["small"]), PageBreak()]
    return story


def _contents(st) -> list:
    toc = TableOfContents(levelStyles=[st["toc0"], st["toc1"]], dotsMinLevel=0,
                          tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.BODY),
                                                 ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [_p("Contents", st["h1"], bold=True), toc, PageBreak()]


def _summary(memo: Memo, st) -> list:
    story = [_Heading("Executive summary", st["h1"], 0, "summary")]
    n = len(memo.items)
    counts = {}
    for i in memo.items:
        counts[i.status] = counts.get(i.status, 0) + 1
    rejected = sum(s.counts.get("rejected", 0) for s in memo.documents)
    text = (f"{n} covenant{'s' if n != 1 else ''} in {len(memo.sections)} type{'s' if len(memo.sections) != 1 else ''}"
            f" across {len(memo.documents)} document{'s' if len(memo.documents) != 1 else ''}: "
            f"{counts.get('accepted', 0)} accepted in review, {counts.get('unreviewed', 0)} not yet reviewed "
            f"(marked \u201cunreviewed\u201d). {rejected} tag{'s' if rejected != 1 else ''} rejected in review "
            f"{'are' if rejected != 1 else 'is'} left out.")
    story.append(_p(text, st["body"]))
    for notice in memo.notices:
        story.append(_p(notice, st["meta"]))
    several = len(memo.documents) > 1  # one document: its name is on the cover, not on every row
    head = ["Covenant"] + (["Document"] if several else []) + ["Severity", "Conf.", "Status", "Page"]
    rows = [[_p(h, st["cellhead"], bold=True) for h in head]]
    for i in memo.summary():
        sev = Paragraph(f'<font color="{SEVERITY_COLOURS.get(i.severity, INK).hexval()}">'
                        f'{fonts.markup(i.severity)}</font>', st["cell"])
        rows.append([_p(_type_name(memo, i.label), st["cell"])] +
                    ([_p(i.document_title, st["cell"])] if several else []) +
                    [sev, _p(f"{i.confidence:.2f}", st["cell"]), _p(i.status_text, st["cell"]),
                     _p(i.pages, st["cell"])])
    widths = [4.0, 4.4, 1.9, 1.4, 3.4, 1.5] if several else [6.4, 1.9, 1.4, 5.4, 1.5]
    if len(rows) == 1:
        story.append(_p("No covenants to report: every tag was rejected or none was found.", st["body"]))
    else:
        story.append(_table(rows, [w * cm for w in widths]))
    if memo.version_changes:
        story += [_p("Covenant changes since the previous version", st["h2"], bold=True)]
        story += _changes(memo.version_changes, st)
    story.append(PageBreak())
    return story


def _type_name(memo: Memo, label: str) -> str:
    return next((s.name for s in memo.sections if s.type_id == label), label)


def _item(item: Item, n: str, st) -> list:
    title = f"{n} {item.platform or item.document_title}" + (f", {item.clause_ref}" if item.clause_ref else "")
    story = [_Heading(title, st["h2"], 1, f"tag-{item.document_id}-{item.start}-{item.label}")]
    meta = (f"{item.document_title} \u00b7 {item.pages} \u00b7 status: {item.status_text} \u00b7 severity: {item.severity_text} \u00b7 "
            f"confidence {item.confidence:.2f}" + (f" \u00b7 tag {item.tag_id}" if item.tag_id else ""))
    story.append(_p(meta, st["meta"]))
    if item.lawyer_note:
        story += [_p("Reviewer\u2019s note", st["h3"], bold=True), _p(item.lawyer_note, st["note"])]
    story.append(_p(item.quote, st["quote"]))
    if item.triggers:
        story.append(_p("Triggered by: " + ", ".join(f"\u201c{t}\u201d" for t in item.triggers), st["meta"]))
    if item.carve_outs:
        story.append(_p("Carve-outs: " + "; ".join(f"\u201c{c}\u201d" for c in item.carve_outs), st["body"]))
    if item.entities:
        story.append(_p("Entities: " + "; ".join(f"{k} \u201c{w}\u201d" + (f" ({v})" if v and v != w else "")
                                                 for k, w, v in item.entities), st["body"]))
    return story


def _note(note: Note, st) -> list:
    story = []
    for sec in note.sections:
        story.append(_p(sec.heading, st["h3"], bold=True))
        for b in sec.blocks:
            if b.kind == "bullet":
                story.append(Paragraph(fonts.markup(b.text), st["bullet"], bulletText="\u2022"))
            else:
                story.append(_p(b.text, st["body"]))
    return story


def _comparison(section: Section, st) -> list:
    c = section.comparison
    story = [_p(line, st["body"]) for line in c.summary_lines()]
    head = ["Platform", "Var.", "Wording", "Sim."]
    rows = [[_p(h, st["cellhead"], bold=True) for h in head]]
    for r in c.rows:
        who = fonts.markup(r.platform, bold=r.representative) + (" (this memo)" if r.in_memo else "")
        if r.representative:
            who = f"<b>{who}</b>"
        if r.document:
            who += f'<br/><font size="7">{fonts.markup(r.document)}</font>'
        rows.append([Paragraph(who, st["cell"]), _p(str(r.variant), st["cell"]), _p(r.excerpt, st["cell"]),
                     _p("\u2014" if r.similarity is None else f"{r.similarity:.0%}", st["cell"])])
    story.append(_table(rows, [3.6 * cm, 1.2 * cm, 10.0 * cm, 1.8 * cm]))
    story.append(_p("Bold: the representative wording of its variant; similarity is to it.", st["small"]))
    return story


def _changes(changes, st) -> list:
    story = []
    for lead, group in group_changes(changes):
        story.append(_p(lead + ":", st["body"]))
        for ch in group:
            where = f", p. {ch.page}" if ch.page else ""
            story.append(Paragraph(f"<b>{fonts.markup(ch.kind, bold=True)}</b>{fonts.markup(where)} \u2014 "
                                   f"{fonts.markup(ch.description)}", st["bullet"], bulletText="\u2022"))
    return story


def _section(memo: Memo, section: Section, number: int, st) -> list:
    story = [CondPageBreak(5 * cm), _Heading(f"{number}. {section.name}", st["h1"], 0, f"type-{section.type_id}")]
    docs = sorted({i.document_title for i in section.items})
    story.append(_p(f"Severity {section.severity} \u00b7 {len(section.items)} item"
                    f"{'s' if len(section.items) != 1 else ''} \u00b7 in {'; '.join(docs)}", st["meta"]))
    if section.description:
        story.append(_p(section.description, st["meta"]))
    for k, item in enumerate(section.items, 1):
        story += _item(item, f"{number}.{k}", st)
    story.append(_p("Interpretive note", st["h2"], bold=True))
    story += _note(section.note, st) if section.note else [_p("No interpretive note for this type.", st["meta"])]
    story.append(_p("How other platforms handle it", st["h2"], bold=True))
    if section.comparison:
        story += _comparison(section, st)
    if section.comparison_note:
        story.append(_p(section.comparison_note, st["meta"]))
    story.append(_p("What changed since the last version", st["h2"], bold=True))
    if section.changes:
        story += _changes(section.changes, st)
    else:
        story.append(_p(section.changes_note or "No earlier version of these documents in the library.", st["meta"]))
    return story


def _annotations(memo: Memo, st) -> list:
    if not memo.annotations:
        return []
    story = [PageBreak(), _Heading("Reviewer\u2019s annotations", st["h1"], 0, "annotations")]
    for a in memo.annotations:
        story += [_p(f"{a.document_title}, p. {a.page}", st["meta"]), _p(a.quote, st["quote"]),
                  _p(a.note, st["note"])]
    return story


def _appendix(memo: Memo, st) -> list:
    story = [PageBreak(), _Heading("Appendix: provenance", st["h1"], 0, "provenance"),
             _p("Every quote in this memo is the exact text ClauseLens extracted from the file below, at the "
                "character offsets of the tag. The SHA-256 fingerprint identifies the file's bytes: compute it "
                "again (for example with \u201csha256sum\u201d) to check that a file is the one reviewed.",
                st["body"])]
    for src in memo.documents:
        rows = [("File name", src.file_name), ("SHA-256", src.sha256), ("Imported", src.imported_at),
                ("Format", f"{src.format}, {src.page_count} page{'s' if src.page_count != 1 else ''}"),
                ("Pipeline version", src.pipeline_version or "not analysed"), ("Analysed", src.analysed_at),
                ("Path", src.path)]
        story += [_p(src.title, st["h3"], bold=True),
                  _table([[_p(k, st["cell"], bold=True), _p(v, st["cell"])] for k, v in rows],
                         [3.2 * cm, 13.4 * cm], header=False, zebra=False), Spacer(1, 8)]
    story += [_Heading("Disclaimer", st["h1"], 0, "disclaimer"), _p(memo.disclaimer, st["body"]),
              _p(f"Generated by ClauseLens {memo.app_version} on {memo.date}.", st["meta"])]
    return story


def build_story(memo: Memo) -> list:
    st = _styles()
    story = _cover(memo, st) + _contents(st) + _summary(memo, st)
    for n, section in enumerate(memo.sections, 1):
        story += _section(memo, section, n, st)
    return story + _annotations(memo, st) + _appendix(memo, st)


def _footer(memo: Memo, style) -> Paragraph:
    """ "ClauseLens memo · matter · date" on one line, the matter shortened until it fits."""
    matter = fonts.plain(memo.matter)
    while True:
        text = " \u00b7 ".join(x for x in ("ClauseLens memo", matter, memo.date) if x)
        footer = Paragraph(fonts.markup(text), style)
        if footer.wrap(FOOTER_WIDTH, 100)[1] <= style.leading * 1.2 or not matter:
            return footer
        matter = matter[:int(len(matter) * 0.8)].rstrip() + "\u2026" if len(matter) > 4 else ""


def write_pdf(memo: Memo, out: Path, progress=None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if progress:
        progress(0.0, "laying out the memo")
    story = build_story(memo)
    doc = _Template(str(out), memo, progress)
    doc._flowables = 2 * len(story)  # the contents need two passes
    doc.multiBuild(story, canvasmaker=_canvas_maker(_footer(memo, _styles()["small"])))
    if progress:
        progress(1.0, "PDF written")
    return out

