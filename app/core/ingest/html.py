"""HTML pages: the main content of a saved web page as blocks, without running or fetching anything.

The parser is selectolax's lexbor backend rather than lxml. lexbor implements the WHATWG HTML
parsing algorithm, so broken markup is repaired the way a browser repairs it, and it has no
nesting limit: libxml2 (under lxml) stops at 256 levels, 2048 with ``huge_tree``, and silently
drops the rest of the page. lexbor parses a 20 MB page in about two seconds. Neither parser runs
scripts or loads anything; we only read the tree.

The walk is iterative (an explicit stack), so any depth is fine. Page furniture is dropped as
it is met: scripts, styles, forms, navigation, asides, site headers and footers, cookie banners
and menus recognised by tag, ARIA role or class/id words. A furniture element that holds half
of the page's text is kept, because some sites wrap the whole page in a ``<form>`` or a
``nav``-named div. Then the main content is chosen: ``<main>`` or ``role=main``, else the
largest ``<article>``, else the innermost element that holds nearly all the page's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from app.core.errors import ImportRefused
from app.core.ingest.encoding import decode
from app.core.model import BlockDraft, Extraction

# Elements whose content is never visible text.
_SKIP = {"head", "title", "meta", "link", "base", "script", "style", "noscript", "template", "svg",
         "math", "iframe", "object", "embed", "canvas", "select", "option", "datalist", "input",
         "textarea", "button", "audio", "video", "picture", "img", "map"}
_CHROME_TAGS = {"nav", "aside", "form", "dialog", "menu"}
_PAGE_CHROME_TAGS = {"header", "footer"}  # furniture only outside article/main/section
_SECTIONING = {"article", "main", "section"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                 "alertdialog", "menu", "menubar", "toolbar"}
_CHROME_WORDS = re.compile(
    r"(?:^|[-_])(?:cookies?|consent|gdpr|banner|menu|menubar|nav|navbar|navigation|breadcrumbs?|"
    r"sidebar|toolbar|dropdown|lang|language|share|social|newsletter|popup|modal|skip)(?:[-_]|$)",
    re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
           "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
           "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p", "pre",
           "search", "section", "summary", "table", "caption", "thead", "tbody", "tfoot", "tr",
           "td", "th", "ul", "xmp", "legend", *_HEADINGS}
_GLUED_NUMBER = re.compile(r"^(\s*\d+(?:\.\d+)*\.)(?=[^\W\d_])")
# lexbor's parse time grows with the square of the nesting depth (0.7 s at 20,000 levels, 50 s at
# 200,000): deeper pages are refused before parsing. Void elements, those whose end tag may be left
# out, and links (a link inside a link closes the first) do not nest.
MAX_DEPTH = 20_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_NOT_NESTING = frozenset("area base br col embed hr img input link meta param source track wbr p li dt dd "
                         "option optgroup tr td th thead tbody tfoot rb rt rp colgroup caption a nobr".split())
# Furniture and hidden elements are measured by their text; nested ones would be measured again at
# every level. Past this many times the page's text, measuring stops and elements are kept.
_CHECK_BUDGET = 10
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""")


@dataclass
class _Context:
    """The innermost heading, list item or table cell: what kind of block text becomes."""

    kind: str
    level: int = 0
    marker: str = ""


@dataclass
class _List:
    ordered: bool
    next: int = 1
    style: str = "1"


@dataclass(slots=True)
class _Container:
    """A block element: which blocks it produced and how much non-link text it holds."""

    parent: int
    first: int
    last: int = -1
    text: int = 0
    main: bool = False
    article: bool = False


