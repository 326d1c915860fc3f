"""Ingestion: turn a file's bytes into an ``Extraction`` (blocks in reading order).

Each format has one module with ``extract(data: bytes, path: str, progress=None) -> Extraction``.
They raise ``ImportRefused`` for input they cannot read; nothing is written anywhere here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.errors import ImportRefused
from app.core.model import Extraction

Progress = Callable[[float, str], None] | None

FORMATS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ImportRefused(str(path), f"unsupported file type '{suffix or '(none)'}' (supported: {known})")
    return FORMATS[suffix]


def extract(data: bytes, path: str, progress: Progress = None) -> Extraction:
    """Dispatch on the file extension. Empty input is refused for every format."""
    fmt = format_of(path)
    if not data.strip():
        raise ImportRefused(path, "the file is empty")
    if fmt == "pdf":
        from app.core.ingest import pdf as mod
    elif fmt == "html":
        from app.core.ingest import html as mod
    elif fmt == "docx":
        from app.core.ingest import docx as mod
    elif fmt == "markdown":
        from app.core.ingest import markdown as mod
    else:
        from app.core.ingest import plaintext as mod
    return mod.extract(data, path, progress)
