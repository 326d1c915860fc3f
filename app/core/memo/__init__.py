"""The memo: what it says (``content``) and how it is laid out (``pdf``, ``docx``).

``export_memo`` is the one call the CLI and the GUI make.
"""

from __future__ import annotations

from pathlib import Path

from app.core.memo.content import Memo, MemoOptions, build_memo

FORMATS = ("pdf", "docx")

__all__ = ["FORMATS", "Memo", "MemoOptions", "build_memo", "export_memo", "write_memo"]


def write_memo(memo: Memo, out: str | Path, fmt: str = "pdf", progress=None) -> Path:
    """Lay out a built memo as PDF or DOCX at ``out``."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "pdf":
        from app.core.memo.pdf import write_pdf as write
    else:
        from app.core.memo.docx import write_docx as write
    return write(memo, Path(out), progress)


def export_memo(store, doc_ids: list[int], out: str | Path, fmt: str = "pdf",
                options: MemoOptions | None = None, progress=None) -> Path:
    """Build the memo of these documents and write it; ``progress(fraction, message)``."""
    def part(lo, hi):
        return (lambda f, m: progress(lo + (hi - lo) * f, m)) if progress else None
    memo = build_memo(store, doc_ids, options, part(0.0, 0.4))
    path = write_memo(memo, out, fmt, part(0.4, 1.0))
    if progress:
        progress(1.0, f"memo written to {path}")
    return path
