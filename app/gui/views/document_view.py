"""The document pane: a header line, the text with highlighted covenants, and the find bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.gui.views.find_bar import FindBar
from app.gui.views.text_edit import TextPane


class DocumentView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("document")
        self._title = QLabel("No document open")
        self._title.setObjectName("title")
        self._title.setWordWrap(True)
        self._meta = QLabel("Choose a version in the library, or import a file (Ctrl+O).")
        self._meta.setObjectName("meta")
        self._meta.setWordWrap(True)
        self._text = TextPane()
        self._text.setAccessibleName("Document text")
        self._text.setToolTip("")
        self._find = FindBar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self._title)
        layout.addWidget(self._meta)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._find)
        self._text.clicked.connect(self._text_clicked)
        self._find.find_requested.connect(self._find_requested)
        self._find.closed.connect(self._text.setFocus)

    def _set_header(self, title: str, meta: str) -> None:
        self._title.setText(title)
        self._meta.setText(meta)

    def text_pane(self) -> TextPane:
        return self._text

    def find_bar(self) -> FindBar:
        return self._find

    # -- callbacks -----------------------------------------------------------------------------
    def _text_clicked(self, position: int) -> None:
        raise NotImplementedError

    def _find_requested(self, text: str, backwards: bool) -> None:
        raise NotImplementedError
