"""The detail panel: the tag at once, then (from the worker) its note, the same covenant at other
platforms and what changed since the previous version."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.gui import colours
from app.gui.ops import details as detail_ops
from app.gui.ops.document import TagInfo
from app.gui.richtext import esc, swatch, words_html
from app.gui.session import Session
from app.gui.views.detail_view import DetailView

KIND_MARK = {"added": "\u2795", "removed": "\u2796", "changed": "\u270e", "modified": "\u270e",
             "moved": "\u21c5", "renumbered": "#"}


def heading_html(tag: TagInfo) -> tuple[str, str]:
    sev = colours.severity(tag.severity).name()
    relabel = (f' <span style="font-weight:normal;">(re-labelled; the pipeline said '
               f'{esc(tag.pipeline_label)})</span>' if tag.label != tag.pipeline_label else "")
    head = (f'{swatch(colours.strong(tag.label).name())} <b>{esc(tag.name)}</b>{relabel}<br>'
            f'<span style="color:{sev};"><b>{esc(tag.severity)} severity</b></span>'
            + (" (your setting)" if tag.severity != tag.pipeline_severity else ""))
    facts = (f"Confidence {tag.confidence:.2f} \u00b7 {'explicit' if tag.explicit else 'inferred'} \u00b7 "
             f"found by {tag.source} \u00b7 page {tag.page}"
             + (f" \u00b7 clause {tag.clause_label}" if tag.clause_label else "") + f" \u00b7 {tag.status}")
    return head, facts


def note_html(note) -> str:
    if note is None:
        return ""
    parts = [f"<b>{esc(note.title)}</b>"]
    for s in note.sections:
        parts.append(f"<p><b>{esc(s.heading)}</b></p>")
        bullets = []
        for b in s.blocks:
            if b.kind == "bullet":
                bullets.append(f"<li>{esc(b.text)}</li>")
                continue
            if bullets:
                parts.append("<ul>" + "".join(bullets) + "</ul>")
                bullets = []
            parts.append(f"<p>{esc(b.text)}</p>")
        if bullets:
            parts.append("<ul>" + "".join(bullets) + "</ul>")
    return "".join(parts)


def elsewhere_html(d: detail_ops.Details) -> str:
    parts = [f"<p><b>{esc(d.rarity)}</b> \u00b7 <a href='compare'>open the comparison</a></p>"] if d.rarity else []
    for e in d.elsewhere:
        tag = " <i>(same wording variant)</i>" if e.same_variant else ""
        where = " ".join(x for x in (e.version and f"version {e.version}", e.number and f"clause {e.number}") if x)
        text = e.text if len(e.text) < 300 else e.text[:297] + "\u2026"
        parts.append(f"<p><a href='doc:{e.document_id}'><b>{esc(e.platform)}</b></a> \u2014 {esc(e.title)}"
                     f"{' (' + esc(where) + ')' if where else ''}{tag}<br>{esc(text)}</p>")
    if d.elsewhere_message:
        parts.append(f"<p><i>{esc(d.elsewhere_message)}</i></p>")
    return "".join(parts)


def changes_html(d: detail_ops.Details) -> str:
    parts = []
    for c in d.changes:
        parts.append(f"<p>{KIND_MARK.get(c.kind, '')} {esc(c.text)}</p>")
        if c.words:
            parts.append(f"<p>{words_html(list(c.words))}</p>")
    if d.changes_message:
        parts.append(f"<p><i>{esc(d.changes_message)}</i></p>")
    return "".join(parts)


class DetailPanel(DetailView):
    def __init__(self, session: Session, review: QWidget, parent=None):
        super().__init__(review, parent)
        self.session = session
        self._tag: TagInfo | None = None
        self._request = 0
        self.details: detail_ops.Details | None = None
        session.tag_selected.connect(self.show_tag)
        session.tag_updated.connect(self._tag_updated)
        session.document_opened.connect(lambda _d: self.show_tag(None))

    def show_tag(self, tag: TagInfo | None) -> None:
        self._tag = tag
        self.details = None
        self._show_empty(tag is None)
        if tag is None:
            return
        self._show_basics(tag)
        for name in ("Carve-outs and what the clause names", "Interpretive note", "At other platforms",
                     "Since the previous version"):
            self._set_section(name, "<i>Loading\u2026</i>" if name != "Carve-outs and what the clause names" else "")
        self._scroll_top()
        self._load(tag)

    def _show_basics(self, tag: TagInfo) -> None:
        self._set_heading(*heading_html(tag))
        self._set_section("Quote", f"\u201c{esc(tag.quote)}\u201d")
        self._set_section("Triggered by", ", ".join(f"\u201c{esc(w)}\u201d" for w in tag.triggers)
                          or "<i>the sentence as a whole (no single cue word)</i>")
        self._set_section("Why it was tagged", esc(tag.why))

    def _load(self, tag: TagInfo) -> None:
        opened = self.session.document
        self._request += 1
        request = self._request

        def done(d: detail_ops.Details):
            if request == self._request:
                self.show_details(d)
        self.session.submit("Reading the covenant's details",
                            lambda ctx: detail_ops.details(ctx.store, opened, tag), done,
                            on_error=lambda exc: self._failed(request, exc))

    def _failed(self, request: int, exc: Exception) -> None:
        if request == self._request:
            self._set_section("At other platforms", f"<i>Could not be read: {esc(str(exc))}</i>")
            self._set_section("Since the previous version", "")
            self._set_section("Interpretive note", "")

    def show_details(self, d: detail_ops.Details) -> None:
        self.details = d
        names = [f"<b>carve-out</b>: \u201c{esc(c)}\u201d" for c in d.carve_outs]
        names += [f"{esc(label.lower().replace('_', ' '))}: \u201c{esc(text)}\u201d" for label, text in d.entities]
        self._set_section("Carve-outs and what the clause names", "<br>".join(names))
        self._set_section("Interpretive note", note_html(d.note) or (
            f"<i>No interpretive note for this type in the clause library yet.</i><p>{esc(d.description)}</p>"))
        self._set_section("At other platforms", elsewhere_html(d))
        self._set_section("Since the previous version", changes_html(d))

    def _tag_updated(self, tag: TagInfo) -> None:
        if self._tag is None or tag.id != self._tag.id:
            return
        relabelled = tag.label != self._tag.label
        self._tag = tag
        self._show_basics(tag)
        if relabelled:
            self._load(tag)

    def _link_activated(self, link: str) -> None:
        if link == "compare":
            self.session.view_requested.emit("compare")
        elif link.startswith("doc:"):
            self.session.open_document(int(link[4:]))

