"""The covenants of the open document: filters above a sortable table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.views.widgets import compact


class CovenantListView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("covenants")
        self._type = compact(QComboBox())
        self._type.setToolTip("Show one covenant type")
        self._severity = compact(QComboBox())
        self._severity.setToolTip("Show one severity")
        self._status = compact(QComboBox())
        self._status.setToolTip("Show tags by review status")
        self._count = QLabel("")
        self._count.setObjectName("meta")
        self._table = QTableView()
        self._table.setAccessibleName("Covenants")
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSortingEnabled(True)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        self._table.horizontalHeader().setHighlightSections(False)
        self._table.setToolTip("Click a covenant to see its details; F8 / Shift+F8 move through the list")
        filters = QHBoxLayout()
        for w in (self._type, self._severity, self._status):
            filters.addWidget(w, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._count)
        for combo in (self._type, self._severity, self._status):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """``items`` are (text, value); the first is "all" with value ""."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        at = combo.findData(current)
        combo.setCurrentIndex(at if at >= 0 else 0)
        combo.blockSignals(False)

    def _filter_values(self) -> tuple[str, str, str]:
        return self._type.currentData() or "", self._severity.currentData() or "", self._status.currentData() or ""

    def _set_filter(self, which: str, value: str) -> None:
        combo = {"type": self._type, "severity": self._severity, "status": self._status}[which]
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _set_count(self, text: str) -> None:
        self._count.setText(text)

    def _size_columns(self, widths: list[int]) -> None:
        """Fixed widths in characters: sizing to contents would measure every row (slow on
        a long document's thousands of tags)."""
        header = self._table.horizontalHeader()
        em = self._table.fontMetrics().horizontalAdvance("m")
        for col, chars in enumerate(widths):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, int(chars * em * 0.75) + 16)
        header.setStretchLastSection(False)

    def table(self) -> QTableView:
        return self._table

    # -- callbacks -----------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        raise NotImplementedError
