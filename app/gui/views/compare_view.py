"""The comparison: one column per platform, one row per wording variant, differences marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.gui.views.widgets import compact

COLUMN_WIDTH = 250


class CompareView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare")
        self._type = compact(QComboBox())
        self._type.setToolTip("The covenant type to compare across platforms")
        self._scope = compact(QComboBox())
        self._scope.addItem("Latest version of each document", "latest")
        self._scope.addItem("Every version (older licences still bind their models)", "all")
        self._scope.setToolTip("Compare the market as it stands, or every version in the library")
        self._summary = QLabel("")
        self._summary.setObjectName("heading")
        self._summary.setWordWrap(True)
        self._note = QLabel("")
        self._note.setObjectName("meta")
        self._note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Covenant"))
        bar.addWidget(self._type, 2)
        bar.addWidget(self._scope, 2)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(8)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(self._grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self._summary)
        layout.addWidget(self._note)
        layout.addWidget(self._scroll, 1)
        self._headers: list[str] = []
        self._cells: dict[tuple[int, int], QLabel] = {}
        self._type.activated.connect(lambda _i: self._choice_changed())
        self._scope.activated.connect(lambda _i: self._choice_changed())

    # -- protected API -------------------------------------------------------------------------
    def _set_types(self, items: list[tuple[str, str]]) -> None:
        self._type.clear()
        for text, value in items:
            self._type.addItem(text, value)

    def _choice(self) -> tuple[str, str]:
        return self._type.currentData() or "", self._scope.currentData() or "latest"

    def _set_type(self, label: str) -> None:
        self._type.setCurrentIndex(max(0, self._type.findData(label)))

    def _set_scope(self, scope: str) -> None:
        self._scope.setCurrentIndex(max(0, self._scope.findData(scope)))

    def _set_summary(self, summary: str, note: str = "") -> None:
        self._summary.setText(summary)
        self._note.setText(note)
        self._note.setVisible(bool(note))

    def _clear_grid(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._headers, self._cells = [], {}

    def _cell(self, row: int, col: int, html: str, tip: str = "", kind: str = "cell") -> QLabel:
        label = QLabel(html)
        label.setObjectName(kind)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setFrameShape(QFrame.Shape.StyledPanel if kind == "cell" else QFrame.Shape.NoFrame)
        label.setFixedWidth(COLUMN_WIDTH if col else 120)
        label.setToolTip(tip)
        label.setMargin(4)
        self._grid.addWidget(label, row, col)
        self._cells[(row, col)] = label
        return label

    def columns(self) -> list[str]:
        """The platform headers, left to right."""
        return list(self._headers)

    def cell_text(self, row: int, col: int) -> str:
        label = self._cells.get((row, col))
        if label is None:
            return ""
        from PySide6.QtGui import QTextDocument
        doc = QTextDocument()
        doc.setHtml(label.text())
        return doc.toPlainText()

    # -- callbacks -----------------------------------------------------------------------------
    def _choice_changed(self) -> None:
        raise NotImplementedError
