"""The comparison of one covenant across platforms, computed on the worker when asked for."""

from __future__ import annotations

from app.gui.ops import views as view_ops
from app.gui.ops.document import TagInfo, covenant_types
from app.gui.ops.optional import Unavailable
from app.gui.richtext import esc, words_html
from app.gui.session import Session
from app.gui.views.compare_view import CompareView

ENTITY_NAMES = {"jurisdictions": "law", "venues": "courts", "places": "places", "arbitration": "arbitration",
                "carve_outs": "carve-outs", "thresholds": "thresholds"}


def member_html(m, representative: bool) -> str:
    where = " \u00b7 ".join(x for x in (m.version and f"version {m.version}", m.number and f"clause {m.number}",
                                         f"p. {m.page}") if x)
    head = f"<span style='color:gray;'>{esc(m.title)}<br>{esc(where)}</span><br>"
    if representative:
        return head + f"<b>representative wording</b><br>{esc(m.text)}"
    return head + f"<i>{m.similarity:.0f}% alike</i><br>{words_html(m.words) or esc(m.text)}"


class ComparePane(CompareView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.comparison = None
        self._request = 0
        self._shown: tuple[str, str] | None = None
        types = sorted(covenant_types().values(), key=lambda t: t.name.lower())
        self._set_types([(t.name, t.id) for t in types])
        self._set_type("anti_distillation")
        session.tag_selected.connect(self._follow_tag)
        session.library_changed.connect(lambda _t: self._mark_stale())
        session.tag_updated.connect(lambda _t: self._mark_stale())

    def _follow_tag(self, tag: TagInfo | None) -> None:
        if tag is not None:
            self._set_type(tag.label)
            if self.isVisible():
                self.refresh()

    def _mark_stale(self) -> None:
        self._shown = None
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _choice_changed(self) -> None:
        self.refresh()

    def refresh(self, force: bool = False) -> None:
        label, scope = self._choice()
        if not label or (self._shown == (label, scope) and not force):
            return
        self._shown = (label, scope)
        self._request += 1
        request = self._request
        self._set_summary("Comparing\u2026")

        def done(c):
            if request == self._request:
                self.fill(c)

        def failed(exc):
            if request == self._request:
                self._clear_grid()
                self._set_summary(str(exc) if isinstance(exc, Unavailable) else f"The comparison failed: {exc}")
                self._shown = None
        self.session.submit("Comparing platforms", lambda ctx: view_ops.compare(ctx.store, label, scope), done,
                            on_error=failed)

    def fill(self, c) -> None:
        self.comparison = c
        self._clear_grid()
        scope = "latest versions" if c.scope == "latest" else "every version"
        self._set_summary(f"{c.name}: {c.rarity} ({scope}); {len(c.variants)} wording "
                          f"variant{'s' if len(c.variants) != 1 else ''}",
                          "\n".join(f"{d['platform']}: {d['document']} dropped this covenant in version "
                                    f"{d['removed_in']['label']} (last in {d['last_with']['label']})."
                                    for d in c.dropped))
        mine = self.session.document.doc.platform if self.session.document else None
        columns = sorted(c.platforms, key=lambda p: (p.platform != mine, not p.has, p.platform.lower()))
        self._headers = [p.platform or "(unknown platform)" for p in columns]
        self._cell(0, 0, "", kind="corner")
        for col, p in enumerate(columns, 1):
            count = f"{len(p.members)} passage{'s' if len(p.members) != 1 else ''}" if p.has else "no such covenant"
            this = " (open document)" if p.platform == mine else ""
            self._cell(0, col, f"<b>{esc(p.platform or '(unknown platform)')}</b>{this}<br>"
                               f"<span style='color:gray;'>{count}</span>", kind="header")
        for k, v in enumerate(c.variants, 1):
            platforms = v.platforms
            scope = f"{esc(v.scope)}<br>" if v.scope else ""
            self._cell(k, 0, f"<b>Variant {k}</b><br>{scope}"
                             f"{len(platforms)} platform{'s' if len(platforms) != 1 else ''}", kind="rowheader")
            for col, p in enumerate(columns, 1):
                mine = [m for m in v.members if m.platform == p.platform]
                if not mine:
                    self._cell(k, col, "<span style='color:gray;'>\u2014</span>", kind="empty")
                    continue
                html = "<hr>".join(member_html(m, m is v.representative or m.tag_id == v.representative.tag_id)
                                   for m in mine)
                self._cell(k, col, html, tip=f"{p.platform}: {len(mine)} passage(s) in variant {k}")
        row = len(c.variants) + 1
        self._cell(row, 0, "<b>What they name</b>", kind="rowheader")
        for col, p in enumerate(columns, 1):
            lines = [f"<b>{ENTITY_NAMES.get(key, key)}</b>: {esc(', '.join(values))}"
                     for key, values in p.entities.items() if values]
            self._cell(row, col, "<br>".join(lines) or "<span style='color:gray;'>\u2014</span>", kind="empty")
