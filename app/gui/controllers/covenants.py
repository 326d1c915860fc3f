"""The covenant list of the open document: selecting a row selects the tag everywhere."""

from __future__ import annotations

from app.gui.controllers.covenant_model import TAG, CovenantFilter, CovenantModel
from app.gui.ops.document import OpenDocument, TagInfo, type_name
from app.gui.session import Session
from app.gui.views.covenant_list_view import CovenantListView

SEVERITIES = [("Any severity", ""), ("High", "high"), ("Medium", "medium"), ("Low", "low")]
STATUSES = [("Any status", ""), ("Unreviewed", "unreviewed"), ("Accepted", "accepted"), ("Rejected", "rejected")]


class CovenantList(CovenantListView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model = CovenantModel(self)
        self.proxy = CovenantFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table().setModel(self.proxy)
        self._size_columns([26, 8, 11, 5, 6, 60])
        self.table().verticalHeader().setDefaultSectionSize(self.table().fontMetrics().height() + 8)
        self._fill_combo(self._severity, SEVERITIES)
        self._fill_combo(self._status, STATUSES)
        self._fill_combo(self._type, [("Every covenant type", "")])
        self.table().selectionModel().currentRowChanged.connect(self._row_changed)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        session.document_opened.connect(self.show_document)
        session.tag_selected.connect(self.show_tag)
        session.tag_updated.connect(self._tag_updated)

    def _fill_types(self, tags: list[TagInfo]) -> None:
        labels = sorted({t.label for t in tags}, key=lambda x: type_name(x).lower())
        self._fill_combo(self._type, [("Every covenant type", "")] + [(type_name(x), x) for x in labels])

    def show_document(self, opened: OpenDocument) -> None:
        self._fill_types(opened.tags)
        self.model.set_tags(sorted(opened.tags, key=lambda t: t.start))
        self.table().sortByColumn(-1, self.table().horizontalHeader().sortIndicatorOrder())
        self.proxy.sort(-1)
        self._filters_changed()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        by = {s: sum(1 for t in self.model.tags if t.status == s) for s in ("accepted", "rejected")}
        text = f"{shown} of {total} shown" if shown != total else f"{total} covenant tag{'s' if total != 1 else ''}"
        text = f"{text} \u00b7 {by['accepted']} accepted \u00b7 {by['rejected']} rejected"
        detached = len(self.session.document.detached) if self.session.document else 0
        if detached:  # the lawyer's work on passages a newer analysis no longer tags is kept
            text += f" \u00b7 {detached} review{'s' if detached != 1 else ''} of earlier tags kept"
        self._set_count(text)

    def _filters_changed(self) -> None:
        self.proxy.set_filters(*self._filter_values())
        self._update_count()

    def set_filter(self, which: str, value: str) -> None:
        self._set_filter(which, value)

    def _row_changed(self, current, _previous) -> None:
        tag = current.data(TAG) if current.isValid() else None
        if tag is not None:
            self.session.select_tag(tag.id)

    def show_tag(self, tag: TagInfo | None) -> None:
        if tag is None:
            self.table().clearSelection()
            return
        row = self.model.row_of(tag.id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        if index is not None and index.isValid():
            if self.table().currentIndex().row() != index.row():
                self.table().setCurrentIndex(index)
            self.table().scrollTo(index)

    def _tag_updated(self, tag: TagInfo) -> None:
        self.model.update_tag(tag)
        self._fill_types(self.model.tags)  # a re-label may bring a type the list did not have
        self._filters_changed()

    def step(self, delta: int) -> None:
        """Select the next (1) or previous (-1) covenant in the list as shown."""
        rows = self.proxy.rowCount()
        if not rows:
            return
        current = self.table().currentIndex().row()
        row = 0 if current < 0 else min(rows - 1, max(0, current + delta))
        self.table().setCurrentIndex(self.proxy.index(row, 0))
        self.table().setFocus()

    def shown_tags(self) -> list[TagInfo]:
        return [self.proxy.index(r, 0).data(TAG) for r in range(self.proxy.rowCount())]
