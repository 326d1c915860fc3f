"""DOCX files: body paragraphs and tables in reading order, with headings and list numbers.

The body's children are walked in order (with an explicit stack, into tables, cells and content
controls), so a table stays where it stands between paragraphs. Headings come from the
paragraph style ("Heading 1".."Heading 9", "Title", or a style based on one) or an outline
level. Word computes list numbers when it draws the page, so they are not in the text: they
are counted here from the numbering part (format and level text per level, start values,
restarts) and given as the block's ``marker``, e.g. "3.", "(a)", "(iv)", "2.1".

Headers, footers, footnotes and comments are not part of the body and are not read. The
archive is checked before python-docx opens it: a DOCX that would unpack to more than 200 MB,
or with a large entry compressed more than 100 times, is refused as a likely zip bomb.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn

from app.core.errors import ImportRefused
from app.core.model import BlockDraft, Extraction

MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
_BIG_ENTRY = 10 * 1024 * 1024

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent"))
_CUSTOM_XML = qn("w:customXml")
_T, _TAB, _BR, _CR, _NB_HYPHEN = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen"))
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VAL = qn("w:val")
_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def extract(data: bytes, path: str, progress=None) -> Extraction:
    _check_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _Styles(document)
        numbering = _Numbering(document)
    except ImportRefused:
        raise
    except Exception as err:  # python-docx raises KeyError, ValueError, XMLSyntaxError, ...
        raise ImportRefused(path, "the file is not a valid DOCX document (its Word document part is "
                                  f"missing or damaged: {type(err).__name__})") from None
    if progress is not None:
        progress(0.3, "reading the document")
    blocks: list[BlockDraft] = []
    title = (document.core_properties.title or "").strip()
    for paragraph, in_table in _paragraphs(body):
        text = _text(paragraph)
        if not text.strip():
            continue
        style_id = _style_id(paragraph)
        level = styles.heading_level(style_id, paragraph)
        num_id, ilvl = styles.numbering(style_id, paragraph)
        marker, bullet = numbering.next(num_id, ilvl) if num_id else ("", False)
        if in_table:
            blocks.append(BlockDraft("table_cell", text, marker=marker))
        elif level:
            blocks.append(BlockDraft("heading", text, level=level, marker=marker))
            if not title and styles.is_title(style_id):
                title = text.strip()
        elif num_id or styles.is_list(style_id):
            blocks.append(BlockDraft("list_item", text, level=ilvl + 1, marker="" if bullet else marker))
        else:
            blocks.append(BlockDraft("paragraph", text))
    if not title:
        title = next((b.text.strip() for b in blocks if b.kind == "heading" and b.level == 1), "")
    if progress is not None:
        progress(1.0, "document read")
    return Extraction(format="docx", blocks=blocks, page_count=1, title=" ".join(title.split()))


def _check_archive(data: bytes, path: str) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # an OLE compound file, not a zip archive
        raise ImportRefused(path, "is password-protected or is an old Word 97-2003 document; remove the password "
                                  "or save it as .docx in Word, then import it again")
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(path, "the file is not a valid DOCX document (it is damaged or not a zip archive)") from None
    if any(e.flag_bits & 1 for e in entries):
        raise ImportRefused(path, "the DOCX archive is encrypted; save it again in Word without a password")
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names:
        raise ImportRefused(path, "the file is not a valid DOCX document (no content types)")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNPACKED:
        raise ImportRefused(path, f"the DOCX would unpack to {total // 2**20} MB, over the "
                                  f"{MAX_UNPACKED // 2**20} MB limit (possible zip bomb)")
    for e in entries:
        if e.file_size > _BIG_ENTRY and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            raise ImportRefused(path, f"the DOCX entry {e.filename} is compressed more than "
                                      f"{MAX_RATIO} times (possible zip bomb)")


def _paragraphs(body):
    """(w:p, in_table) in reading order, through tables, cells and content controls."""
    stack = [(child, False) for child in reversed(body)]
    while stack:
        element, in_table = stack.pop()
        tag = element.tag
        if tag == _P:
            yield element, in_table
        elif tag in (_TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML):
            inside = in_table or tag == _TBL
            stack.extend((child, inside) for child in reversed(element))


def _text(paragraph) -> str:
    has_fallback = next(paragraph.iter(_FALLBACK), None) is not None
    parts = []
    for el in paragraph.iter(_T, _TAB, _BR, _CR, _NB_HYPHEN):
        if has_fallback and _under_fallback(el, paragraph):
            continue  # the same text box drawn a second time for old Word versions
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _NB_HYPHEN:
            parts.append("-")
        else:
            parts.append("\t" if el.tag == _TAB else "\n")
    return "".join(parts)


def _under_fallback(el, stop) -> bool:
    while el is not None and el is not stop:
        if el.tag == _FALLBACK:
            return True
        el = el.getparent()
    return False


def _style_id(paragraph) -> str:
    found = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return found.get(_VAL, "") if found is not None else ""


def _num_pr(element) -> tuple[str | None, int | None]:
    num_pr = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return None, None
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    return (num_id.get(_VAL) if num_id is not None else None,
            int(ilvl.get(_VAL, "0")) if ilvl is not None else None)


class _Styles:
    """Paragraph styles by id, with what they inherit from the styles they are based on."""

    def __init__(self, document):
        self.by_id = {}
        for style in document.styles.element.findall(qn("w:style")):
            if style.get(qn("w:type")) == "paragraph":
                self.by_id[style.get(qn("w:styleId"))] = style
        self.default = next((sid for sid, s in self.by_id.items() if s.get(qn("w:default")) in ("1", "true")), "")

    def _chain(self, style_id: str):
        seen = set()
        style_id = style_id or self.default
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(_VAL) if based is not None else None

    def _name(self, style) -> str:
        name = style.find(qn("w:name"))
        return (name.get(_VAL) if name is not None else "").strip().lower()

    def is_title(self, style_id: str) -> bool:
        return any(self._name(s) == "title" for s in self._chain(style_id))

    def is_list(self, style_id: str) -> bool:
        return any(self._name(s).startswith(("list number", "list bullet")) for s in self._chain(style_id))

    def heading_level(self, style_id: str, paragraph) -> int:
        outline = paragraph.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        for style in self._chain(style_id):
            if (m := _HEADING_STYLE.match(self._name(style))) is not None:
                return int(m.group(1))
            if self._name(style) == "title":
                return 1
            if outline is None:
                outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None and outline.get(_VAL, "9").isdigit() and int(outline.get(_VAL)) < 9:
            return int(outline.get(_VAL)) + 1
        return 0

    def numbering(self, style_id: str, paragraph) -> tuple[str | None, int]:
        """The paragraph's (numId, level), from its own properties or its style's."""
        num_id, ilvl = _num_pr(paragraph)
        for style in self._chain(style_id):
            if num_id is not None and ilvl is not None:
                break
            style_num, style_lvl = _num_pr(style)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_lvl
        if num_id in (None, "0"):  # numId 0 switches numbering off
            return None, 0
        return num_id, ilvl or 0


class _Numbering:
    """Counts list numbers the way Word draws them, from the numbering part."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int, bool]]] = {}  # abstractNumId -> levels
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[object, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    _val(lvl, "w:numFmt", "decimal"), _val(lvl, "w:lvlText", "%1."),
                    int(_val(lvl, "w:start", "1") or 1), lvl.find(qn("w:isLgl")) is not None)
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start.get(_VAL, "1"))
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId", ""), overrides)

    def next(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """The marker of the next paragraph in list ``num_id`` at ``ilvl``, and whether it is a bullet."""
        abstract, overrides = self.nums.get(num_id, (None, {}))
        levels = self.levels.get(abstract, {})
        # Lists that share a definition continue each other's numbers unless one restarts it.
        key = ("num", num_id) if overrides or abstract is None else abstract
        counts = self.counters.setdefault(key, {})

        def start(level: int) -> int:
            return overrides.get(level, levels.get(level, ("", "", 1, False))[2])

        for deeper in [lvl for lvl in counts if lvl > ilvl]:
            del counts[deeper]
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start(ilvl)
        fmt, text, _, legal = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1, False))
        text = text or ""
        if fmt == "bullet":
            return "", True
        if fmt == "none":
            return "", False

        def number(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            value = counts.get(level, start(level))
            level_fmt = "decimal" if legal else levels.get(level, ("decimal",))[0]
            return _format(value, level_fmt)

        return re.sub(r"%([1-9])", number, text).strip(), False


def _val(element, tag: str, default: str) -> str:
    found = element.find(qn(tag))
    return found.get(_VAL, default) if found is not None else default


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letters = ""
        while value:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for step, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, value = divmod(value, step)
            roman += letters * count
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
