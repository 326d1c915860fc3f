"""PDF layout: text runs to lines in reading order, then lines to blocks.

Works on ``Seg`` runs of text (one PDF text object on one line, as PDFium reports it) with
coordinates in PDF points, top-left origin (the same convention as pdfplumber), and knows nothing
of PDFium or pdfplumber. Pages: lines, two-column reading order, running headers and footers.
``BlockBuilder``: headings, paragraphs, list items, words rejoined across line ends.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from statistics import median

from app.core.model import BlockDraft


@dataclass(slots=True)
class Seg:
    """A run of characters in one font on one line. ``a``/``b``: its PDFium char index range."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    a: int = 0
    b: int = 0


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: float  # share of the line's characters in a bold font
    side: str = ""  # "left"/"right" column of a two-column band, "span" across it, "" on one column
    indent: float = 0.0  # x0 minus the left edge of its column
    col_right: float = 0.0  # the right edge of its column (the longest line's end)


@dataclass(slots=True)
class TableItem:
    top: float
    bottom: float
    x0: float
    x1: float
    cells: list[tuple[str, tuple[float, float, float, float]]]  # row by row, (text, bbox)
    side: str = ""


@dataclass
class PageText:
    number: int
    width: float
    height: float
    items: list[Line | TableItem] = field(default_factory=list)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _phrases(segs: list[Seg]) -> list[Seg]:
    """Runs on one line closer than a word space or so, merged: words drawn one by one, or a
    line split by a font change, become one phrase; the gap of a column gutter stays."""
    out: list[Seg] = []
    for s in sorted(segs, key=lambda s: (round(s.baseline), s.x0)):
        last = out[-1] if out else None
        if (last is not None and _overlap(s.top, s.bottom, last.top, last.bottom) > 0
                and -1 < s.x0 - last.x1 < 0.9 * s.size):
            last.x1, last.text = max(last.x1, s.x1), last.text + " " + s.text
        else:
            out.append(Seg(s.text, s.x0, s.x1, s.top, s.bottom, s.baseline, s.size, s.bold))
    return out


def _widest_gap(phrases: list[Seg], lo: float, hi: float) -> tuple[float, float] | None:
    """The widest x-range in [lo, hi] crossed by the fewest phrases, if that is at most one or
    two (a centred footer or page number may cross a gutter)."""
    starts = sorted(s.x0 for s in phrases)
    ends = sorted(s.x1 for s in phrases)
    cuts = sorted({lo, hi, *(x for x in starts + ends if lo < x < hi)})
    spans = []
    for p, q in zip(cuts, cuts[1:], strict=False):
        m = (p + q) / 2
        spans.append((bisect_right(starts, m) - bisect_right(ends, m), p, q))
    if not spans:
        return None
    fewest = min(n for n, _, _ in spans)
    if fewest > max(1, 0.05 * len(phrases)):
        return None
    runs: list[list[float]] = []
    for n, p, q in spans:
        if n == fewest:
            if runs and abs(runs[-1][1] - p) < 1e-6:
                runs[-1][1] = q
            else:
                runs.append([p, q])
    best = max(runs, key=lambda r: r[1] - r[0])
    # widen to the text on either side
    g0 = max((s.x1 for s in phrases if s.x1 <= best[0] + 1e-6), default=best[0])
    g1 = min((s.x0 for s in phrases if s.x0 >= best[1] - 1e-6), default=best[1])
    return (g0, g1) if g1 - g0 >= 8 else None


def find_gutter(segs: list[Seg]) -> tuple[float, float] | None:
    """The empty vertical band between two columns of text, or None for a one-column page.

    Looks for a gap near the middle of the text area that no line narrower than ~half the text
    width crosses, with text lines side by side on both sides of it: a ragged single column,
    a centred footer or a short table does not pass these tests.
    """
    segs = _phrases(segs)
    if len(segs) < 6:
        return None
    left_edge = min(s.x0 for s in segs)
    width = max(s.x1 for s in segs) - left_edge
    if width < 150:
        return None
    narrow = [s for s in segs if s.x1 - s.x0 < 0.55 * width]
    best = _widest_gap(narrow, left_edge + 0.3 * width, left_edge + 0.7 * width)
    if best is None:
        return None
    g0, g1 = best
    left = [s for s in narrow if s.x1 <= g0 + 1]
    right = [s for s in narrow if s.x0 >= g1 - 1]
    if len(left) < 3 or len(right) < 3:
        return None
    side_by_side = sum(1 for r in right if any(_overlap(r.top, r.bottom, s.top, s.bottom) > 0 for s in left))
    if side_by_side < 2:
        return None
    # Columns of prose: lines fill their column and are longer than table cells.
    if median(s.x1 for s in left) < g0 - 0.4 * (g0 - left_edge):
        return None
    if median(len(s.text.strip()) for s in left) < 12 or median(len(s.text.strip()) for s in right) < 12:
        return None
    return best


