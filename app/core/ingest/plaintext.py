"""Plain-text files: paragraphs, numbered clauses and headings recovered from line layout.

Licences come in two layouts. Hard-wrapped files (lines under ~80 characters) put one paragraph
on several lines: lines are joined until a blank line, a line that starts a numbered clause
("1.", "2.3.4", "(a)", "iv.", "Section 3", "Article 2", "§ 4") or a bullet, or a line well short
of the wrap width followed by what starts a new sentence. Unwrapped files
(paragraphs of hundreds of characters on one line) break a line only where a paragraph, item or
heading ends, so there every line is a block, unless it plainly continues the line before it
(no closing punctuation, lower-case start). Numbers stay in the text; bullets are dropped. A
single-line block is a heading when it is in capitals, or short, title-cased and unpunctuated.
"""

from __future__ import annotations

import re

from app.core.errors import ImportRefused
from app.core.ingest.encoding import decode
from app.core.model import BlockDraft, Extraction

_WORDS = "section|article|clause|chapter|part|schedule|annex|appendix|exhibit|attachment"
_NUMBERED = re.compile(
    r"""^(?:
        \d{1,3}(?:\.\d{1,3})+\.?(?=\s|$)                       # 1.1  2.3.4  1.2.
      | \d{1,3}[.)](?=\s|$)                                   # 1.  1)
      | \(\s?(?:\d{1,3}|[a-z]{1,2}|[A-Z]|[ivxlcdm]{1,6}|[IVXLC]{1,5})\s?\)(?=\s|$)   # (a) (iv) (1), not (EU)
      | (?:[a-zA-Z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})[.)](?=\s)   # a.  iv.  IV.  b)
      | (?i:""" + _WORDS + r""")\s+(?:\d+(?:\.\d+)*[A-Za-z]?|[IVXLC]+)\b
            (?=\s*$|\s*[.:\-–—]|\s+[A-Z])                     # Section 3: Title, not "Section 3(a) of"
      | §\s*\d+
    )""", re.VERBOSE)
_BULLET = re.compile(r"^[-*•·–—▪◦‣]\s+")
_LEVEL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*)")
_SENTENCE_END = re.compile(r"[.;:!?”\"')\]]$")
_WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def extract(data: bytes, path: str, progress=None) -> Extraction:
    blocks = parse(decode(data, path))
    if not any(ch.isalnum() for b in blocks for ch in b.text):  # stops at the first letter
        raise ImportRefused(path, "the file has no readable text")
    if progress is not None:
        progress(1.0, "text read")
    title = next((b.text for b in blocks[:3] if b.kind == "heading"), "")
    return Extraction(format="text", blocks=blocks, page_count=1, title=title)


def parse(text: str) -> list[BlockDraft]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = [line.expandtabs(4).rstrip() for line in text.split("\n")]
    widths = sorted(_width(line) for line in lines if line.strip())
    # Hard-wrapped files have (almost) no long lines; their usual line width is the wrap width.
    wrapped = sum(w > 120 for w in widths) <= 0.05 * len(widths)
    wrap = widths[int(0.9 * (len(widths) - 1))] if wrapped and widths else 0
    groups: list[list[str]] = []
    blank_after: list[bool] = []
    for i, line in enumerate(lines):
        if not line.strip():
            if groups:
                blank_after[-1] = True
            continue
        prev = lines[i - 1] if i else ""
        if groups and prev.strip() and _continues(groups[-1], line, wrap):
            groups[-1].append(line)
        else:
            groups.append([line])
            blank_after.append(False)
    return [_block(g, blank or j == len(groups) - 1)
            for j, (g, blank) in enumerate(zip(groups, blank_after, strict=True))]


def _width(line: str) -> int:
    """Display width: Chinese, Japanese and Korean characters take two columns."""
    line = line.rstrip()
    return len(line) + len(_WIDE.findall(line))


def _continues(group: list[str], line: str, wrap: int) -> bool:
    """Whether ``line`` continues the block ``group`` (whose last line came just before it)."""
    first, prev, cur = group[0].strip(), group[-1].strip(), line.strip()
    if len(group) == 1 and (m := _NUMBERED.match(first)) and m.end() == len(first):
        return True  # "1.2" alone on its line numbers the text that follows
    if _NUMBERED.match(cur):
        return False
    if (bullet := _BULLET.match(cur)) is not None:
        # "include - at minimum\n- the same restrictions": a dash inside a sentence, not a bullet
        in_sentence = cur[0] in "-\u2013\u2014" and not _SENTENCE_END.search(prev) \
            and cur[bullet.end():][:1].islower() and not _BULLET.match(first)
        return in_sentence
    if len(group) == 1 and _caps(first) and not _upper(cur):
        return False  # a heading in capitals directly above its text
    if wrap:
        # A line well short of the wrap width ended its paragraph (or is a title line) when
        # the next line starts like a new sentence.
        short = _width(prev) < 0.6 * wrap and not prev.endswith((",", ";", "-", "\u2013", "\u2014"))
        starts = cur[:1].isupper() or cur[:1].isdigit() or cur[:1] in "\"\u201c'([" or _CJK.match(cur)
        return not (short and starts)
    return not _SENTENCE_END.search(prev) and cur[:1].islower()


def _block(group: list[str], blank_after: bool) -> BlockDraft:
    text = group[0].strip()
    for line in group[1:]:
        line = line.strip()
        if (text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower()) or \
                (_CJK.match(text[-1]) and _CJK.match(line[0])):
            text += line  # "non-\nexclusive", or two lines of Chinese: no space between
        else:
            text += " " + line
    if len(group) == 1 and _BULLET.match(text) is None and \
            _is_heading(text, blank_after):
        number = _LEVEL.match(text)
        return BlockDraft("heading", text, level=number.group().count(".") + 1 if number else 1)
    if (bullet := _BULLET.match(text)) is not None:
        indent = len(group[0]) - len(group[0].lstrip())
        return BlockDraft("list_item", text[bullet.end():], level=1 + indent // 4)
    return BlockDraft("paragraph", text)


def _upper(line: str) -> bool:
    """No lower-case letter and at least three capitals (Chinese or Japanese have no case)."""
    return line.upper() == line and sum(c.isupper() for c in line[:200]) >= 3


def _caps(line: str) -> bool:
    """A heading in capitals: short, and not the first line of a paragraph in capitals."""
    return len(line) <= 80 and not line.endswith((",", ";")) and _upper(line)



def _is_heading(text: str, blank_after: bool) -> bool:
    if _caps(text):
        return True
    if len(text) > 80 or text.endswith((".", ",", ";", ":", "\u3002", "\uff0c", "\uff1b", "\uff1a")) \
            or re.search(r":.*\d", text):
        return False  # "Version: 1.0", "Release Date: 3 May 2024" are lines of a title block
    numbered = _NUMBERED.match(text)
    if numbered and not blank_after:
        return False  # "v. Sexual solicitation" followed by "vi. ...": an item, not a heading
    if _CJK.search(text) and not any(c.isupper() or c.islower() for c in text):
        return bool(numbered) and len(text) <= 30  # "1. 定义": Chinese has no capitals to go by
    words = re.findall(r"[^\W\d_]+", text[numbered.end():] if numbered else text)
    return 0 < len(words) <= 12 and words[0][0].isupper() and all(w[0].isupper() for w in words if len(w) > 3)
