"""The document model: one immutable text, and everything else as offsets into it.

Pages, blocks and clauses are ``(start, end)`` character ranges of ``Document.text`` plus the
page number (1-based) on which they start. Nothing here knows about SQLite, spaCy or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_cell")


@dataclass(frozen=True)
class BlockDraft:
    """A block as an extractor finds it, before the text is assembled.

    ``level`` is the heading level (1 = top) for headings and the nesting depth for list items.
    ``bbox`` is ``(x0, top, x1, bottom)`` in PDF points on its page, for PDFs only.
    ``marker`` is a list or outline number the source format carries outside the text
    (a DOCX numbered paragraph, an HTML ``<ol>`` item), e.g. ``"3."``; empty when none.
    """

    kind: str
    text: str
    page: int = 1
    level: int = 0
    bbox: tuple[float, float, float, float] | None = None
    marker: str = ""


@dataclass(frozen=True)
class Page:
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    kind: str
    start: int
    end: int
    page: int
    level: int = 0
    marker: str = ""
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Clause:
    """The smallest numbered or headed unit of a document."""

    start: int
    end: int
    page: int
    number: str = ""
    heading: str = ""
    path: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Extraction:
    """What an extractor returns: blocks in reading order, plus what the source says of itself."""

    format: str
    blocks: list[BlockDraft]
    page_count: int = 1
    title: str = ""


@dataclass
class Document:
    text: str
    format: str
    sha256: str
    path: str
    pages: list[Page]
    blocks: list[Block]
    clauses: list[Clause] = field(default_factory=list)
    title: str = ""
    platform: str = ""
    vendor: str = ""
    version: str = ""
    date: str = ""
    kind: str = ""
    id: int | None = None
    imported_at: str = ""
    size: int = 0

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]