def _side(x0: float, x1: float, gutter: tuple[float, float] | None) -> str:
    if gutter is None:
        return ""
    if x1 <= gutter[0] + 1:
        return "left"
    if x0 >= gutter[1] - 1:
        return "right"
    return "span"


def _join_segs(segs: list[Seg]) -> str:
    out = ""
    prev: Seg | None = None
    for s in segs:
        if prev is not None and not out.endswith(" ") and not s.text.startswith(" "):
            if s.x0 - prev.x1 > 0.15 * min(s.size, prev.size):
                out += " "
        out += s.text
        prev = s
    return out.strip()


def _make_line(segs: list[Seg]) -> Line:
    segs.sort(key=lambda s: s.x0)
    weights = [max(len(s.text.strip()), 1) for s in segs]
    total = sum(weights)
    main = max(range(len(segs)), key=weights.__getitem__)
    return Line(
        text=_join_segs(segs),
        x0=min(s.x0 for s in segs), x1=max(s.x1 for s in segs),
        top=min(s.top for s in segs), bottom=max(s.bottom for s in segs),
        baseline=segs[main].baseline, size=segs[main].size,
        bold=sum(w for w, s in zip(weights, segs, strict=True) if s.bold) / total,
    )


def group_lines(segs: list[Seg]) -> list[Line]:
    """Segments that share a line band (vertical overlap over half the smaller height) form a line."""
    lines: list[Line] = []
    current: list[Seg] = []
    band = (0.0, 0.0)
    for s in sorted(segs, key=lambda s: (s.baseline, s.x0)):
        height = min(s.bottom - s.top, band[1] - band[0])
        if current and _overlap(s.top, s.bottom, *band) > 0.5 * max(height, 0.1):
            current.append(s)
            continue
        if current:
            lines.append(_make_line(current))
        current, band = [s], (s.top, s.bottom)
    if current:
        lines.append(_make_line(current))
    return lines


def page_items(segs: list[Seg], tables: list[TableItem]) -> list[Line | TableItem]:
    """Lines and tables of one page in reading order.

    On a two-column page the page is cut into bands by whatever spans the gutter (a heading, a
    wide table, the footer); within a band the left column is read before the right.
    """
    gutter = find_gutter(segs)
    groups: dict[str, list[Seg]] = {}
    for s in segs:
        groups.setdefault(_side(s.x0, s.x1, gutter), []).append(s)
    items: list[Line | TableItem] = []
    for side, group in groups.items():
        lines = group_lines(group)
        left_edge = min((ln.x0 for ln in lines), default=0.0)
        right_edge = max((ln.x1 for ln in lines), default=0.0)
        for ln in lines:
            ln.side, ln.indent, ln.col_right = side, ln.x0 - left_edge, right_edge
        items.extend(lines)
    for t in tables:
        t.side = _side(t.x0, t.x1, gutter)
        items.append(t)
    items.sort(key=lambda it: (it.top, it.x0))
    if gutter is None:
        return items
    ordered: list[Line | TableItem] = []
    left: list[Line | TableItem] = []
    right: list[Line | TableItem] = []
    for it in items:
        if it.side == "span":
            ordered += left + right + [it]
            left, right = [], []
        else:
            (left if it.side == "left" else right).append(it)
    return ordered + left + right


