"""The version diff: two pickers, the covenant changes first, then the clauses side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.views.widgets import compact


class DiffView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("diff")
        self._a = QComboBox()
        self._a.setToolTip("The earlier version")
        self._b = QComboBox()
        self._b.setToolTip("The later version")
        swap = QToolButton()
        swap.setText("\u21c4")
        swap.setToolTip("Swap the two versions")
        self._all = QCheckBox("Show unchanged clauses")
        self._all.setToolTip("Also list clauses that are the same, or only renumbered")
        self._summary = QLabel("")
        self._summary.setObjectName("heading")
        self._summary.setWordWrap(True)
        self._browser = QTextBrowser()
        self._browser.setOpenLinks(False)
        self._browser.setAccessibleName("Differences")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("From"))
        bar.addWidget(self._a, 1)
        bar.addWidget(swap)
        bar.addWidget(QLabel("to"))
        bar.addWidget(self._b, 1)
        head = QHBoxLayout()
        head.addWidget(self._summary, 1)
        head.addWidget(self._all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addLayout(head)
        layout.addWidget(self._browser, 1)
        self._columns: list[str] = []
        self._a.activated.connect(lambda _i: self._choice_changed())
        self._b.activated.connect(lambda _i: self._choice_changed())
        self._all.toggled.connect(lambda _on: self._choice_changed())
        swap.clicked.connect(self._swap)

    def _set_choices(self, items: list[tuple[str, int]]) -> None:
        for combo in (self._a, self._b):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            compact(combo, 20)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _set_pair(self, a: int, b: int) -> None:
        self._a.setCurrentIndex(max(0, self._a.findData(a)))
        self._b.setCurrentIndex(max(0, self._b.findData(b)))

    def _pair(self) -> tuple[int | None, int | None, bool]:
        return self._a.currentData(), self._b.currentData(), self._all.isChecked()

    def _swap(self) -> None:
        a, b, _ = self._pair()
        if a is not None and b is not None:
            self._set_pair(b, a)
            self._choice_changed()

    def _show(self, summary: str, html: str, columns: list[str]) -> None:
        self._summary.setText(summary)
        self._browser.setHtml(html)
        self._columns = columns

    def columns(self) -> list[str]:
        return list(self._columns)

    def text(self) -> str:
        return self._browser.toPlainText()

    # -- callbacks -----------------------------------------------------------------------------
    def _choice_changed(self) -> None:
        raise NotImplementedError
