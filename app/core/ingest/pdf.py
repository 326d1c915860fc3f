"""PDF ingestion: PDFium for text and geometry, pdfplumber only for ruled pages.

Speed comes from asking PDFium per run of text, not per character: its text of a page is
split at the line breaks PDFium itself inserts, and ``FPDFText_CountRects``/``GetRect`` give one
rectangle per text object on each line. Only the first character of a run is asked for its
font, size and baseline; the per-character API is used only for lines it cannot split that
way and for struck-through runs. Pages are opened and closed one at a time.

pdfplumber (pdfminer) is about 20 times slower than PDFium, but it breaks vector graphics into
separate lines and rectangles and has a table finder, which PDFium does not. So it is opened only
for pages where a PDFium path object crosses a line of text (a ruled table, a strike-through),
and there it gives table cells and the lines that strike text out. Struck-through text is
dropped: in a redline it is the deleted wording, which is not part of the terms.
"""

from __future__ import annotations

import ctypes
import io
import math
import re

import pypdfium2 as pdfium
import pypdfium2.raw as c

from app.core.errors import ImportRefused
from app.core.ingest.pdf_layout import (
    BlockBuilder,
    PageText,
    Seg,
    TableItem,
    body_size,
    group_lines,
    join_lines,
    merge_across_pages,
    page_items,
    remove_running,
)
from app.core.model import Extraction

_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold", re.IGNORECASE)
_FORCE_BOLD = 1 << 18
_LINE = re.compile(r"[^\r\n]+")
_WORD_START = re.compile(r"[\s\ufffe\x02-]")
_JUNK_TITLES = re.compile(r"^(untitled|anonymous|unknown|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|rtf|odt))$",
                          re.IGNORECASE)
# Own prototypes returning plain addresses, so that objects and fonts compare as ints.
_text_object = ctypes.cast(c.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int))
_obj_font = ctypes.cast(c.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p))
MAX_PAGES = 2000  # about 6 s of reading; a file claiming more is a hostile page tree or many documents
NO_TEXT = "has no text layer (scanned?); run OCR on it first, then import the OCR'd PDF"


