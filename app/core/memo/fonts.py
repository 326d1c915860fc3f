"""Fonts for the PDF memo, embedded (subset) in every file, and user text turned into safe
Platypus markup that switches font for the characters the main font lacks.

resources/fonts holds DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic letters, many symbols),
WenQuanYi Micro Hei (Chinese, Japanese, Korean) and Symbola (emoji and other symbols); licences
beside them. ReportLab has no font fallback of its own, hence the runs. Right-to-left text is
written in logical order: ReportLab reorders it only with the optional ``rlbidi`` package.
"""

from __future__ import annotations

import threading
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from app.core.paths import resources_dir
from app.core.review import clean_text

BODY, BOLD, CJK, SYMBOLS = "ClauseLensSans", "ClauseLensSans-Bold", "ClauseLensCJK", "ClauseLensSymbols"
_FILES = {BODY: ("DejaVuSans.ttf", 0), BOLD: ("DejaVuSans-Bold.ttf", 0), CJK: ("wqy-microhei.ttc", 0),
          SYMBOLS: ("Symbola.ttf", 0)}
_lock = threading.Lock()
_cmaps: dict[str, set[int] | dict] = {}


def _to_unicode_cmap(fontname, subset):
    """ReportLab's ToUnicode map, with each code point as UTF-16BE as the PDF spec says: ReportLab
    writes 4 hex digits, so an emoji (U+1F600) reads back as U+1F60 in a reader's copy and search."""
    chars = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar", *chars,
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def register() -> None:
    """Register the memo fonts with ReportLab once per process."""
    with _lock:
        if _cmaps:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        folder = resources_dir() / "fonts"
        for name, (file, index) in _FILES.items():
            font = TTFont(name, str(folder / file), subfontIndex=index)
            pdfmetrics.registerFont(font)
            _cmaps[name] = font.face.charToGlyph
        for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
            addMapping(BODY, bold, italic, BOLD if bold else BODY)
        for name in (CJK, SYMBOLS):
            for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
                addMapping(name, bold, italic, name)


def _font_for(ch: str, main: str) -> str:
    code = ord(ch)
    if code in _cmaps[main] or ch.isspace():
        return main
    for name in (CJK, SYMBOLS):
        if code in _cmaps[name]:
            return name
    return main  # drawn as the missing-glyph box, still extracted as the character


def markup(text: str, bold: bool = False) -> str:
    """User or document text as Platypus paragraph markup that prints literally: markup characters
    escaped, control characters dropped, line breaks kept, other fonts for characters DejaVu lacks."""
    register()
    main = BOLD if bold else BODY
    text = clean_text(text).replace("\t", "    ")
    out, run, run_font = [], [], main

    def flush():
        if run:
            body = escape("".join(run)).replace("\n", "<br/>")
            out.append(body if run_font == main else f'<font name="{run_font}">{body}</font>')
            run.clear()

    for ch in text:
        font = run_font if ch.isspace() else _font_for(ch, main)
        if font != run_font:
            flush()
            run_font = font
        run.append(ch)
    flush()
    return "".join(out)


def plain(text: str) -> str:
    """Text for a PDF outline entry (no markup there): one line, no control characters."""
    return " ".join(clean_text(text).split())
