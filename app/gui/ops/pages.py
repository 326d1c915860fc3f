"""A PDF page as the lawyer knows it: rendered from the original file with PDFium, with each tag's
evidence boxed where its words are on the page.

A tag is a range of the document's extracted text. To box it, the part of that range on this page
is looked up in the page's own PDFium text (letters and digits only, so line breaks, hyphenation
and ligatures do not matter), and PDFium gives the rectangles of the matching characters. When the
words cannot be found the boxes of the blocks holding the range (stored at import) stand in, marked
approximate. PDFium is not thread-safe: call these functions from the worker thread only.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.core.model import Document
from app.gui.ops.document import TagInfo

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top left


@dataclass(frozen=True)
class TagBox:
    tag_id: int
    label: str
    rects: tuple[Rect, ...]
    exact: bool  # False: the block's box, the words themselves were not found on the page


@dataclass
class RenderedPage:
    number: int
    page_count: int
    width_pt: float
    height_pt: float
    scale: float
    pixels: bytes = b""          # BGRA, ``stride`` bytes a row
    pixel_width: int = 0
    pixel_height: int = 0
    stride: int = 0
    boxes: list[TagBox] = field(default_factory=list)
    message: str = ""


_cache: dict[str, tuple[float, pdfium.PdfDocument]] = {}


def _open(path: str) -> pdfium.PdfDocument:
    mtime = Path(path).stat().st_mtime
    hit = _cache.get(path)
    if hit and hit[0] == mtime:
        return hit[1]
    for _, old in _cache.values():
        old.close()
    _cache.clear()
    pdf = pdfium.PdfDocument(path)
    _cache[path] = (mtime, pdf)
    return pdf


def _norm(text: str) -> tuple[str, list[int]]:
    """Letters and digits of ``text``, case-folded and compatibility-decomposed, with the index in
    ``text`` of each."""
    chars, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def _page_chars(textpage: pdfium.PdfTextPage) -> str:
    text = textpage.get_text_range()
    n = textpage.count_chars()
    if len(text) != n:  # PDFium's text and its char list disagree (rare): ask char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
    return text


def _find(hay: str, needle: str, expected: float) -> int:
    """The occurrence of ``needle`` in ``hay`` nearest to ``expected`` (a fraction of ``hay``)."""
    best, pos = -1, hay.find(needle)
    while pos != -1:
        if best == -1 or abs(pos / len(hay) - expected) < abs(best / len(hay) - expected):
            best = pos
        pos = hay.find(needle, pos + 1)
    return best


def _rects(textpage: pdfium.PdfTextPage, first: int, last: int, height: float) -> tuple[Rect, ...]:
    out = []
    for k in range(textpage.count_rects(first, last - first + 1)):
        left, bottom, right, top = textpage.get_rect(k)
        out.append((left, height - top, right, height - bottom))
    return tuple(out)


def tag_boxes(doc: Document, tags: list[TagInfo], number: int, textpage, height: float) -> list[TagBox]:
    page = next((p for p in doc.pages if p.number == number), None)
    if page is None:
        return []
    on_page = [t for t in tags if t.start < page.end and t.end > page.start]
    if not on_page:
        return []
    hay, where = _norm(_page_chars(textpage))
    out = []
    for t in on_page:
        s, e = max(t.start, page.start), min(t.end, page.end)
        needle, _ = _norm(doc.text[s:e])
        expected = (s - page.start) / max(1, page.end - page.start)
        at = _find(hay, needle, expected) if needle and hay else -1
        if at != -1:
            out.append(TagBox(t.id, t.label, _rects(textpage, where[at], where[at + len(needle) - 1], height), True))
            continue
        rects = tuple(b.bbox for b in doc.blocks
                      if b.bbox and b.page == number and b.start < e and b.end > s)
        if rects:
            out.append(TagBox(t.id, t.label, rects, False))
    return out


def render_page(doc: Document, tags: list[TagInfo], number: int, scale: float = 1.5) -> RenderedPage:
    """Page ``number`` (1-based) of the document's source PDF, with its tags boxed."""
    path = doc.path
    if doc.format != "pdf":
        return RenderedPage(number, 0, 0, 0, scale, message="The page view is for PDF documents.")
    if not Path(path).is_file():
        return RenderedPage(number, len(doc.pages), 0, 0, scale,
                            message=f"The original file is no longer at {path}; the text view has the "
                                    "imported text.")
    try:
        pdf = _open(path)
    except (pdfium.PdfiumError, OSError) as exc:
        return RenderedPage(number, len(doc.pages), 0, 0, scale, message=f"{path} cannot be opened ({exc}).")
    count = len(pdf)
    number = min(max(1, number), count)
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        bitmap = page.render(scale=scale, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA)
        pixels = bytes(bitmap.buffer)
        out = RenderedPage(number, count, width, height, scale, pixels, bitmap.width, bitmap.height,
                           bitmap.stride)
        textpage = page.get_textpage()
        try:
            out.boxes = tag_boxes(doc, tags, number, textpage, height)
        finally:
            textpage.close()
        return out
    finally:
        page.close()
