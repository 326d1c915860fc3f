"""The covenant highlights of the text pane.

Qt lays out every line an extra selection touches when the selections are set, which on a long
document (a hundred pages, thousands of tags) would hold the GUI thread for a tenth of a second
or more. So only the tags on and around the screen are painted, about a screen's worth of text
either side, and the set is renewed when scrolling leaves it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from app.gui.offsets import OffsetMap
from app.gui.ops.document import TagInfo
from app.gui.views.text_edit import TextPane

MIN_MARGIN = 20_000  # characters painted beyond the screen on each side, at least


class Highlights:
    def __init__(self, pane: TextPane, fmt: Callable[[TagInfo, bool], QTextCharFormat]):
        self.pane, self.fmt = pane, fmt
        self.map = OffsetMap("")
        self.tags: dict[int, TagInfo] = {}
        self._by_start: list[TagInfo] = []
        self._starts: list[int] = []
        self._longest = 0
        self._cache: dict[int, QTextEdit.ExtraSelection] = {}
        self.selected: int | None = None
        self.extra: QTextEdit.ExtraSelection | None = None  # a search match shown
        self.painted: tuple[int, int] = (0, 0)  # document offsets covered by the painted set
        pane.verticalScrollBar().valueChanged.connect(lambda _v: self._follow())

    def load(self, tags: list[TagInfo], offsets: OffsetMap) -> None:
        self.map = offsets
        self.tags = {t.id: t for t in tags}
        self._by_start = sorted(tags, key=lambda t: t.start)
        self._starts = [t.start for t in self._by_start]
        self._longest = max((t.end - t.start for t in tags), default=0)
        self._cache = {}
        self.extra = None
        self.painted = (0, 0)

    def cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.pane.document())
        cursor.setPosition(self.map.to_qt(start))
        cursor.setPosition(self.map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def restyle(self, tag: TagInfo | None = None) -> None:
        """Re-format one tag (after a review edit), or all (a palette change)."""
        if tag is None:
            self._cache = {}
        else:
            self.tags[tag.id] = tag
            self._cache.pop(tag.id, None)
        self.paint()

    def select(self, tag_id: int | None) -> None:
        for old in (self.selected, tag_id):
            self._cache.pop(old, None)
        self.selected = tag_id
        self.paint()

    def _screen(self) -> tuple[int, int]:
        viewport = self.pane.viewport()
        top = self.pane.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.pane.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return self.map.from_qt(top), self.map.from_qt(bottom)

    def _follow(self) -> None:
        lo, hi = self._screen()
        if lo < self.painted[0] or hi > self.painted[1]:
            self.paint()

    def paint(self) -> None:
        lo, hi = self._screen()
        margin = max(MIN_MARGIN, hi - lo)
        lo, hi = max(0, lo - margin), hi + margin
        first = bisect.bisect_left(self._starts, lo - self._longest)
        last = bisect.bisect_left(self._starts, hi)
        shown = [t for t in self._by_start[first:last] if t.end > lo]
        if self.selected in self.tags and self.tags[self.selected] not in shown:
            shown.append(self.tags[self.selected])
        # longest first: a short tag inside a long one is painted over it and stays visible;
        # the selected tag last, over everything
        shown.sort(key=lambda t: (t.id == self.selected, -(t.end - t.start), t.start))
        batch = QTextCursor(self.pane.document())
        batch.beginEditBlock()  # a cursor made inside an edit block does not lay out its line
        selections = [self._selection(self.tags[t.id]) for t in shown]
        batch.endEditBlock()
        if self.extra is not None:
            selections.append(self.extra)
        self.painted = (lo, hi)
        self.pane.setExtraSelections(selections)

    def _selection(self, tag: TagInfo) -> QTextEdit.ExtraSelection:
        sel = self._cache.get(tag.id)
        if sel is None:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self.cursor(tag.start, tag.end)
            sel.format = self.fmt(tag, tag.id == self.selected)
            self._cache[tag.id] = sel
        return sel
