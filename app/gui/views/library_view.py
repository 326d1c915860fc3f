"""The library tree: platform > document > version."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

DOC_ID = Qt.ItemDataRole.UserRole + 1


class LibraryView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("library")
        self._model = QStandardItemModel(self)
        self._tree = QTreeView()
        self._tree.setModel(self._model)
        self._tree.setHeaderHidden(True)
        self._tree.setUniformRowHeights(True)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._tree.setToolTip("Platforms, their documents and every imported version. "
                              "Click a version to open it.")
        self._tree.setAccessibleName("Library")
        self._empty = QLabel("The library is empty. Import a licence with Ctrl+O or drop files here.")
        self._empty.setWordWrap(True)
        self._empty.setObjectName("hint")
        self._empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._tree)
        layout.addWidget(self._empty)
        self._tree.selectionModel().currentChanged.connect(
            lambda cur, _prev: self._version_chosen(cur.data(DOC_ID)) if cur.data(DOC_ID) else None)

    # -- protected API for the controller ------------------------------------------------------
    def _clear(self) -> None:
        self._model.clear()

    def _add(self, parent: QStandardItem | None, text: str, tip: str = "", doc_id: int | None = None,
             bold: bool = False) -> QStandardItem:
        item = QStandardItem(text)
        item.setToolTip(tip)
        if doc_id is not None:
            item.setData(doc_id, DOC_ID)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        (parent or self._model.invisibleRootItem()).appendRow(item)
        return item

    def _show_empty(self, empty: bool) -> None:
        self._empty.setVisible(empty)

    def _expand(self, item: QStandardItem) -> None:
        self._tree.expand(item.index())

    def _expand_all(self) -> None:
        self._tree.expandAll()

    def _select(self, doc_id: int) -> None:
        found = self._find(self._model.invisibleRootItem(), doc_id)
        if found is not None:
            self._tree.blockSignals(True)
            self._tree.selectionModel().blockSignals(True)
            self._tree.setCurrentIndex(found)
            self._tree.selectionModel().blockSignals(False)
            self._tree.blockSignals(False)
            self._tree.scrollTo(found)

    def _find(self, item: QStandardItem, doc_id: int) -> QModelIndex | None:
        for row in range(item.rowCount()):
            child = item.child(row)
            if child.data(DOC_ID) == doc_id:
                return child.index()
            inner = self._find(child, doc_id)
            if inner is not None:
                return inner
        return None

    def tree(self) -> QTreeView:
        return self._tree

    def items(self) -> list[tuple[int, str]]:
        """(depth, text) of every row, depth first (what a reader of the tree sees)."""
        out = []

        def walk(item, depth):
            for row in range(item.rowCount()):
                child = item.child(row)
                out.append((depth, child.text()))
                walk(child, depth + 1)
        walk(self._model.invisibleRootItem(), 0)
        return out

    # -- callbacks -----------------------------------------------------------------------------
    def _version_chosen(self, doc_id: int) -> None:
        raise NotImplementedError