def _open(data: bytes, path: str) -> pdfium.PdfDocument:
    if b"%PDF-" not in data[:1024]:
        raise ImportRefused(path, "is not a valid PDF (it has no PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        # PDFium's last-error code is not reset by every failure (a zero-page file loaded after
        # an encrypted one still reports "password"), so the file must also say it is encrypted.
        code = getattr(err, "err_code", None)
        if code in (c.FPDF_ERR_PASSWORD, c.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
            raise ImportRefused(path, "is encrypted (password-protected); remove the password and import again") from None
        if b"%%EOF" not in data[-4096:] and b"%%EOF" not in data:
            raise ImportRefused(path, "is truncated or damaged (the end of the file is missing); "
                                      "download or export it again") from None
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Type\s*/Page\b", data):
            raise ImportRefused(path, "has no pages") from None
        raise ImportRefused(path, "is not a valid PDF (it is damaged and cannot be read)") from None
    count = len(pdf)
    if count == 0 or count > MAX_PAGES:
        pdf.close()
        raise ImportRefused(path, "has no pages" if count == 0 else
                            f"has {count:,} pages, more than the {MAX_PAGES:,} ClauseLens reads in one "
                            "document; split it into parts and import each")
    return pdf


class _PageReader:
    """Reads text runs of one PDFium text page; holds the ctypes out-parameters it reuses."""

    def __init__(self):
        self.d = [ctypes.c_double() for _ in range(4)]
        self.refs = [ctypes.byref(v) for v in self.d]
        self.rect = c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.name = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.bold_cache: dict[tuple[bytes, int], bool] = {}
        self.runs = self.unmapped = 0  # runs read, and runs whose first character has no Unicode

    def segments(self, raw, text: str, height: float) -> list[Seg]:
        segs: list[Seg] = []
        for m in _LINE.finditer(text):
            a, b = m.span()
            if not m.group().strip():
                continue
            for start, end, x0, x1, *_ in self._line_runs(raw, text, a, b):
                seg = self._seg(raw, text, start, end, x0, x1, height)
                if seg is not None:
                    segs.append(seg)
        return segs

    def _line_runs(self, raw, text: str, a: int, b: int) -> list[list]:
        """[start, end, x0, x1, bottom, top, font] per run of text on one PDFium line.

        PDFium gives one rectangle per text object on the line. Where there are several, the
        object of the first character of each word tells where each rectangle's text starts;
        neighbouring objects in the same font and size with no more than a word space between
        them are merged back (some PDFs draw every word as its own object).
        """
        k = c.FPDFText_CountRects(raw, a, b - a)
        if k <= 0:
            return []
        left, top, right, bottom = self.d
        rects = []
        for i in range(k):
            c.FPDFText_GetRect(raw, i, *self.refs)
            rects.append((left.value, right.value, bottom.value, top.value))
        first = a + len(text[a:b]) - len(text[a:b].lstrip())
        if k == 1:
            return [[first, b, *rects[0], None]]
        starts = self._object_starts(raw, text, first, b, words_only=True)
        if len(starts) != k or not self._starts_fit(raw, starts, rects):  # an object began mid-word
            starts = self._object_starts(raw, text, first, b, words_only=False)
        if len(starts) != k:
            return self._char_runs(raw, text, a, b)
        runs: list[list] = []
        for (start, obj), end, (x0, x1, y0, y1) in zip(starts, [s for s, _ in starts[1:]] + [b], rects, strict=True):
            font = (_obj_font(obj), c.FPDFText_GetFontSize(raw, start))
            last = runs[-1] if runs else None
            if (last is not None and last[6] == font and min(y1, last[5]) > max(y0, last[4])
                    and -1 < x0 - last[3] < 0.5 * font[1]):
                last[1], last[3] = end, max(last[3], x1)
            else:
                runs.append([start, end, x0, x1, y0, y1, font])
        return runs

    def _starts_fit(self, raw, starts: list[tuple[int, int]], rects: list[tuple]) -> bool:
        """Whether each run's first character lies at the left end of its rectangle."""
        for (start, _), (x0, _x1, y0, y1) in zip(starts, rects, strict=True):
            c.FPDFText_GetLooseCharBox(raw, start, self.rect_ref)
            if abs(self.rect.left - x0) > 3 or not y0 - 3 <= self.rect.bottom <= y1:
                return False
        return True

    def _object_starts(self, raw, text: str, first: int, b: int, words_only: bool) -> list[tuple[int, int]]:
        """(index, text object) where the text object changes, looking at word starts only or
        at every character."""
        starts: list[tuple[int, int]] = []
        prev = None
        for i in range(first, b):
            # after a space, or after a hyphen that PDFium joined across a line end (U+FFFE)
            if text[i].isspace() or (words_only and i > first and not _WORD_START.match(text[i - 1])):
                continue
            obj = _text_object(raw, i)
            if obj and obj != prev:
                starts.append((i, obj))
                prev = obj
        return starts

    def _char_runs(self, raw, text: str, a: int, b: int) -> list[list]:
        """Slow path: split a line into runs by each character's box."""
        runs: list[list] = []
        r = self.rect
        for i in range(a, b):
            if text[i].isspace():
                continue
            c.FPDFText_GetLooseCharBox(raw, i, self.rect_ref)
            h = max(r.top - r.bottom, 1.0)
            if runs and abs(r.bottom - runs[-1][4]) < 0.3 * h and -h < r.left - runs[-1][3] < h:
                runs[-1][1], runs[-1][3] = i + 1, max(runs[-1][3], r.right)
            else:
                if runs:
                    runs[-1][1] = i
                runs.append([i, i + 1, r.left, r.right, r.bottom])
        if runs:
            runs[-1][1] = b
        return [[s, e, x0, x1, bottom, bottom, None] for s, e, x0, x1, bottom in runs]

    def _seg(self, raw, text: str, start: int, end: int, x0: float, x1: float, height: float) -> Seg | None:
        body = text[start:end]
        first = start + len(body) - len(body.lstrip())
        if first >= end:
            return None
        angle = c.FPDFText_GetCharAngle(raw, first)
        if 0.02 < angle < 2 * math.pi - 0.02:  # rotated: a watermark or margin note, not running text
            return None
        r = self.rect
        c.FPDFText_GetLooseCharBox(raw, first, self.rect_ref)
        oy = self.d[1]
        c.FPDFText_GetCharOrigin(raw, first, self.refs[0], self.refs[1])
        size = c.FPDFText_GetFontSize(raw, first)
        if size <= 1.5:  # a font set at size 1 and scaled by the text matrix
            size = (r.top - r.bottom) * 0.85
        self.runs += 1
        self.unmapped += c.FPDFText_HasUnicodeMapError(raw, first) == 1
        return Seg(body, x0, x1, height - r.top, height - r.bottom, height - oy.value, size,
                   self._bold(raw, first), start, end)

    def _bold(self, raw, index: int) -> bool:
        n = c.FPDFText_GetFontInfo(raw, index, self.name, len(self.name), ctypes.byref(self.flags))
        key = (self.name.raw[: max(n - 1, 0)], self.flags.value)
        if key not in self.bold_cache:
            self.bold_cache[key] = bool(_BOLD_NAME.search(key[0]) or key[1] & _FORCE_BOLD
                                        or c.FPDFText_GetFontWeight(raw, index) >= 600)
        return self.bold_cache[key]

    def drop_struck(self, raw, text: str, segs: list[Seg], strikes: list[tuple[float, float, float]]) -> list[Seg]:
        """Remove the characters a strike-through line crosses (through the middle, not under)."""
        out = []
        for s in segs:
            hits = [(x0, x1) for x0, x1, y in strikes
                    if s.baseline - 0.65 * s.size <= y <= s.baseline - 0.1 * s.size and x0 < s.x1 and x1 > s.x0]
            if not hits:
                out.append(s)
                continue
            kept = []
            for i in range(s.a, s.b):
                if not text[i].isspace():
                    c.FPDFText_GetLooseCharBox(raw, i, self.rect_ref)
                    mid = (self.rect.left + self.rect.right) / 2
                    if any(x0 <= mid <= x1 for x0, x1 in hits):
                        continue
                kept.append(text[i])
            s.text = re.sub(r"\s{2,}", " ", "".join(kept))
            if s.text.strip():
                out.append(s)
        return out


def _needs_plumber(page_raw, segs: list[Seg], height: float) -> bool:
    """Whether the page's vector paths look like a ruled table or strike out text.

    A path through the middle of a text run is a strike-through (an underline or the rule under
    a running header is not); two or more vertical and two horizontal rules, or a path box
    around two text runs, may be a table. Paths inside form XObjects are in the form's own
    coordinates, so a form holding paths counts as well.
    """
    bands = [(s.x0, s.x1, s.baseline - 0.65 * s.size, s.baseline - 0.1 * s.size) for s in segs]
    d = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in d]
    vertical = horizontal = 0
    for i in range(c.FPDFPage_CountObjects(page_raw)):
        obj = c.FPDFPage_GetObject(page_raw, i)
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_FORM and any(
                c.FPDFPageObj_GetType(c.FPDFFormObj_GetObject(obj, j)) == c.FPDF_PAGEOBJ_PATH
                for j in range(c.FPDFFormObj_CountObjects(obj))):
            return True
        if kind != c.FPDF_PAGEOBJ_PATH or not c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        left, bottom, right, top = (v.value for v in d)
        ptop, pbottom = height - top, height - bottom
        if pbottom - ptop < 3:
            horizontal += right - left >= 10
            if any(min(right, x1) - max(left, x0) > 2 and y0 <= ptop <= y1 for x0, x1, y0, y1 in bands):
                return True
        elif right - left < 3:
            vertical += pbottom - ptop >= 10
        elif sum(1 for x0, x1, y0, y1 in bands if left <= x0 and x1 <= right and ptop <= y0 and y1 <= pbottom) >= 2:
            return True
        if vertical >= 2 and horizontal >= 2:
            return True
    return False


def _has_images(page_raw) -> bool:
    return any(c.FPDFPageObj_GetType(c.FPDFPage_GetObject(page_raw, i)) == c.FPDF_PAGEOBJ_IMAGE
               for i in range(c.FPDFPage_CountObjects(page_raw)))


def _vector_copy(pdf: pdfium.PdfDocument, index: int) -> bytes:
    """One page as a new PDF with its text objects removed: its paths, in the same coordinates.

    pdfminer spends almost all its time on characters (about 0.1 s for a full page); without
    them pdfplumber reads the page in a few milliseconds, and its table finder and line/rect
    objects only need the paths.
    """
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(pdf, [index])
        page = copy[0]
        raw = page.raw
        for i in reversed(range(c.FPDFPage_CountObjects(raw))):
            obj = c.FPDFPage_GetObject(raw, i)
            if c.FPDFPageObj_GetType(obj) == c.FPDF_PAGEOBJ_TEXT and c.FPDFPage_RemoveObject(raw, obj):
                c.FPDFPageObj_Destroy(obj)
        c.FPDFPage_GenerateContent(raw)
        page.close()
        buffer = io.BytesIO()
        copy.save(buffer)
        return buffer.getvalue()
    finally:
        copy.close()


def _ruling(pdf: pdfium.PdfDocument, index: int):
    """pdfplumber's tables (bbox and cell boxes, row by row) and thin horizontal lines of a page."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(_vector_copy(pdf, index))) as doc:
        page = doc.pages[0]
        tables = [t for t in page.find_tables()
                  if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
        found = [(t.bbox, [cell for row in t.rows for cell in row.cells if cell]) for t in tables]
        strikes = [(o["x0"], o["x1"], (o["top"] + o["bottom"]) / 2) for o in page.lines + page.rects
                   if o["bottom"] - o["top"] < 2.5 and o["x1"] - o["x0"] > 3]
    return found, strikes


def _table_items(tables, segs: list[Seg]) -> tuple[list[TableItem], list[Seg]]:
    """Move the runs inside each table into its cells, row by row."""
    items = []
    for (x0, top, x1, bottom), cells in tables:
        def inside(s, box):
            cx, cy = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
            return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]
        mine = [s for s in segs if inside(s, (x0, top, x1, bottom))]
        if not mine:
            continue
        texts = []
        for box in cells:
            lines = group_lines([s for s in mine if inside(s, box)])
            text = join_lines([ln.text for ln in lines]) if lines else ""
            if text.strip():
                texts.append((text, tuple(box)))
        taken = {id(s) for s in mine}
        segs = [s for s in segs if id(s) not in taken]
        items.append(TableItem(top, bottom, x0, x1, texts))
    return items, segs


def _title(pdf: pdfium.PdfDocument) -> str:
    try:
        title = " ".join((pdf.get_metadata_value("Title") or "").split())
    except pdfium.PdfiumError:
        return ""
    return "" if _JUNK_TITLES.match(title) else title


def _read_page(pdf: pdfium.PdfDocument, index: int, reader: _PageReader, path: str) -> tuple[PageText, bool]:
    """One page's lines and tables in reading order, and whether it is an image without text."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        raise ImportRefused(path, f"is damaged: page {index + 1} cannot be read") from None
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            raw = textpage.raw
            text = textpage.get_text_range()
            n = textpage.count_chars()
            if len(text) != n:  # rare: PDFium's text and its char list disagree; ask per char
                text = "".join(chr(c.FPDFText_GetUnicode(raw, i)) for i in range(n))
            segs = reader.segments(raw, text, height)
            tables: list[TableItem] = []
            if segs and _needs_plumber(page.raw, segs, height):
                found, strikes = _ruling(pdf, index)
                if strikes:
                    segs = reader.drop_struck(raw, text, segs, strikes)
                tables, segs = _table_items(found, segs)
            image_only = not segs and _has_images(page.raw)
        finally:
            textpage.close()
    finally:
        page.close()
    return PageText(index + 1, width, height, page_items(segs, tables)), image_only


def _check_text(pages: list[PageText], scanned: int, reader: _PageReader, path: str) -> None:
    def chars(page: PageText) -> int:
        return sum(sum(len(t) for t, _ in it.cells) if isinstance(it, TableItem) else len(it.text)
                   for it in page.items)

    if not any(chars(p) >= 20 for p in pages):  # a stamp or a page number is not a text layer
        raise ImportRefused(path, NO_TEXT)
    if reader.unmapped > 0.5 * reader.runs:
        raise ImportRefused(path, "has text whose fonts do not say which letters they draw; "
                                  "run OCR on it first, then import the OCR'd PDF")
    if scanned >= max(1, len(pages) / 2):
        raise ImportRefused(path, f"has no text layer on {scanned} of {len(pages)} pages (scanned?); "
                                  "run OCR on it first, then import the OCR'd PDF")


def extract(data: bytes, path: str, progress=None) -> Extraction:
    pdf = _open(data, path)
    reader = _PageReader()
    pages: list[PageText] = []
    scanned = 0
    try:
        count = len(pdf)
        for index in range(count):
            page, image_only = _read_page(pdf, index, reader, path)
            pages.append(page)
            scanned += image_only
            if progress:
                progress(0.95 * (index + 1) / count, f"Reading page {index + 1} of {count}")
        title = _title(pdf)
    finally:
        pdf.close()
    _check_text(pages, scanned, reader, path)
    body = body_size(pages)
    remove_running(pages, body)
    builder = BlockBuilder(pages, body)
    blocks = merge_across_pages([b for p in pages for b in builder.page_blocks(p)], builder.compounds)
    if progress:
        progress(1.0, "Text extracted")
    if not title:
        title = next((" ".join(b.text.split()) for b in blocks if b.kind == "heading"), "")
    return Extraction(format="pdf", blocks=blocks, page_count=count, title=title)
