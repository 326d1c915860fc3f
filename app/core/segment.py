"""Clause segmentation: the smallest numbered or headed unit, with its number and heading path.

Blocks arrive in reading order. A heading starts a clause (the heading and its paragraphs); a
block that begins with a number ("1.", "1.2", "(a)", "(iii)", "Section 4", "Article 5") or
carries a list marker starts a clause; an unnumbered paragraph continues the clause before it,
unless that clause is already long, in which case it becomes a clause of its own under the same
path; a list item is always a clause of its own. A very long unnumbered paragraph is kept whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.model import Block, Clause

_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
NUMBER_RE = re.compile(
    r"""^\s*(?:
        (?P<word>(?:section|article|clause|part|schedule|§)\s*(?P<wnum>\d+(?:\.\d+)*[a-z]?|[ivxlc]+)\b\.?)
      | (?P<dec>\d{1,3}(?:\.\d{1,3}){0,4})(?:\.|\)|(?=\s))(?=\s)
      | \((?P<paren>[a-z]{1,4}|[A-Z]{1,2}|\d{1,3})\)
      | (?P<alpha>[a-zA-Z])[.)](?=\s)
      | (?P<upper_roman>[IVXL]{1,5})\.(?=\s)
    )""",
    re.VERBOSE | re.IGNORECASE,
)

LONG_CLAUSE = 1800  # characters after which a following unnumbered paragraph starts a clause


@dataclass
class _Number:
    label: str  # as it will be shown: "4.", "4.2", "(c)", "Section 4"
    style: str  # decimal-N, paren-lower, paren-roman, paren-upper, paren-digit, alpha, word, roman


def parse_number(text: str, prev_letter: str | None = None) -> tuple[_Number | None, int]:
    """The number at the start of ``text`` and the length it occupies, or (None, 0)."""
    m = NUMBER_RE.match(text)
    if not m:
        return None, 0
    if m.group("word"):
        label = m.group("word").rstrip(".").strip()
        return _Number(label[:1].upper() + label[1:], "decimal-1"), m.end()
    if m.group("dec"):
        dec = m.group("dec")
        # "2024 ..." or "100 users" are not numbers of a clause.
        if "." not in dec and len(dec) > 2 and not text[m.end("dec"):].startswith("."):
            return None, 0
        if "." not in text[m.start("dec"):m.end()] and ")" not in text[m.start("dec"):m.end()]:
            return None, 0
        depth = dec.count(".") + 1
        return _Number(dec if depth > 1 else dec + ".", f"decimal-{depth}"), m.end()
    if m.group("paren"):
        p = m.group("paren")
        if p.isdigit():
            style = "paren-digit"
        elif p.isupper():
            style = "paren-upper"
        elif _ROMAN.match(p) and not (p in ("i", "v", "x", "l", "c") and prev_letter and
                                       ord(p) == ord(prev_letter) + 1):
            style = "paren-roman"
        elif len(p) == 1:
            style = "paren-lower"
        else:
            return None, 0
        return _Number(f"({p})", style), m.end()
    if m.group("alpha"):
        a = m.group("alpha")
        return _Number(f"{a}.", "alpha-upper" if a.isupper() else "alpha"), m.end()
    if m.group("upper_roman"):
        return _Number(m.group("upper_roman") + ".", "roman"), m.end()
    return None, 0


def _marker_number(marker: str) -> _Number | None:
    num, _ = parse_number(marker + " ")
    if num is None and marker:
        return _Number(marker, "marker")
    return num


_TITLE = re.compile(r"\s*([A-Z][^.:;]{1,58}?)(?:[.:]\s|[.:]?$)")


def _numbered_label(num: _Number, body: str, consumed: int) -> str:
    """ "4. Restrictions" for a numbered section whose first words are a short title."""
    if not num.style.startswith("decimal"):
        return num.label
    m = _TITLE.match(body[consumed:])
    if m and len(m.group(1).split()) <= 8:
        words = m.group(1).split()
        # A title is in title case ("Grant of Licence"), not a short sentence ("Fees apply").
        if all(w[0].isupper() or len(w) <= 3 or not w[0].isalpha() for w in words):
            return f"{num.label} {m.group(1).strip()}"
    return num.label


def _heading_label(text: str) -> str:
    return text if len(text) <= 80 else text[:77].rstrip() + "..."


def segment(text: str, blocks: list[Block]) -> list[Clause]:
    """Split the document into clauses; every clause is ``text[start:end]`` of whole blocks."""
    clauses: list[Clause] = []
    heading_stack: list[tuple[int, str]] = []  # (heading level, label)
    number_stack: list[tuple[str, str]] = []  # (style, label)
    open_clause: dict | None = None
    last_letter: str | None = None

    def close():
        nonlocal open_clause
        if open_clause is not None:
            clauses.append(Clause(open_clause["start"], open_clause["end"], open_clause["page"],
                                  open_clause["number"], open_clause["heading"], open_clause["path"]))
            open_clause = None

    def path() -> str:
        parts = [label for _, label in heading_stack]
        return " > ".join(parts + [label for _, label in number_stack])

    for block in blocks:
        body = text[block.start:block.end]
        num, consumed = parse_number(body, last_letter)
        if num is None and block.marker:
            num = _marker_number(block.marker)
        if num is not None and num.style == "paren-lower":
            last_letter = num.label[1]
        if block.kind == "heading":
            close()
            level = block.level or 1
            while heading_stack and heading_stack[-1][0] >= level:
                heading_stack.pop()
            # A numbered heading ("4. Restrictions") shows its number itself; the list under it
            # starts a numbering of its own.
            number_stack.clear()
            heading_stack.append((level, _heading_label(body)))
            open_clause = {"start": block.start, "end": block.end, "page": block.page,
                           "number": num.label if num else "", "heading": _heading_label(body),
                           "path": path(), "size": 0}
            continue
        if num is not None:
            close()
            styles = [s for s, _ in number_stack]
            if num.style.startswith("decimal-"):
                # "4.2" after "4. > (b)" climbs back to the decimal outline.
                depth = int(num.style.split("-")[1])
                keep = 0
                while (keep < len(styles) and styles[keep].startswith("decimal-")
                       and int(styles[keep].split("-")[1]) < depth):
                    keep += 1
                del number_stack[keep:]
            elif num.style in styles:
                del number_stack[styles.index(num.style):]
            number_stack.append((num.style, _numbered_label(num, body, consumed)))
            heading = heading_stack[-1][1] if heading_stack else ""
            open_clause = {"start": block.start, "end": block.end, "page": block.page,
                           "number": num.label, "heading": heading, "path": path(),
                           "size": block.end - block.start}
            continue
        if block.kind == "list_item":
            # A bullet is a unit of its own even without a number.
            close()
            heading = heading_stack[-1][1] if heading_stack else ""
            open_clause = {"start": block.start, "end": block.end, "page": block.page,
                           "number": "", "heading": heading, "path": path(),
                           "size": block.end - block.start}
            continue
        if open_clause is not None and open_clause["size"] + (block.end - block.start) <= LONG_CLAUSE:
            open_clause["end"] = block.end
            open_clause["size"] += block.end - block.start
            continue
        prev_number = open_clause["number"] if open_clause else ""
        prev_path = open_clause["path"] if open_clause else path()
        close()
        heading = heading_stack[-1][1] if heading_stack else ""
        open_clause = {"start": block.start, "end": block.end, "page": block.page,
                       "number": prev_number, "heading": heading, "path": prev_path,
                       "size": block.end - block.start}
    close()
    return clauses
