"""Small pieces of Qt rich text (a subset of HTML) shared by the panes. All text is escaped."""

from __future__ import annotations

from html import escape

INSERTED = "background-color:#c8f0c8; color:#0b3d0b;"
DELETED = "background-color:#f7c9c9; color:#5c0b0b; text-decoration:line-through;"


def esc(text: str) -> str:
    return escape(" ".join(str(text).split()))


def swatch(colour: str) -> str:
    return f'<span style="color:{colour};">\u25a0</span>'


def words_html(ops: list[dict] | tuple, side: str = "both") -> str:
    """Word operations ({"op", "a", "b"}) as text: deletions struck in red, insertions in green.
    ``side`` "a" shows the old text with its deletions, "b" the new with its insertions."""
    out = []
    for o in ops:
        op, a, b = o["op"], o.get("a", ""), o.get("b", "")
        if op == "equal":
            out.append(escape(a if side != "b" else b))
            continue
        if a and side in ("a", "both") and op in ("delete", "replace"):
            out.append(f'<span style="{DELETED}">{escape(a)}</span>')
        if b and side in ("b", "both") and op in ("insert", "replace"):
            out.append(f'<span style="{INSERTED}">{escape(b)}</span>')
    return "".join(out)


def marked_html(snippet: str, marks: tuple[str, str] = ("\u00ab", "\u00bb"), style: str = INSERTED) -> str:
    """A snippet whose matches are between ``marks``, with the matches highlighted."""
    out, rest = [], snippet
    while marks[0] in rest:
        before, _, after = rest.partition(marks[0])
        match, _, rest = after.partition(marks[1])
        out.append(escape(before))
        out.append(f'<span style="{style} font-weight:bold;">{escape(match)}</span>')
    out.append(escape(rest))
    return "".join(out)
