"""The page view: asks the worker to render the page a tag is on and boxes the tags."""

from __future__ import annotations

from PySide6.QtGui import QImage

from app.gui.ops import pages
from app.gui.ops.document import OpenDocument, TagInfo
from app.gui.session import Session
from app.gui.views.page_view import PageView

SCALE = 2.0  # rendered at 144 dpi, drawn at the width of the view


class PagePane(PageView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self._opened: OpenDocument | None = None
        self._page_no = 0
        self._request = 0
        self._rendered: pages.RenderedPage | None = None
        session.document_opened.connect(self.show_document)
        session.tag_selected.connect(self.show_tag)
        session.tag_updated.connect(lambda _t: self._restyle())

    def show_document(self, opened: OpenDocument) -> None:
        self._opened = opened
        self._rendered = None
        self._page_no = 0
        self.canvas().selected = None
        if opened.doc.format != "pdf":
            self.canvas().set_page(QImage(), 0, 0, [])
            self._set_page_count(1, 0)
            self._show_message(f"This document was imported from {opened.doc.format.upper()}; the page view "
                               "shows original PDF pages. Its text is in the Text view.")
            return
        self._page_wanted(1)

    def show_tag(self, tag: TagInfo | None) -> None:
        self.canvas().selected = tag.id if tag else None
        if tag is None or self._opened is None or self._opened.doc.format != "pdf":
            self.canvas().update()
            return
        if tag.page != self._page_no:
            self._page_wanted(tag.page)
        else:
            self.canvas().update()
            self._scroll_to_selected()

    def _scroll_to_selected(self) -> None:
        top = self.canvas().box_top(self.canvas().selected) if self.canvas().selected else None
        if top is not None:
            self._scroll_to(top)

    def _styled_boxes(self, rendered: pages.RenderedPage):
        tags = {t.id: t for t in self._opened.tags} if self._opened else {}
        return [(b.tag_id, tags[b.tag_id].label if b.tag_id in tags else b.label, b.rects, b.exact,
                 tags[b.tag_id].status if b.tag_id in tags else "") for b in rendered.boxes]

    def _restyle(self) -> None:
        if self._rendered is not None:
            self.canvas().boxes = self._styled_boxes(self._rendered)
            self.canvas().update()

    def _page_wanted(self, number: int) -> None:
        opened = self._opened
        if opened is None or opened.doc.format != "pdf" or number < 1:
            return
        if self._rendered is not None and self._rendered.page_count and number > self._rendered.page_count:
            return
        self._request += 1
        request = self._request

        def done(rendered: pages.RenderedPage):
            if request != self._request or opened is not self._opened:
                return  # a later page was asked for meanwhile
            self._show(rendered)
        self.session.submit("Rendering the page",
                            lambda ctx: pages.render_page(opened.doc, opened.tags, number, SCALE), done)

    def _show(self, rendered: pages.RenderedPage) -> None:
        self._rendered = rendered
        self._page_no = rendered.number
        self._set_page_count(rendered.number, rendered.page_count)
        self._show_message(rendered.message)
        if not rendered.pixels:
            self.canvas().set_page(QImage(), 0, 0, [])
            return
        image = QImage(rendered.pixels, rendered.pixel_width, rendered.pixel_height, rendered.stride,
                       QImage.Format.Format_ARGB32).copy()  # BGRA bytes are ARGB32 on little-endian
        self.canvas().set_page(image, rendered.width_pt, rendered.height_pt, self._styled_boxes(rendered))
        self._scroll_to_selected()

    def _box_clicked(self, tag_id: int) -> None:
        self.session.select_tag(tag_id)

    def shown_boxes(self) -> list[tuple[int, str]]:
        """(tag id, label) of the boxes on the page shown."""
        return [(b[0], b[1]) for b in self.canvas().boxes]
