"""Interpretive notes: one Markdown file per covenant type in ``clause_library/notes/<type>.md``.

A note is a ``# Title`` followed by ``## Section`` headings, each with paragraphs and ``- `` bullet
items (a bullet continues on indented lines). No other Markdown is interpreted: the text is shown
as written, so a lawyer can edit the files with any editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.core.paths import clause_library_dir

SECTIONS = ("Why it matters", "Who it affects", "How it is commonly read",
            "Regulatory landscape and jurisdiction flags", "Practical compliance steps")


@dataclass(frozen=True)
class NoteBlock:
    kind: str  # "paragraph" or "bullet"
    text: str


@dataclass(frozen=True)
class NoteSection:
    heading: str
    blocks: tuple[NoteBlock, ...]


@dataclass(frozen=True)
class Note:
    type: str
    title: str
    sections: tuple[NoteSection, ...] = field(default_factory=tuple)

    def section(self, heading: str) -> NoteSection | None:
        return next((s for s in self.sections if s.heading.lower() == heading.lower()), None)


def notes_dir() -> Path:
    return clause_library_dir() / "notes"


def parse_note(type_id: str, markdown: str) -> Note:
    title, sections = type_id, []
    heading, blocks, lines, kind = None, [], [], "paragraph"

    def flush_block():
        nonlocal lines
        if lines:
            blocks.append(NoteBlock(kind, " ".join(lines)))
        lines = []

    def flush_section():
        nonlocal blocks
        flush_block()
        if heading is not None and blocks:
            sections.append(NoteSection(heading, tuple(blocks)))
        blocks = []

    for raw in markdown.splitlines():
        line = raw.strip()
        if raw.startswith("# "):
            flush_section()
            title = line[2:].strip()
        elif raw.startswith("## "):
            flush_section()
            heading = line[3:].strip()
        elif not line:
            flush_block()
        elif line.startswith(("- ", "* ")):
            flush_block()
            kind, lines = "bullet", [line[2:].strip()]
        elif lines and kind == "bullet" and raw[:1] in (" ", "\t"):
            lines.append(line)
        else:
            if kind == "bullet":
                flush_block()
            kind = "paragraph"
            lines.append(line)
    flush_section()
    return Note(type_id, title, tuple(sections))


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float) -> Note:
    return parse_note(path.stem, path.read_text(encoding="utf-8"))


def load_note(type_id: str) -> Note | None:
    """The note for a covenant type, or None when the library has none."""
    path = notes_dir() / f"{type_id}.md"
    if not path.is_file():
        return None
    return _load(path, path.stat().st_mtime)


def load_notes() -> dict[str, Note]:
    return {p.stem: _load(p, p.stat().st_mtime) for p in sorted(notes_dir().glob("*.md"))}
