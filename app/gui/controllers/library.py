"""The library tree: filled from the session's snapshot; choosing a version opens it."""

from __future__ import annotations

from app.gui.session import Session
from app.gui.views.library_view import LibraryView

KINDS = {"licence": "licence", "acceptable_use_policy": "acceptable-use policy", "terms_of_use": "terms of use",
         "privacy_policy": "privacy policy", "other": ""}


class LibraryTree(LibraryView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        session.library_changed.connect(self.fill)
        session.document_opened.connect(lambda opened: self._select(opened.doc.id))

    def fill(self, tree) -> None:
        self._clear()
        self._show_empty(not tree)
        for platform in tree:
            count = sum(len(d.versions) for d in platform.documents)
            p = self._add(None, platform.display_name,
                          f"{platform.vendor or platform.display_name}: {len(platform.documents)} document(s), "
                          f"{count} file(s)", bold=True)
            for d in platform.documents:
                kind = KINDS.get(d.kind, d.kind)
                name = d.name + (f" ({kind})" if kind and kind.split()[0] not in d.name.lower() else "")
                item = self._add(p, name, f"{len(d.versions)} version(s) of this document")
                for v in reversed(d.versions):  # newest first
                    label = f"version {v.label}" if v.label and v.label != v.date else (v.date or v.file_name)
                    if v.date and v.label != v.date:
                        label += f" \u00b7 {v.date}"
                    tip = (f"{v.file_name}\nimported {v.imported_at}\n{v.clause_count} clauses\n"
                           f"SHA-256 {v.sha256[:16]}\u2026")
                    self._add(item, label, tip, doc_id=v.document_id)
        self._expand_all()
        if self.session.document is not None:
            self._select(self.session.document.doc.id)

    def _version_chosen(self, doc_id: int) -> None:
        if self.session.document is None or self.session.document.doc.id != doc_id:
            self.session.open_document(doc_id)