_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[-\u2013\u2014]?\s*[ivxlc]{1,7}\s*[-\u2013\u2014]?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def body_size(pages: list[PageText]) -> float:
    """The most common font size, weighted by characters (rounded to half points)."""
    sizes: Counter[float] = Counter()
    for p in pages:
        for it in p.items:
            if isinstance(it, Line):
                sizes[round(it.size * 2) / 2] += len(it.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _edge_lines(page: PageText) -> list[Line]:
    """The first two and last two lines of a page, if they lie in its outer 15%."""
    lines = sorted((it for it in page.items if isinstance(it, Line)), key=lambda ln: ln.top)
    edge = lines[:2] + lines[-2:] if len(lines) > 4 else lines
    return [ln for ln in edge if ln.bottom <= 0.15 * page.height or ln.top >= 0.85 * page.height]


def remove_running(pages: list[PageText], body: float) -> None:
    """Drop running headers, footers and page numbers.

    A line near the top or bottom of a page goes if it is a bare page number ("3", "Page 3 of
    10", "- 3 -", "iv"), if the same text recurs on many pages, or if it recurs with only its
    numbers changed and one of those numbers follows the page number ("Acme terms, page 7",
    on two pages or more).
    The last rule skips bold or large lines, so "Section 7" heading each page is kept.
    """
    edges = {p.number: _edge_lines(p) for p in pages}
    with_text = sum(1 for p in pages if p.items)
    threshold = max(2, math.ceil(0.3 * with_text))
    exact: Counter[str] = Counter()
    masked: dict[str, list[tuple[int, list[int]]]] = {}
    for number, lines in edges.items():
        for key in {_key(ln.text) for ln in lines}:
            exact[key] += 1
        for ln in lines:
            mkey = _DIGITS.sub("#", _key(ln.text))
            if mkey != _key(ln.text):
                masked.setdefault(mkey, []).append((number, [int(d) for d in _DIGITS.findall(ln.text)]))
    # A line whose numbers follow the page numbers is a running line even if it changes with
    # each chapter ("Chapter 4: Function reference 12"), so two pages are enough there.
    numbered = {k for k, hits in masked.items() if len({n for n, _ in hits}) >= 2 and _follows_pages(hits)}
    for p in pages:
        drop = set()
        for ln in edges[p.number]:
            key = _key(ln.text)
            plain = ln.bold < 0.5 and ln.size <= body + 0.5
            if (_PAGE_NUMBER.match(key) or exact[key] >= threshold
                    or (plain and _DIGITS.sub("#", key) in numbered)):
                drop.add(id(ln))
        if drop:
            p.items = [it for it in p.items if id(it) not in drop]


def _follows_pages(hits: list[tuple[int, list[int]]]) -> bool:
    offsets: Counter[int] = Counter()
    for page, numbers in hits:
        for d in {n - page for n in numbers}:
            offsets[d] += 1
    return bool(offsets) and offsets.most_common(1)[0][1] >= 0.8 * len(hits)


# Where a new paragraph starts although the line spacing does not say so: a clause number
# followed by a capital ("4. Restrictions", "1.2 The"), "Section 4"/"Article 4", or a list marker
# ("(a)", "(iii)", "a)", a bullet).
_NUMBERED = re.compile(r"^\d+\.(?:\d+\.?)*\s+[\"'(\u201c\u2018A-Z]|^(?:Section|Article|Clause|Schedule|Annex)\s+\d+")
_LIST = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)|(?:[a-z]|[ivx]{1,4})\)|[\u2022\u25cf\u25aa\u2023\u25e6\u2013-])\s")
_HYPHENS = "-\ufffe\u00ad\x02"  # PDFium marks a hyphen it takes for a line-end break as U+FFFE
_COMPOUND = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")


def _leading(pages: list[PageText], body: float) -> float:
    """The usual distance between baselines of body lines within a paragraph."""
    gaps = []
    for p in pages:
        lines = [it for it in p.items if isinstance(it, Line)]
        for prev, ln in zip(lines, lines[1:], strict=False):
            d = ln.baseline - prev.baseline
            if prev.side == ln.side and abs(ln.size - body) < 0.6 and 0.8 * body < d < 2.5 * body:
                gaps.append(round(d * 2) / 2)
    # The smallest common distance: in a licence of short clauses the gap between paragraphs
    # can be more frequent than the line spacing inside one.
    counts = Counter(gaps)
    common = [d for d, n in counts.items() if n >= max(2, 0.1 * len(gaps))]
    return min(common) if common else (min(gaps) if gaps else 1.2 * body)


