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


MAX_SHARED = 25   # rows of shared wordings
MAX_IN_CELL = 3   # passages shown in one cell
MAX_CHARS = 420   # of one passage; the tooltip and the document have it all


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1].rstrip() + "\u2026"


def member_html(m, role: str) -> str:
    """One passage in a cell; ``role`` is "representative" (of a shared wording), "member" (its
    differences from the representative marked) or "alone" (a wording no other platform has)."""
    where = " \u00b7 ".join(x for x in (m.version and f"version {m.version}", m.number and f"clause {m.number}",
                                         f"p. {m.page}") if x)
    head = f"<span style='color:gray;'>{esc(m.title)}<br>{esc(where)}</span><br>"
    if role == "alone":
        return head + esc(_short(m.text))
    if role == "representative":
        return head + f"<b>representative wording</b><br>{esc(_short(m.text))}"
    words = words_html(m.words) if len(m.text) <= MAX_CHARS else ""  # a cut text would cut the markup
    return head + f"<i>{m.similarity:.0f}% alike</i><br>{words or esc(_short(m.text))}"


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
        session.document_opened.connect(self._follow_document)
        session.library_changed.connect(lambda _t: self._mark_stale())
        session.tag_updated.connect(lambda _t: self._mark_stale())

    def _follow_tag(self, tag: TagInfo | None) -> None:
        if tag is not None:
            self._set_type(tag.label)
            if self.isVisible():
                self.refresh()

    def _follow_document(self, opened) -> None:
        """An older version is compared with every version (its own passage is not in the latest)."""
        latest = opened.family is None or opened.family.latest.document_id == opened.doc.id
        self._set_scope("latest" if latest else "all")

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
        mine = self.session.document.doc.platform if self.session.document else None
        # wordings shared by several platforms are the comparison; a wording found at one platform
        # only goes in one last row, so a covenant with a hundred wordings stays readable
        shared = [v for v in c.variants if len(v.platforms) > 1]
        shared.sort(key=lambda v: (mine not in v.platforms, -len(v.platforms)))
        alone = [v for v in c.variants if len(v.platforms) <= 1]
        scope = "latest versions" if c.scope == "latest" else "every version"
        notes = [f"{d['platform']}: {d['document']} dropped this covenant in version {d['removed_in']['label']} "
                 f"(last in {d['last_with']['label']})." for d in c.dropped]
        if len(shared) > MAX_SHARED:
            notes.append(f"The {MAX_SHARED} wordings shared by most platforms are shown; "
                         f"{len(shared) - MAX_SHARED} more are in the memo and the command line.")
        self._set_summary(f"{c.name}: {c.rarity} ({scope}); {len(shared)} wording{'s' if len(shared) != 1 else ''} "
                          f"shared by several platforms, {len(alone)} found at one only", "\n".join(notes))
        # the open document's platform first, then platforms in the order of the wordings they
        # share (so a shared row reads across neighbouring columns), then the rest
        first_row = {}
        for k, v in enumerate(shared[:MAX_SHARED]):
            for name in v.platforms:
                first_row.setdefault(name, k)
        columns = sorted(c.platforms, key=lambda p: (p.platform != mine, not p.has,
                                                     first_row.get(p.platform, MAX_SHARED), p.platform.lower()))
        self._headers = [p.platform or "(unknown platform)" for p in columns]
        self._cell(0, 0, "", kind="corner")
        for col, p in enumerate(columns, 1):
            count = f"{len(p.members)} passage{'s' if len(p.members) != 1 else ''}" if p.has else "no such covenant"
            this = " (open document)" if p.platform == mine else ""
            self._cell(0, col, f"<b>{esc(p.platform or '(unknown platform)')}</b>{this}<br>"
                               f"<span style='color:gray;'>{count}</span>", kind="header")
        row = 0
        for k, v in enumerate(shared[:MAX_SHARED], 1):
            row += 1
            vscope = f"{esc(v.scope)}<br>" if v.scope else ""
            self._cell(row, 0, f"<b>Shared wording {k}</b><br>{vscope}{len(v.platforms)} platforms", kind="rowheader")
            for col, p in enumerate(columns, 1):
                self._members(row, col, [(m, "representative" if m.tag_id == v.representative.tag_id else "member")
                                         for m in v.members if m.platform == p.platform])
        if alone:
            row += 1
            self._cell(row, 0, "<b>Wordings found at one platform only</b>", kind="rowheader")
            for col, p in enumerate(columns, 1):
                self._members(row, col, [(m, "alone") for v in alone for m in v.members if m.platform == p.platform])
        row += 1
        self._cell(row, 0, "<b>What they name</b>", kind="rowheader")
        for col, p in enumerate(columns, 1):
            lines = [f"<b>{ENTITY_NAMES.get(key, key)}</b>: {esc(', '.join(values))}"
                     for key, values in p.entities.items() if values]
            self._cell(row, col, "<br>".join(lines) or "<span style='color:gray;'>\u2014</span>", kind="empty")

    def _members(self, row: int, col: int, members: list) -> None:
        if not members:
            self._cell(row, col, "<span style='color:gray;'>\u2014</span>", kind="empty")
            return
        html = "<hr>".join(member_html(m, rep) for m, rep in members[:MAX_IN_CELL])
        if len(members) > MAX_IN_CELL:
            html += f"<hr><i>and {len(members) - MAX_IN_CELL} more</i>"
        self._cell(row, col, html, tip="\n\n".join(m.text for m, _ in members[:MAX_IN_CELL]))
