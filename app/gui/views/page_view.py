"""The original PDF page with the covenants boxed: a page bar above a scrollable page canvas."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import colours


class PageCanvas(QWidget):
    """Paints one rendered page at the width of the view, and the tag boxes over it."""

    box_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = QImage()
        self.width_pt = self.height_pt = 0.0
        self.boxes: list[tuple[int, str, tuple, bool, str]] = []  # tag id, label, rects, exact, status
        self.selected: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_page(self, image: QImage, width_pt: float, height_pt: float, boxes) -> None:
        self.image, self.width_pt, self.height_pt, self.boxes = image, width_pt, height_pt, boxes
        self._fit()
        self.update()

    def _zoom(self) -> float:
        return self.width() / self.width_pt if self.width_pt else 1.0

    def _fit(self) -> None:
        if self.width_pt:
            self.setFixedHeight(int(self.height_pt * self._zoom()) + 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def box_rect(self, rect) -> QRectF:
        z = self._zoom()
        x0, top, x1, bottom = rect
        return QRectF(x0 * z - 2, top * z - 2, (x1 - x0) * z + 4, (bottom - top) * z + 4)

    def paintEvent(self, event) -> None:
        if self.image.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QRectF(0, 0, self.width(), self.height()), self.image)
        # the page is paper whatever the palette: light-palette colours
        for tag_id, label, rects, exact, status in self.boxes:
            selected = tag_id == self.selected
            pen = QPen(colours.strong(label, False), 3 if selected else 1.5)
            if not exact or status == "rejected":
                pen.setStyle(Qt.PenStyle.DashLine)
            fill = QColor(colours.highlight(label, False))
            fill.setAlpha(0 if status == "rejected" else 110 if selected else 60)
            painter.setPen(pen)
            painter.setBrush(fill)
            for r in rects:
                painter.drawRect(self.box_rect(r))

    def box_at(self, point: QPointF) -> int | None:
        hits = [(self.box_rect(r).width() * self.box_rect(r).height(), tag_id)
                for tag_id, _l, rects, _e, _s in self.boxes for r in rects if self.box_rect(r).contains(point)]
        return min(hits)[1] if hits else None

    def box_top(self, tag_id: int) -> int | None:
        tops = [self.box_rect(r).top() for t, _l, rects, _e, _s in self.boxes if t == tag_id for r in rects]
        return int(min(tops)) if tops else None

    def mousePressEvent(self, event) -> None:
        found = self.box_at(event.position())
        if found is not None:
            self.box_clicked.emit(found)


class PageView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageview")
        self._prev, self._next = QToolButton(), QToolButton()
        self._prev.setText("\u25c0")
        self._prev.setToolTip("Previous page (Page Up)")
        self._next.setText("\u25b6")
        self._next.setToolTip("Next page (Page Down)")
        self._number = QSpinBox()
        self._number.setMinimum(1)
        self._number.setToolTip("Page of the original PDF")
        self._count = QLabel("")
        self._message = QLabel("Open a PDF document to see its original pages here.")
        self._message.setObjectName("hint")
        self._message.setWordWrap(True)
        self._legend = QLabel("Boxes mark the covenants found on this page; dashed boxes are approximate "
                              "(the block holding the words) or rejected tags.")
        self._legend.setObjectName("meta")
        self._legend.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self._prev)
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self._number)
        bar.addWidget(self._count)
        bar.addWidget(self._next)
        bar.addSpacing(12)
        bar.addWidget(self._legend, 1)
        self._canvas = PageCanvas()
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(self._canvas)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self._message)
        layout.addWidget(self._scroll, 1)
        self._prev.clicked.connect(lambda: self._page_wanted(self._number.value() - 1))
        self._next.clicked.connect(lambda: self._page_wanted(self._number.value() + 1))
        self._number.editingFinished.connect(lambda: self._page_wanted(self._number.value()))
        self._canvas.box_clicked.connect(self._box_clicked)
        self._canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for w in (self._scroll, self._canvas):
            w.installEventFilter(self)

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _set_page_count(self, number: int, count: int) -> None:
        self._number.blockSignals(True)
        self._number.setMaximum(max(1, count))
        self._number.setValue(number)
        self._number.blockSignals(False)
        self._count.setText(f"of {count}" if count else "")
        self._prev.setEnabled(number > 1)
        self._next.setEnabled(number < count)

    def canvas(self) -> PageCanvas:
        return self._canvas

    def _scroll_to(self, y: int) -> None:
        self._scroll.verticalScrollBar().setValue(max(0, y - 80))

    def eventFilter(self, watched, event) -> bool:
        """Page Down at the foot of a page turns to the next page, Page Up at its head to the
        previous one, as in a PDF reader; elsewhere they scroll."""
        if watched in (self._scroll, self._canvas) and event.type() == QEvent.Type.KeyPress:
            bar = self._scroll.verticalScrollBar()
            if event.key() == Qt.Key.Key_PageDown:
                if bar.value() >= bar.maximum():
                    self._page_wanted(self._number.value() + 1)
                else:
                    bar.setValue(bar.value() + bar.pageStep())
                return True
            if event.key() == Qt.Key.Key_PageUp:
                if bar.value() <= bar.minimum():
                    self._page_wanted(self._number.value() - 1)
                else:
                    bar.setValue(bar.value() - bar.pageStep())
                return True
        return super().eventFilter(watched, event)

    # -- callbacks -----------------------------------------------------------------------------
    def _page_wanted(self, number: int) -> None:
        raise NotImplementedError

    def _box_clicked(self, tag_id: int) -> None:
        raise NotImplementedError
