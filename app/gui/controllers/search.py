"""Search: runs the query on the worker; choosing a hit opens its document at the match."""

from __future__ import annotations

from app.gui.ops import views as view_ops
from app.gui.ops.document import covenant_types, type_name
from app.gui.ops.optional import Unavailable
from app.gui.richtext import esc, marked_html
from app.gui.session import Session
from app.gui.views.search_view import SearchView

SEVERITIES = [("Any severity", ""), ("High", "high"), ("Medium", "medium"), ("Low", "low")]


class SearchPane(SearchView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.hits: list = []
        self._request = 0
        types = sorted(covenant_types().values(), key=lambda t: t.name.lower())
        self._fill(self._type, [("Any covenant", "")] + [(t.name, t.id) for t in types])
        self._fill(self._severity, SEVERITIES)
        self._fill(self._platform, [("Any platform", "")])
        session.library_changed.connect(self._platforms_changed)

    def _platforms_changed(self, tree) -> None:
        names = sorted((p.name for p in tree if p.name), key=str.lower)
        self._fill(self._platform, [("Any platform", "")] + [(n, n) for n in names])

    def search(self, query: str) -> None:
        self._set_query(query)
        self._search_requested()

    def _search_requested(self) -> None:
        query, type_, platform, severity = self._values()
        self._request += 1
        request = self._request
        if not query:
            self._clear_results()
            self._set_status("Type words to search for and press Enter.")
            return
        self._set_status("Searching\u2026")

        def done(hits):
            if request == self._request:
                self.show_hits(query, hits)

        def failed(exc):
            if request == self._request:
                self._clear_results()
                self._set_status(str(exc) if isinstance(exc, Unavailable) else f"The search failed: {exc}")
        self.session.submit("Searching", lambda ctx: view_ops.search(ctx.store, query, type_, platform, severity),
                            done, on_error=failed)

    def show_hits(self, query: str, hits: list) -> None:
        self.hits = hits
        self._clear_results()
        self._set_status(f"{len(hits)} clause{'s' if len(hits) != 1 else ''} match \u201c{query}\u201d"
                         + (" (the first 100)" if len(hits) >= 100 else ""))
        for hit in hits:
            where = " \u00b7 ".join(x for x in (hit.version and f"version {hit.version}", hit.date,
                                                 hit.number and f"clause {hit.number}", f"p. {hit.page}") if x)
            labels = ", ".join(type_name(x) for x in hit.labels)
            self._add_result(f"<b>{esc(hit.platform or '(unknown platform)')}</b> \u2014 {esc(hit.title)}"
                             f" <span style='color:gray;'>({esc(where)})</span><br>{marked_html(hit.snippet)}"
                             + (f"<br><span style='color:gray;'>tagged: {esc(labels)}</span>" if labels else ""),
                             hit)

    def _hit_chosen(self, hit) -> None:
        start, end = hit.matches[0] if hit.matches else (0, 0)
        self.session.open_document(hit.document_id, show=(start, end))
        self.session.view_requested.emit("text")

