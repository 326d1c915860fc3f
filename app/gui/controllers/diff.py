"""The diff of two stored versions: covenant changes first, then clause by clause, coloured."""

from __future__ import annotations

from app.gui import colours
from app.gui.ops import views as view_ops
from app.gui.ops.document import OpenDocument, type_name
from app.gui.ops.optional import Unavailable
from app.gui.richtext import DELETED, INSERTED, esc, swatch, words_html
from app.gui.session import Session
from app.gui.views.diff_view import DiffView

KIND_TEXT = {"added": "Added", "removed": "Removed", "modified": "Changed", "moved": "Moved",
             "renumbered": "Renumbered", "unchanged": "Unchanged"}


def _sides(c) -> tuple[str, str]:
    if c.kind == "added":
        return "", f'<span style="{INSERTED}">{esc(c.b_text)}</span>'
    if c.kind == "removed":
        return f'<span style="{DELETED}">{esc(c.a_text)}</span>', ""
    if c.words:
        return words_html(c.words, "a"), words_html(c.words, "b")
    return esc(c.a_text), esc(c.b_text)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _where(c) -> str:
    if c.a_clause is None:
        return f"new clause {c.b_number}" if c.b_number else "new unnumbered clause"
    if c.b_clause is None:
        return f"was clause {c.a_number}" if c.a_number else "unnumbered clause, removed"
    if c.a_number and c.b_number and c.a_number != c.b_number:
        return f"clause {c.a_number} \u2192 {c.b_number}"
    return f"clause {c.b_number or c.a_number}".strip() if (c.b_number or c.a_number) else "unnumbered clause"


def diff_html(d, show_all: bool) -> str:
    covenant = [t for c in d.changes for t in c.tag_changes]
    parts = ["<h3>Covenant changes</h3>"]
    if covenant:
        for c in d.changes:
            for t in c.tag_changes:
                text = _sentence(t.detail.replace(f"{t.label} clause", f"{type_name(t.label)} clause"))
                parts.append(f"<p>{swatch(colours.severity(t.severity).name())} <b>{esc(text)}</b> "
                             f"<span style='color:gray;'>({esc(_where(c))}; {esc(t.severity)} severity)</span></p>")
    else:
        parts.append("<p><i>No covenant was added, removed or changed.</i></p>")
    shown = d.changes if show_all else d.reported
    parts.append("<h3>Clauses</h3>")
    if not shown:
        parts.append("<p><i>No clause changed (renumbering aside).</i></p>")
        return "".join(parts)
    parts.append('<table width="100%" cellspacing="0" cellpadding="6" border="1" style="border-collapse:collapse;">'
                 f'<tr><th width="50%">{esc(d.a_label)}</th><th width="50%">{esc(d.b_label)}</th></tr>')
    for c in shown:
        extra = f", {c.structure}" if c.structure else ""
        tags = "; ".join(_sentence(t.detail.replace(f"{t.label} clause", f"{type_name(t.label)} clause"))
                         for t in c.tag_changes)
        tags = f" \u00b7 {esc(tags)}" if tags else ""
        parts.append(f'<tr><td colspan="2" style="background-color:#dfe6ee; color:#111111;"><b>'
                     f'{KIND_TEXT.get(c.kind, c.kind)}</b> \u00b7 {esc(_where(c))}{extra}{tags}</td></tr>')
        a, b = _sides(c)
        parts.append(f'<tr><td valign="top">{a}</td><td valign="top">{b}</td></tr>')
    parts.append("</table>")
    return "".join(parts)


def summary(d) -> str:
    counts = {k: n for k, n in d.counts().items() if n}
    told = ", ".join(f"{n} {k}" for k, n in counts.items())
    return f"From {d.a_label} to {d.b_label}: {len(d.covenant_changes)} covenant change(s); clauses: {told}"


class DiffPane(DiffView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.diff = None
        self._labels: dict[int, str] = {}  # version labels, with file names where two are alike
        self._request = 0
        self._shown = None
        session.library_changed.connect(lambda _t: self._load_choices())
        session.document_opened.connect(self._document_opened)
        session.tag_updated.connect(lambda _t: self._stale())

    def _load_choices(self) -> None:
        def done(choices):
            self._labels = {c.document_id: c.label for c in choices}
            self._set_choices([(c.text, c.document_id) for c in choices])
            if self.session.document is not None:
                self._document_opened(self.session.document)
        self.session.submit("Listing versions", lambda ctx: view_ops.version_choices(ctx.store), done)

    def _document_opened(self, opened: OpenDocument) -> None:
        doc_id = opened.doc.id
        self._set_pair(opened.previous_id if opened.previous_id is not None else doc_id, doc_id)
        self._stale()

    def _stale(self) -> None:
        self._shown = None
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _choice_changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        a, b, show_all = self._pair()
        if a is None or b is None or self._shown == (a, b, show_all):
            return
        self._shown = (a, b, show_all)
        if a == b:
            self._show("This document has one version in the library: choose two files to compare, or import "
                       "another version of it.", "", [])
            return
        self._request += 1
        request = self._request
        self._show("Comparing the two versions\u2026", "", [])

        def done(d):
            if request == self._request:
                self.diff = d
                d.a_label, d.b_label = self._labels.get(a, d.a_label), self._labels.get(b, d.b_label)
                self._show(summary(d), diff_html(d, show_all), [d.a_label, d.b_label])

        def failed(exc):
            if request == self._request:
                self._shown = None
                self._show(str(exc) if isinstance(exc, Unavailable) else f"The diff failed: {exc}", "", [])
        self.session.submit("Comparing versions", lambda ctx: view_ops.diff(ctx.store, a, b), done, on_error=failed)
