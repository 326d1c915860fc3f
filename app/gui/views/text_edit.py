"""A read-only text pane with a gutter that marks where each page of the source begins.

Page markers are painted, not inserted, so a position in the pane is a position in the document's
text (through ``OffsetMap``), and highlights cover exactly the tagged characters.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

GUTTER_PAD = 6


class _Gutter(QWidget):
    def __init__(self, edit: TextPane):
        super().__init__(edit)
        self.edit = edit

    def sizeHint(self) -> QSize:
        return QSize(self.edit.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.edit.paint_gutter(self, event)


class TextPane(QPlainTextEdit):
    clicked = Signal(int)  # Qt position of a click that selected nothing

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._pages: list[tuple[int, int]] = []  # (Qt position, page number) of each page start
        self._gutter = _Gutter(self)
        self.updateRequest.connect(self._on_update)
        self._update_margins()

    # -- pages -------------------------------------------------------------------------------
    def set_page_starts(self, starts: list[tuple[int, int]]) -> None:
        self._pages = starts
        self._update_margins()
        self.viewport().update()

    def gutter_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("p. 9999") + 2 * GUTTER_PAD

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def _visible_pages(self):
        """(rectangle of the line, page number) of each page start on screen. Only the visible
        blocks are looked at: asking Qt where a far-off position is would lay out the whole text."""
        if not self._pages:
            return
        starts = [pos for pos, _ in self._pages]
        height = self.viewport().height()
        block = self.firstVisibleBlock()
        cursor = QTextCursor(self.document())
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
            if top > height:
                break
            lo, hi = block.position(), block.position() + block.length()
            for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
                cursor.setPosition(starts[k])
                yield self.cursorRect(cursor), self._pages[k][1]
            block = block.next()

    def paint_gutter(self, gutter: QWidget, event) -> None:
        painter = QPainter(gutter)
        pal = self.palette()
        painter.fillRect(event.rect(), pal.color(pal.ColorRole.AlternateBase))
        painter.setPen(pal.color(pal.ColorRole.PlaceholderText))
        for rect, number in self._visible_pages():
            painter.drawText(QRect(0, rect.top(), gutter.width() - GUTTER_PAD, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"p. {number}")

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        colour = QColor(self.palette().color(self.palette().ColorRole.PlaceholderText))
        colour.setAlpha(140)
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
        for rect, number in self._visible_pages():
            if number > 1:
                painter.drawLine(0, rect.top(), self.viewport().width(), rect.top())

    # -- clicks ------------------------------------------------------------------------------
    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self.clicked.emit(self.cursorForPosition(event.position().toPoint()).position())
