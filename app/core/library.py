"""Importing files into the library: read, extract, segment, describe, store (one transaction)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.core import analysis, metadata, platforms
from app.core.errors import ClauseLensError, ImportRefused
from app.core.ingest import Progress, extract, format_of
from app.core.ingest.assemble import assemble
from app.core.model import Document
from app.core.segment import segment
from app.core.store import LibraryError, Store

MAX_BYTES = 200 * 1024 * 1024
# What one document may hold. The pipeline refuses longer texts (nlp.pipeline.MAX_LENGTH); tagging
# takes about 0.1 ms per block and memory grows with blocks, so 50,000 (some 1,500 pages) keeps an
# import under about 10 s and 500 MB. Only a machine-made or hostile file goes past either.
MAX_TEXT = 5_000_000
MAX_BLOCKS = 50_000


@dataclass
class ImportResult:
    path: str
    status: str  # "imported", "exists" or "refused"
    document_id: int | None = None
    message: str = ""
    previous_id: int | None = None  # the version before this one of the same document, if any


@dataclass
class Overrides:
    """What the user states on import, which wins over what is detected."""

    platform: str = ""
    kind: str = ""
    version: str = ""
    date: str = ""
    extra: dict = field(default_factory=dict)
    family: str = ""  # which of the platform's documents this is a version of (default: from the title)


def read_source(path: str | Path) -> bytes:
    p = Path(path)
    if p.is_dir():
        raise ImportRefused(str(p), "is a folder, not a file (import the files inside it)")
    format_of(p)  # refuse unsupported types before touching the file
    if not p.exists():
        raise ImportRefused(str(p), "no such file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ImportRefused(str(p), f"is too large to import ({size // 2**20} MB; the limit is "
                                        f"{MAX_BYTES // 2**20} MB)")
        return p.read_bytes()
    except PermissionError:
        raise ImportRefused(str(p), "cannot be read (permission denied)") from None
    except OSError as exc:
        raise ImportRefused(str(p), f"cannot be read ({exc.strerror or exc})") from None


def build_document(data: bytes, path: str, overrides: Overrides | None = None,
                   progress: Progress = None) -> Document:
    """Extract and segment a file's bytes into a ``Document`` (nothing is stored)."""
    overrides = overrides or Overrides()
    extraction = extract(data, path, progress)
    text, pages, blocks = assemble(extraction.blocks, extraction.page_count)
    if not text.strip():
        raise ImportRefused(path, "contains no readable text")
    if len(text) > MAX_TEXT:
        raise ImportRefused(path, f"holds {len(text):,} characters of text, more than the {MAX_TEXT:,} ClauseLens "
                                  "analyses in one document; split it into parts and import each")
    if len(blocks) > MAX_BLOCKS:
        raise ImportRefused(path, f"holds {len(blocks):,} paragraphs, more than the {MAX_BLOCKS:,} ClauseLens "
                                  "analyses in one document; split it into parts and import each")
    title = extraction.title or next(
        (text[b.start:b.end] for b in blocks if b.kind == "heading"), Path(path).stem)
    detected = metadata.detect_platform(text)
    vendor = detected.vendor if detected else metadata.detect_vendor(text)
    platform = overrides.platform or (detected.name if detected else metadata.platform_from_vendor(vendor))
    doc = Document(
        text=text, format=extraction.format, sha256=hashlib.sha256(data).hexdigest(),
        path=str(Path(path).resolve()), pages=pages, blocks=blocks, title=title[:300],
        platform=platform,
        vendor=vendor if (detected is None or not overrides.platform) else metadata.detect_vendor(text),
        version=overrides.version or metadata.detect_version(text),
        date=overrides.date or metadata.detect_date(text),
        kind=overrides.kind or metadata.detect_kind(title, text),
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"), size=len(data),
    )
    doc.clauses = segment(text, blocks)
    return doc


def import_file(path: str | Path, store: Store, overrides: Overrides | None = None,
                progress: Progress = None, analyze: bool = True) -> ImportResult:
    """Import one file. Refusals are returned, not raised; the library is unchanged by them."""
    path = str(path)
    try:
        data = read_source(path)
        sha = hashlib.sha256(data).hexdigest()
        existing = store.find_by_sha256(sha)
        if existing is not None:
            return ImportResult(path, "exists", existing, "already in the library")
        doc = build_document(data, path, overrides, progress)
        result = analysis.analyze(doc, progress) if analyze else None
        doc_id = store.add_document(doc, result)
        platforms.assign(store, doc_id, (overrides or Overrides()).family)
        previous = platforms.previous_version(store, doc_id)
        return ImportResult(path, "imported", doc_id, previous_id=previous.document_id if previous else None)
    except ImportRefused as exc:
        return ImportResult(path, "refused", None, str(exc))
    except RecursionError:
        return ImportResult(path, "refused", None, f"{path}: is nested too deeply to read")
    except MemoryError:
        return ImportResult(path, "refused", None, f"{path}: is too large to read into memory")
    except (ClauseLensError, ImportError):
        raise  # the library (busy, damaged) or the installation: not this file's fault
    except sqlite3.Error as exc:
        raise LibraryError(f"{store.path}: the library could not be written ({' '.join(str(exc).split())})") from exc
    except Exception as exc:  # a reader's bug meeting a file nobody foresaw: say so, keep going
        detail = " ".join(str(exc).split())[:200]
        return ImportResult(path, "refused", None, f"{path}: could not be read ({type(exc).__name__}: {detail}); "
                                                   "please report this file to whoever supports ClauseLens")
