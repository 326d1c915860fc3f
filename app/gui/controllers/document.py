"""The document's text with each covenant highlighted in its type's colour."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip

from app.gui import colours
from app.gui.controllers.highlights import Highlights
from app.gui.offsets import OffsetMap
from app.gui.ops.document import OpenDocument, TagInfo
from app.gui.session import Session
from app.gui.views.document_view import DocumentView

LABEL, TAG_ID = QTextFormat.Property.UserProperty, QTextFormat.Property.UserProperty + 1


def header(opened: OpenDocument) -> tuple[str, str]:
    d = opened.doc
    parts = [d.platform or "unknown platform", f"version {opened.version_label}" if opened.version_label else "",
             d.date, f"{len(d.pages)} page{'s' if len(d.pages) != 1 else ''}", d.format.upper(),
             f"{len(opened.tags)} covenant tag{'s' if len(opened.tags) != 1 else ''}"]
    return opened.title, " \u00b7 ".join(p for p in parts if p)


class DocumentPane(DocumentView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self._opened: OpenDocument | None = None
        self._map = OffsetMap("")
        self.highlights = Highlights(self.text_pane(), self._format)
        session.document_opened.connect(self.show_document)
        session.tag_selected.connect(self.show_tag)
        session.tag_updated.connect(self.highlights.restyle)
        session.range_requested.connect(self.show_range)
        self.text_pane().viewport().installEventFilter(self)

    # -- showing -------------------------------------------------------------------------------
    def show_document(self, opened: OpenDocument) -> None:
        self._opened = opened
        self._map = OffsetMap(opened.doc.text)
        pane = self.text_pane()
        pane.setPlainText(opened.doc.text)
        pane.set_page_starts([(self._map.to_qt(p.start), p.number) for p in opened.doc.pages])
        self._set_header(*header(opened))
        self.highlights.load(opened.tags, self._map)
        self.highlights.selected = self.session.tag.id if self.session.tag else None
        pane.moveCursor(QTextCursor.MoveOperation.Start)
        self.highlights.paint()

    def _format(self, tag: TagInfo, selected: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        dark = colours.is_dark()  # the application palette: it changes first when the system switches
        if selected:
            fmt.setBackground(colours.strong(tag.label, dark))
            fmt.setForeground(QColor("black") if dark else QColor("white"))
        elif tag.status == "rejected":
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(colours.strong(tag.label, dark))
            fmt.setForeground(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        else:
            fmt.setBackground(colours.highlight(tag.label, dark))
            if tag.status == "accepted":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(colours.strong(tag.label, dark))
        fmt.setProperty(LABEL, tag.label)
        fmt.setProperty(TAG_ID, tag.id)
        return fmt

    def refresh_highlights(self) -> None:
        """Paint again with the current palette (the system switched between light and dark)."""
        self.highlights.restyle()

    def highlighted_spans(self) -> list[tuple[int, int, str, int]]:
        """(start, end, label, tag id) of every covenant highlighted now (those on and around the
        screen), in document offsets."""
        out = []
        for sel in self.text_pane().extraSelections():
            label = sel.format.property(LABEL)
            if label:
                out.append((self._map.from_qt(sel.cursor.selectionStart()),
                            self._map.from_qt(sel.cursor.selectionEnd()), label, sel.format.property(TAG_ID)))
        return sorted(out)

    def show_tag(self, tag: TagInfo | None) -> None:
        if tag is not None:
            self._scroll_to(tag.start)
        self.highlights.select(tag.id if tag else None)

    def show_range(self, start: int, end: int) -> None:
        sel = QTextEdit.ExtraSelection()
        sel.cursor = self.highlights.cursor(start, end)
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette().color(self.palette().ColorRole.Highlight))
        fmt.setForeground(self.palette().color(self.palette().ColorRole.HighlightedText))
        sel.format = fmt
        self.highlights.extra = sel
        self._scroll_to(start)
        self.highlights.paint()

    def _scroll_to(self, offset: int) -> None:
        pane = self.text_pane()
        cursor = QTextCursor(pane.document())
        cursor.setPosition(self._map.to_qt(offset))
        pane.setTextCursor(cursor)
        pane.centerCursor()

    def tags_at(self, offset: int) -> list[TagInfo]:
        if self._opened is None:
            return []
        return sorted((t for t in self._opened.tags if t.start <= offset < t.end), key=lambda t: t.end - t.start)

    # -- callbacks -----------------------------------------------------------------------------
    def _text_clicked(self, position: int) -> None:
        found = self.tags_at(self._map.from_qt(position))
        if found:
            self.session.select_tag(found[0].id)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self._opened is not None:
            pos = self.text_pane().cursorForPosition(event.pos()).position()
            found = self.tags_at(self._map.from_qt(pos))
            if found:
                QToolTip.showText(event.globalPos(), "\n".join(
                    f"{t.name} \u00b7 {t.severity} severity \u00b7 {t.status}" for t in found), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def _find_requested(self, text: str, backwards: bool) -> None:
        pane = self.text_pane()
        if not text:
            self.find_bar().set_count(0, 0, "")
            return
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        current = pane.textCursor()
        if not backwards and current.selectedText().casefold() != text.casefold():
            current.setPosition(current.selectionStart())  # typing refines the match in place
            pane.setTextCursor(current)
        if not pane.find(text, flags):  # wrap around
            pane.moveCursor(QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start)
            pane.find(text, flags)
        starts, cursor = [], QTextCursor(pane.document())
        while True:
            cursor = pane.document().find(text, cursor)
            if cursor.isNull():
                break
            starts.append(cursor.selectionStart())
        here = pane.textCursor().selectionStart() if pane.textCursor().hasSelection() else -1
        current = starts.index(here) + 1 if here in starts else 0
        self.find_bar().set_count(current, len(starts), text)
        pane.centerCursor()

    def open_find(self) -> None:
        selected = self.text_pane().textCursor().selectedText()
        self.find_bar().open_bar(selected if selected and "\u2029" not in selected else "")

