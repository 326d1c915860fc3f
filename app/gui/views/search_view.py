"""Search over every clause of the library: a query, filters and the hits with their matches."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.views.widgets import compact


class SearchView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("search")
        self._query = QLineEdit()
        self._query.setPlaceholderText("Search the library: words, \"a phrase\", distil* \u2026")
        self._query.setClearButtonEnabled(True)
        self._query.setToolTip("Full-text search over every clause; Enter searches")
        self._type = QComboBox()
        self._type.setToolTip("Only clauses tagged with this covenant type")
        self._platform = QComboBox()
        self._platform.setToolTip("Only this platform's documents")
        self._severity = QComboBox()
        self._severity.setToolTip("Only clauses with a tag of this severity")
        self._status = QLabel("")
        self._status.setObjectName("meta")
        self._results = QListWidget()
        self._results.setAccessibleName("Search results")
        self._results.setToolTip("Enter or double-click opens the document at the match")
        self._results.setAlternatingRowColors(True)
        for combo in (self._type, self._platform, self._severity):
            compact(combo)
        bar = QHBoxLayout()
        bar.addWidget(self._query, 3)
        bar.addWidget(self._type, 1)
        bar.addWidget(self._platform, 1)
        bar.addWidget(self._severity, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self._status)
        layout.addWidget(self._results, 1)
        self._query.returnPressed.connect(self._search_requested)
        for combo in (self._type, self._platform, self._severity):
            combo.activated.connect(lambda _i: self._search_requested())
        self._results.itemActivated.connect(lambda item: self._hit_chosen(item.data(Qt.ItemDataRole.UserRole)))

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def _values(self) -> tuple[str, str, str, str]:
        return (self._query.text().strip(), self._type.currentData() or "", self._platform.currentData() or "",
                self._severity.currentData() or "")

    def _set_query(self, text: str) -> None:
        self._query.setText(text)

    def _set_status(self, text: str) -> None:
        self._status.setText(text)

    def _clear_results(self) -> None:
        self._results.clear()

    def _add_result(self, html: str, data) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, data)
        label = QLabel(html)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setMargin(4)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._results.addItem(item)
        self._results.setItemWidget(item, label)
        width = max(300, self._results.viewport().width() - 12)
        item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width = max(300, self._results.viewport().width() - 12)
        for row in range(self._results.count()):
            item = self._results.item(row)
            label = self._results.itemWidget(item)
            item.setSizeHint(QSize(width, label.heightForWidth(width) + 4))

    def focus_query(self) -> None:
        self._query.setFocus()
        self._query.selectAll()

    def result_count(self) -> int:
        return self._results.count()

    # -- callbacks -----------------------------------------------------------------------------
    def _search_requested(self) -> None:
        raise NotImplementedError

    def _hit_chosen(self, data) -> None:
        raise NotImplementedError
