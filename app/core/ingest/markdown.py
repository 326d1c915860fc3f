"""Markdown files: a small line-based reader for the CommonMark block structure lawyers meet.

Blocks: ATX and setext headings, paragraphs (consecutive non-blank lines), nested ordered and
bullet lists, block quotes, pipe tables (one ``table_cell`` per cell), fenced code (a paragraph).
An ordered item's number is typed in the source, so it stays at the start of the item's text
("2. Arbitration. ...", as in a quote of the file) and ``marker`` stays empty; bullets are
dropped. Inline: emphasis markers, HTML tags and image syntax are removed, entities and
backslash escapes resolved.

Links keep their text, and an absolute URL stays after it in parentheses: "Usage Policy
(https://...)". A licence that incorporates a policy "available at [this page](URL)" names the
policy by its address, and quotes of such sentences taken from the source text include it.
Reference-style link targets live elsewhere in the file and are dropped with their definitions.
"""

from __future__ import annotations

import html
import re

from app.core.errors import ImportRefused
from app.core.ingest.encoding import decode
from app.core.model import BlockDraft, Extraction

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_LIST = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
_QUOTE = re.compile(r"^(?: {0,3}> ?)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*\S+.*$")
_FRONT_MATTER = re.compile(r"\A---\n(?:[\w-]+:.*\n|\s+.*\n)*---\n")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*:|[\w.+-]+@)[^\s<>]*)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_TEXT = r"((?:[^\[\]]|\[[^\[\]]*\])*)"
_IMAGE = re.compile(r"!\[" + _TEXT + r"\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[" + _TEXT + r"\]\(\s*(<[^>]*>|(?:[^\s()]|\([^\s()]*\))*)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REF_LINK = re.compile(r"\[" + _TEXT + r"\]\[([^\]]*)\]")
_SHORTCUT = re.compile(r"\[([^\[\]]+)\]")
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]*]*[^\s<>()\[\]*.,;:!?'\"]")
_STARS = re.compile(r"\*+|~~")
_UNDERSCORES = re.compile(r"_+")
_HOLE = re.compile("\ue000(\\d+)\ue001")


def extract(data: bytes, path: str, progress=None) -> Extraction:
    blocks = parse(decode(data, path))
    if not any(ch.isalnum() for b in blocks for ch in b.text):  # stops at the first letter
        raise ImportRefused(path, "the file has no readable text")
    if progress is not None:
        progress(1.0, "Markdown read")
    headings = [b for b in blocks if b.kind == "heading"]
    top = [b for b in headings if b.level == 1] or headings
    title = " ".join(top[0].text.split()) if top else ""
    return Extraction(format="markdown", blocks=blocks, page_count=1, title=title)


def parse(text: str) -> list[BlockDraft]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FRONT_MATTER.sub("", text)
    text = _COMMENT.sub("", text)
    lines = [line.expandtabs(4) for line in text.split("\n")]
    refs = {m.group(1).strip().lower() for line in lines if (m := _REF_DEF.match(line))}
    return _Reader(lines, refs).read()


class _Reader:
    def __init__(self, lines: list[str], refs: set[str]):
        self.lines = lines
        self.refs = refs
        self.blocks: list[BlockDraft] = []
        self.open: list | None = None  # [kind, level, marker, lines] of the block being read
        self.items: list[int] = []  # content columns of the open list items, outermost first
        self.quoted = False

    def read(self) -> list[BlockDraft]:
        i, blank = 0, True
        while i < len(self.lines):
            line = self.lines[i]
            quote = _QUOTE.match(line)
            if bool(quote) != self.quoted:
                self._close()
                self.quoted = bool(quote)
            if quote:
                line = line[quote.end():]
            if not line.strip():
                self._close()
                i, blank = i + 1, True
                continue
            i = self._line(line, i, blank)
            blank = False
        self._close()
        return self.blocks

    def _line(self, line: str, i: int, blank: bool) -> int:
        """Read the block that starts at ``line``; return the index of the next line to read."""
        indent = len(line) - len(line.lstrip())
        if _REF_DEF.match(line):
            self._close()
            return i + 1
        if (fence := _FENCE.match(line)) is not None:
            return self._fence(fence.group(1), i)
        if (atx := _ATX.match(line)) is not None:
            self._close()
            self.items.clear()
            self._emit("heading", atx.group(2) or "", len(atx.group(1)))
            return i + 1
        if self.open and self.open[0] == "paragraph" and not self.items and _SETEXT.match(line):
            kind, _, _, body = self.open
            self.open = None
            self._emit("heading", "\n".join(body), 1 if line.strip()[0] == "=" else 2)
            return i + 1
        if _BREAK.match(line):
            self._close()
            return i + 1
        if "|" in line and i + 1 < len(self.lines) and _TABLE_RULE.match(self.lines[i + 1]) \
                and "|" in self.lines[i + 1]:
            return self._table(i)
        if (item := _LIST.match(line)) is not None:
            return self._item(item, line, i)
        if self.open and not blank:  # a lazy continuation line of the open paragraph or item
            self.open[3].append(line)
            return i + 1
        self._close()
        while self.items and indent < self.items[-1]:
            self.items.pop()
        kind = "list_item" if self.items else "paragraph"
        self.open = [kind, len(self.items), "", [line]]
        return i + 1

    def _item(self, item: re.Match, line: str, i: int) -> int:
        self._close()
        column = len(item.group(1))
        gap = len(item.group(3))
        content = column + len(item.group(2)) + (gap if 0 < gap <= 4 else 1)
        while self.items and column < self.items[-1]:
            self.items.pop()
        self.items.append(content)
        # An ordered item keeps its number in the text, where the source has it: quotes of the
        # source ("2. Arbitration. Any Dispute ...") include it. Bullets are dropped.
        start = item.end() if item.group(2) in "-*+" else item.start(2)
        self.open = ["list_item", len(self.items), "", [line[start:]]]
        return i + 1

    def _fence(self, fence: str, i: int) -> int:
        self._close()
        body, j = [], i + 1
        while j < len(self.lines):
            if self.lines[j].strip().startswith(fence[0] * len(fence)) and not self.lines[j].strip(fence[0] + " "):
                break
            body.append(self.lines[j])
            j += 1
        text = "\n".join(body)
        if text.strip():
            self.blocks.append(BlockDraft("paragraph", text))
        return j + 1

    def _table(self, i: int) -> int:
        self._close()
        rows = [self.lines[i]]
        j = i + 2
        while j < len(self.lines) and "|" in self.lines[j] and self.lines[j].strip():
            rows.append(self.lines[j])
            j += 1
        for row in rows:
            row = row.strip()
            row = row[1:] if row.startswith("|") else row
            row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
            for cell in re.split(r"(?<!\\)\|", row):
                self._emit("table_cell", cell.replace("\\|", "|"), 0)
        return j

    def _close(self) -> None:
        if self.open is not None:
            kind, level, marker, body = self.open
            self.open = None
            self._emit(kind, "\n".join(line.rstrip("\\ ") for line in body), level, marker)

    def _emit(self, kind: str, text: str, level: int, marker: str = "") -> None:
        text = inline(text, self.refs)
        if text.strip():
            self.blocks.append(BlockDraft(kind, text, level=level, marker=marker))


def inline(text: str, refs: frozenset[str] | set[str] = frozenset()) -> str:
    """Markdown inline syntax to plain text: keep the words, drop the markup."""
    held: list[str] = []

    def hold(value: str) -> str:
        held.append(value)
        return f"\ue000{len(held) - 1}\ue001"

    text = _CODE_SPAN.sub(lambda m: hold(m.group(2).strip() if m.group(2).strip() else m.group(2)), text)
    text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: hold(m.group(1)), text)
    text = _TAG.sub(lambda m: " " if m.group().lower().startswith("<br") else "", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: _link(m, hold), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _SHORTCUT.sub(lambda m: m.group(1) if m.group(1).strip().lower() in refs else m.group(), text)
    text = _BARE_URL.sub(lambda m: hold(m.group()), text)  # "_" and "*" in an address are not emphasis
    text = _STARS.sub(lambda m: _delimiter(m, text, intraword=True), text)
    text = _UNDERSCORES.sub(lambda m: _delimiter(m, text, intraword=False), text)
    text = html.unescape(text)
    while _HOLE.search(text):  # a held value may itself hold another (a code span in a link)
        text = _HOLE.sub(lambda m: held[int(m.group(1))], text)
    return text


def _link(m: re.Match, hold) -> str:
    label, target = m.group(1), m.group(2).strip("<>")
    if not label.strip():
        return ""
    return f"{label} ({hold(target)})" if "://" in target else label


def _delimiter(m: re.Match, text: str, intraword: bool) -> str:
    """Drop an emphasis delimiter run; keep it where it is a literal ("5 * 3", snake_case)."""
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    if before.isspace() and after.isspace():
        return m.group()
    if not intraword and before.isalnum() and after.isalnum():
        return m.group()
    return ""