def extract(data: bytes, path: str, progress=None) -> Extraction:
    try:
        text = decode(data, path, declared_charset(data))
    except ImportRefused as err:
        raise ImportRefused(path, f"the page has no readable text ({err.problem})") from None
    depth = nesting_depth(text, MAX_DEPTH)
    if depth > MAX_DEPTH:
        raise ImportRefused(path, f"its markup is nested {depth:,} elements deep, more than the {MAX_DEPTH:,} "
                                  "ClauseLens reads; save the page as PDF or text and import that")
    _report(progress, 0.2, "parsing HTML")
    tree = LexborHTMLParser(text)
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        raise ImportRefused(path, "the page has no readable text")
    _report(progress, 0.5, "reading the page")
    limit = _furniture_limit(tree, root)
    walker = _Walker(limit, budget=_CHECK_BUDGET * 2 * limit + 1_000_000)
    walker.walk(root)
    first, last = _main_range(walker.containers)
    blocks = walker.blocks[first:last]
    if not any(ch.isalnum() for b in blocks for ch in b.text):  # stops at the first letter
        raise ImportRefused(path, "the page has no readable text")
    title_node = tree.css_first("head > title") or tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else ""
    if not title:
        title = next((b.text.strip() for b in blocks if b.kind == "heading" and b.level == 1), "")
    _report(progress, 1.0, "page read")
    return Extraction(format="html", blocks=blocks, page_count=1, title=" ".join(title.split()))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes: XML declaration or ``<meta>`` tag."""
    head = data[:4096]
    match = _XML_DECL.match(head) or _CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def nesting_depth(text: str, limit: int) -> int:
    """How deep the page's elements nest: a bound from counting ``<`` per 64 KB (fast), and the
    depth itself, tag by tag, only when that bound exceeds ``limit``."""
    depth = bound = 0
    for i in range(0, len(text), 1 << 16):
        part = text[i:i + (1 << 16)]
        closes = part.count("</")
        opens = part.count("<") - closes - part.count("<!")
        bound = max(bound, depth + opens)
        depth = max(depth + opens - closes, 0)
    if bound <= limit:
        return bound
    depth = deepest = 0
    for close, tag in _TAG.findall(text):
        if tag.lower() in _NOT_NESTING:
            continue
        if close:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _report(progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)


def _furniture_limit(tree, root) -> int:
    """Half the page's visible text: furniture holding more than this is kept."""
    invisible = sum(len(n.text()) for n in tree.css("script, style, noscript, template"))
    return max(1, (len(root.text()) - invisible) // 2)


class _Walker:
    def __init__(self, furniture_limit: int, budget: int):
        self.limit = furniture_limit
        self.budget = budget  # characters of text that furniture checks may still measure
        self.blocks: list[BlockDraft] = []
        self.containers: list[_Container] = []
        self._buf: list[str] = []
        self._contexts = [_Context("paragraph")]
        self._marker_used = [True]
        self._lists: list[_List] = []
        self._open_containers: list[int] = []
        self._sections = 0
        self._links = 0
        self._chars = 0  # non-link text met so far: a container holds the growth while it is open

    def walk(self, root) -> None:
        stack: list = [root]  # nodes to enter, and the undo records of elements to close
        while stack:
            node = stack.pop()
            if type(node) is tuple:
                self._close(node)
                continue
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if text:
                    self._buf.append(text)
                    if not self._links:
                        self._chars += len(text.strip())
                continue
            if tag.startswith(("-", "_", "!")) or tag in _SKIP or self._dropped(node, tag):
                continue
            record = self._open(node, tag)
            if record is not None:
                stack.append(record)
            child = node.last_child
            while child is not None:
                stack.append(child)
                child = child.prev
        self._flush()

    def _dropped(self, node, tag: str) -> bool:
        attrs = node.attributes
        if not attrs and tag not in _CHROME_TAGS and tag not in _PAGE_CHROME_TAGS:
            return False
        if "hidden" in attrs or attrs.get("aria-hidden") == "true" or \
                _HIDDEN_STYLE.search(attrs.get("style") or ""):
            # A collapsed accordion section of a terms page is hidden until clicked, yet it is
            # part of the terms: keep hidden elements that hold real paragraphs.
            if self._text_length(node) < 200 or (self.budget > 0 and node.css_first("p") is None):
                return True
        words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
        furniture = (tag in _CHROME_TAGS or (tag in _PAGE_CHROME_TAGS and not self._sections)
                     or (attrs.get("role") or "").lower() in _CHROME_ROLES
                     or any(_CHROME_WORDS.search(w) for w in words))
        return furniture and self._text_length(node) < self.limit

    def _text_length(self, node) -> int:
        """The length of an element's text; past the budget, as if it held the whole page."""
        if self.budget <= 0:
            return 1 << 62
        length = len(node.text())
        self.budget -= length
        return length

    def _open(self, node, tag: str) -> tuple | None:
        """Start an element; return what its end must undo, or None when there is nothing."""
        if tag == "br":
            self._buf.append("\n")
            return None
        if tag == "a":
            self._links += 1
        container = None
        if tag in _BLOCKS:
            self._flush()
            parent = self._open_containers[-1] if self._open_containers else -1
            role = (node.attributes.get("role") or "").lower()
            self.containers.append(_Container(parent, len(self.blocks), text=self._chars,
                                              main=tag == "main" or role == "main", article=tag == "article"))
            container = len(self.containers) - 1
            self._open_containers.append(container)
        pushed_context = True
        if tag in _HEADINGS:
            self._push(_Context("heading", _HEADINGS[tag]))
        elif tag == "li":
            self._push(_Context("list_item", max(1, len(self._lists)), self._next_marker(node)))
        elif tag in ("td", "th"):
            self._push(_Context("table_cell"))
        else:
            pushed_context = False
        pushed_list = tag in ("ul", "ol")
        if pushed_list:
            self._lists.append(_new_list(node, tag))
        if tag in _SECTIONING:
            self._sections += 1
        if container is None and tag != "a":
            return None  # an inline element: its end changes nothing
        return (tag, container, pushed_context, pushed_list)

    def _close(self, record: tuple) -> None:
        tag, container, pushed_context, pushed_list = record
        if tag == "a":
            self._links -= 1
        if container is not None:
            self._flush()
            self._open_containers.pop()
            done = self.containers[container]
            done.last = len(self.blocks)
            done.text = self._chars - done.text
        if pushed_context:
            self._contexts.pop()
            self._marker_used.pop()
        if pushed_list:
            self._lists.pop()
        if tag in _SECTIONING:
            self._sections -= 1

    def _push(self, context: _Context) -> None:
        self._contexts.append(context)
        self._marker_used.append(False)

    def _next_marker(self, node) -> str:
        if not self._lists or not self._lists[-1].ordered:
            return ""
        current = self._lists[-1]
        value = node.attributes.get("value")
        if value and value.strip().lstrip("-").isdigit():
            current.next = int(value)
        number, current.next = current.next, current.next + 1
        return f"{_format_number(number, current.style)}."

    def _flush(self) -> None:
        if not self._buf:
            return
        text = "".join(self._buf)
        self._buf.clear()
        if not text.strip():
            return
        context = self._contexts[-1]
        marker = "" if self._marker_used[-1] else context.marker
        self._marker_used[-1] = True
        if context.kind in ("heading", "paragraph"):
            # "<span>1.</span><b>Services</b>" renders as "1.Services"; the number needs its space.
            text = _GLUED_NUMBER.sub(r"\1 ", text)
        self.blocks.append(BlockDraft(context.kind, text, level=context.level, marker=marker))


def _new_list(node, tag: str) -> _List:
    if tag == "ul":
        return _List(ordered=False)
    start = (node.attributes.get("start") or "").strip()
    style = (node.attributes.get("type") or "1").strip() or "1"
    return _List(True, int(start) if start.lstrip("-").isdigit() else 1, style)


def _format_number(number: int, style: str) -> str:
    if style in "aA" and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if style == "A" else letters
    if style in "iI" and 0 < number < 4000:
        roman = ""
        for step, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, number = divmod(number, step)
            roman += letters * count
        return roman.upper() if style == "I" else roman
    return str(number)


def _main_range(containers: list[_Container]) -> tuple[int, int]:
    """The blocks of the main content, as a range of indexes into the walker's blocks."""
    if not containers:
        return 0, 0
    page = containers[0]
    total = page.text
    for group in ([c for c in containers if c.main], [c for c in containers if c.article]):
        best = max(group, key=lambda c: c.text, default=None)
        if best is not None and best.text >= 0.5 * total:
            return best.first, best.last
    children: dict[int, list[int]] = {}
    for index, c in enumerate(containers):
        children.setdefault(c.parent, []).append(index)
    index = 0
    while True:
        best = max(children.get(index, []), key=lambda i: containers[i].text, default=None)
        if best is None or containers[best].text < 0.85 * containers[index].text or not containers[best].text:
            return containers[index].first, containers[index].last
        index = best
