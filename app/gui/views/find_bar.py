"""The Ctrl+F bar under the text: Enter finds the next match, Shift+Enter the previous, Esc closes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    find_requested = Signal(str, bool)  # text, backwards
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findbar")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in document")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip("Enter: next match \u00b7 Shift+Enter: previous match \u00b7 Esc: close")
        self.count = QLabel("")
        prev_b, next_b, close_b = QToolButton(), QToolButton(), QToolButton()
        prev_b.setText("\u25b2")
        prev_b.setToolTip("Previous match (Shift+Enter)")
        next_b.setText("\u25bc")
        next_b.setToolTip("Next match (Enter)")
        close_b.setText("\u2715")
        close_b.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for b in (prev_b, next_b, close_b):
            b.setAutoRaise(True)
            layout.addWidget(b)
        prev_b.clicked.connect(lambda: self.find_requested.emit(self.edit.text(), True))
        next_b.clicked.connect(lambda: self.find_requested.emit(self.edit.text(), False))
        close_b.clicked.connect(self.close_bar)
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(lambda text: self.find_requested.emit(text, False))
        self.hide()

    def open_bar(self, text: str = "") -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, current: int, total: int, text: str) -> None:
        self.count.setText("" if not text else f"{current} of {total}" if total else "no match")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.find_requested.emit(self.edit.text(), backwards)
                return True
        return super().eventFilter(watched, event)
