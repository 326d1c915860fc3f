"""Assemble extracted blocks into the document's one text, with every offset computed once."""

from __future__ import annotations

import re
import unicodedata

from app.core.model import Block, BlockDraft, Page

# Ligatures and presentation forms are folded with NFKC; everything else is left as written,
# because NFKC would also rewrite characters a lawyer may quote (superscripts, fullwidth CJK
# punctuation, the section sign is safe).
_NFKC_SAFE = re.compile("[\ufb00-\ufb06\u2000-\u200a\u00a0\u202f\u2024-\u2026]")
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u200e\u200f\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\r\n]+")


def normalise(text: str) -> str:
    """Fold ligatures and odd spaces, drop control characters, collapse runs of whitespace."""
    text = _NFKC_SAFE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _separator(prev: BlockDraft, cur: BlockDraft) -> str:
    tight = ("list_item", "table_cell")
    if prev.kind in tight and cur.kind == prev.kind:
        return "\n"
    return "\n\n"


def assemble(drafts: list[BlockDraft], page_count: int = 1) -> tuple[str, list[Page], list[Block]]:
    """Join blocks into one text. Each block's text is normalised to a single line.

    Returns the text, one ``Page`` per page (empty pages get an empty range at the position
    where they fall) and the blocks as offsets into the text.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    prev: BlockDraft | None = None
    for draft in drafts:
        body = normalise(draft.text)
        if not body:
            continue
        if prev is not None:
            sep = _separator(prev, draft)
            parts.append(sep)
            pos += len(sep)
        parts.append(body)
        blocks.append(Block(draft.kind, pos, pos + len(body), draft.page, draft.level,
                            draft.marker, draft.bbox))
        pos += len(body)
        prev = draft
    text = "".join(parts)
    return text, _pages(blocks, max(page_count, 1), len(text)), blocks


def _pages(blocks: list[Block], page_count: int, text_len: int) -> list[Page]:
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for b in blocks:
        first.setdefault(b.page, b.start)
        last[b.page] = b.end
    pages: list[Page] = []
    cursor = 0
    for n in range(1, page_count + 1):
        if n in first:
            pages.append(Page(n, first[n], last[n]))
            cursor = last[n]
        else:
            pages.append(Page(n, cursor, cursor))
    return pages


def page_of(pages: list[Page], offset: int) -> int:
    """The page on which ``offset`` falls (the last page starting at or before it)."""
    number = 1
    for p in pages:
        if p.start <= offset and p.end > p.start:
            number = p.number
        elif p.start > offset:
            break
    return number
