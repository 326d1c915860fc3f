"""The detail panel of the selected tag: what it is, the review controls, then the sections that
explain it (quote, triggering words, carve-outs, note, other platforms, version changes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

SECTIONS = ("Quote", "Triggered by", "Why it was tagged", "Carve-outs and what the clause names",
            "Since the previous version", "At other platforms", "Interpretive note")


class DetailView(QWidget):
    def __init__(self, review: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self._empty = QLabel("Select a covenant in the text, on the page or in the list to see why it was "
                             "tagged, review it, and compare it with other platforms.")
        self._empty.setObjectName("hint")
        self._empty.setWordWrap(True)
        self._heading = QLabel()
        self._heading.setObjectName("heading")
        self._heading.setWordWrap(True)
        self._facts = QLabel()
        self._facts.setObjectName("meta")
        self._facts.setWordWrap(True)
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(6, 6, 6, 6)
        self._body.addWidget(self._heading)
        self._body.addWidget(self._facts)
        self._body.addWidget(review)
        self._sections: dict[str, tuple[QLabel, QLabel]] = {}
        for name in SECTIONS:
            title, text = QLabel(name), QLabel()
            title.setObjectName("section")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByMouse)
            text.setOpenExternalLinks(False)
            text.linkActivated.connect(self._link_activated)
            if name == "Quote":
                text.setObjectName("quote")
                text.setFrameShape(QFrame.Shape.StyledPanel)
            self._body.addWidget(title)
            self._body.addWidget(text)
            self._sections[name] = (title, text)
        self._body.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._empty)
        layout.addWidget(self._scroll, 1)
        self._show_empty(True)

    def _show_empty(self, empty: bool) -> None:
        self._empty.setVisible(empty)
        self._scroll.setVisible(not empty)

    def _set_heading(self, html: str, facts: str) -> None:
        self._heading.setText(html)
        self._facts.setText(facts)

    def _set_section(self, name: str, html: str) -> None:
        title, text = self._sections[name]
        text.setText(html)
        title.setVisible(bool(html))
        text.setVisible(bool(html))

    def section_text(self, name: str) -> str:
        """The section as plain text (what a reader sees)."""
        from PySide6.QtGui import QTextDocument
        doc = QTextDocument()
        doc.setHtml(self._sections[name][1].text())
        return doc.toPlainText()

    def _scroll_top(self) -> None:
        self._scroll.verticalScrollBar().setValue(0)

    # -- callbacks -----------------------------------------------------------------------------
    def _link_activated(self, link: str) -> None:
        raise NotImplementedError