class BlockBuilder:
    """Lines in reading order to ``BlockDraft``s: headings, paragraphs, list items, table cells."""

    def __init__(self, pages: list[PageText], body: float):
        self.body = body
        self.body_bold = self._body_bold(pages)
        self.leading = _leading(pages, body)
        heads = [ln for p in pages for ln in p.items if isinstance(ln, Line) and self.is_heading(ln)]
        self.head_sizes = sorted({round(ln.size * 2) / 2 for ln in heads if ln.size > body + 0.5}, reverse=True)
        self.compounds = {m.group().lower() for p in pages for ln in p.items if isinstance(ln, Line)
                          for m in _COMPOUND.finditer(ln.text[:-1])}
        indents = sorted({round(ln.indent / 4) for p in pages for ln in p.items
                          if isinstance(ln, Line) and _LIST.match(ln.text)})
        self.list_levels = {v: min(i + 1, 3) for i, v in enumerate(indents)}

    def _body_bold(self, pages: list[PageText]) -> bool:
        shares = [(ln.bold, len(ln.text)) for p in pages for ln in p.items
                  if isinstance(ln, Line) and abs(ln.size - self.body) < 0.6]
        total = sum(n for _, n in shares) or 1
        return sum(b * n for b, n in shares) / total > 0.5

    def is_heading(self, ln: Line) -> bool:
        text = ln.text
        if len(text) > 120 or len(text.split()) > 14 or not any(c.isalpha() for c in text):
            return False
        larger = ln.size >= self.body * 1.12 + 0.2
        return larger or (ln.bold >= 0.9 and not self.body_bold)

    def level(self, ln: Line) -> int:
        size = round(ln.size * 2) / 2
        if size in self.head_sizes:
            return min(self.head_sizes.index(size) + 1, 3)
        return min(len(self.head_sizes) + 1, 3)

    def _continues(self, prev: Line, ln: Line, heading: bool) -> bool:
        d = ln.baseline - prev.baseline
        if prev.side != ln.side or d <= 0:
            return False
        if abs(ln.size - prev.size) > (0.6 if heading else 0.2 * self.body):  # code font may be smaller
            return False
        if heading:  # a heading wrapped over two lines
            return abs(ln.bold - prev.bold) < 0.2 and d < 1.6 * ln.size and not prev.text.endswith(".")
        if d > self.leading * ln.size / self.body * 1.25 + 0.5:
            return False
        # A number or a capital after a line that ends a sentence short of the column's edge
        # starts a new paragraph; "... in section" + "12. The ..." does not.
        ends = prev.text.rstrip()[-1:]
        col_left = prev.x0 - prev.indent
        short = prev.x1 < prev.col_right - max(0.15 * (prev.col_right - col_left), 20)
        if _NUMBERED.match(ln.text) and (ends in ".:;" or short or ln.bold >= 0.9):
            return False
        if short and ends in ".:;" and ln.text[:1].isupper():
            return False
        if _LIST.match(ln.text) and (ends in ".;:," or prev.text.endswith((" and", " or"))
                                     or abs(ln.x0 - prev.x0) > 3):
            return False
        return True

    def page_blocks(self, page: PageText) -> list[BlockDraft]:
        out = []
        run: list[Line] = []
        run_heading = False

        def flush():
            if run:
                out.append(self._block(run, run_heading, page.number))

        for it in page.items:
            if isinstance(it, TableItem):
                flush()
                run = []
                out.extend(BlockDraft("table_cell", text, page.number, bbox=bbox) for text, bbox in it.cells)
                continue
            heading = self.is_heading(it)
            if run and heading == run_heading and self._continues(run[-1], it, heading):
                run.append(it)
                continue
            flush()
            run, run_heading = [it], heading
        flush()
        return out

    def _block(self, lines: list[Line], heading: bool, page: int) -> BlockDraft:
        bbox = (min(ln.x0 for ln in lines), min(ln.top for ln in lines),
                max(ln.x1 for ln in lines), max(ln.bottom for ln in lines))
        text = join_lines([ln.text for ln in lines], self.compounds)
        if heading:
            return BlockDraft("heading", text, page, level=self.level(lines[0]), bbox=bbox)
        if _LIST.match(text):
            level = self.list_levels.get(round(lines[0].indent / 4), 1)
            return BlockDraft("list_item", text, page, level=level, bbox=bbox)
        return BlockDraft("paragraph", text, page, bbox=bbox)


def join_lines(lines: list[str], compounds: set[str] = frozenset()) -> str:
    """Join the lines of one block; rejoin a word broken by a hyphen at a line end.

    "termi-" + "nation" gives "termination"; "third-" + "party" stays "third-party" when the
    document writes "third-party" elsewhere within a line; a hyphen before a capital or a digit
    ("COVID-" + "19") is kept. A soft hyphen at a line end always goes.
    """
    out = lines[0].rstrip()
    for nxt in lines[1:]:
        nxt = nxt.strip()
        if not nxt:
            continue
        end = out[-1:]
        if end in _HYPHENS and len(out) > 1 and out[-2].isalnum():
            head = re.search(r"([^\W\d_]+)$", out[:-1])
            tail = re.match(r"[^\W\d_]+", nxt)
            if nxt[0].islower() and end != "\u00ad" and head and tail and \
                    f"{head.group(1)}-{tail.group()}".lower() in compounds:
                out = out[:-1] + "-" + nxt
            elif nxt[0].islower():
                out = out[:-1] + nxt
            else:
                out = out[:-1] + ("" if end == "\u00ad" else "-") + nxt
        elif end in "\u2014\u2013/" and len(out) > 1 and out[-2] != " ":
            out += nxt
        else:
            out += " " + nxt
    return out.replace("\ufffe", "-").replace("\x02", "-")


def merge_across_pages(blocks: list[BlockDraft], compounds: set[str] = frozenset()) -> list[BlockDraft]:
    """A paragraph cut by a page break is one block (on the page where it starts): the last
    block of a page that does not end a sentence, followed by a paragraph starting in lower case."""
    out: list[BlockDraft] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (prev is not None and block.page == prev.page + 1 and block.kind == "paragraph"
                and prev.kind in ("paragraph", "list_item") and block.text[:1].islower()
                and prev.text.rstrip()[-1:] not in ".:;!?"):
            out[-1] = replace(prev, text=join_lines([prev.text, block.text], compounds))
            continue
        out.append(block)
    return out
