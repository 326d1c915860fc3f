"""What the panes of the window share: the runner, the open document and the selected tag.

Panes never call each other; they ask the session and listen to its signals. Each request is a
one-line wrapper around an ``app.gui.ops`` call run on the worker (as Anki's operations are).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.gui.ops import document as doc_ops
from app.gui.ops import library as lib_ops
from app.gui.ops.document import OpenDocument, TagInfo


class Session(QObject):
    library_changed = Signal(object)      # list[PlatformInfo]
    document_opened = Signal(object)      # OpenDocument
    tag_selected = Signal(object)         # TagInfo | None
    tag_updated = Signal(object)          # TagInfo (after a review edit was saved)
    range_requested = Signal(int, int)    # show text[start:end] of the open document (search hits)
    view_requested = Signal(str)          # "text", "page", "compare", "diff", "search"
    message = Signal(str)                 # a line for the status bar
    error = Signal(str, str)              # title, one-line message for a dialog
    saved = Signal(str)                   # what was saved (review edits)
    pipeline_ready = Signal(str)          # pipeline version

    def __init__(self, runner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.document: OpenDocument | None = None
        self.tag: TagInfo | None = None
        self.pipeline_version = ""
        self.tree: list = []  # the last library snapshot (platform > document > version)
        runner.failed.connect(lambda name, msg: self.error.emit(name, msg))

    def submit(self, name, fn, on_done=None, **kw):
        return self.runner.submit(name, fn, on_done, **kw)

    # -- library ---------------------------------------------------------------------------
    def refresh_library(self, then=None) -> None:
        def done(tree):
            self.tree = tree
            self.library_changed.emit(tree)
            if then:
                then()
        self.submit("Reading the library", lambda ctx: lib_ops.tree(ctx.store), done)

    def load_pipeline(self) -> None:
        def done(version):
            self.pipeline_version = version
            self.pipeline_ready.emit(version)
        from app.gui.runner import BULK
        self.submit("Loading the tagging pipeline", lambda ctx: lib_ops.load_pipeline(), done, priority=BULK)

    # -- the open document -----------------------------------------------------------------
    def open_document(self, doc_id: int, select: int | None = None, show: tuple[int, int] | None = None) -> None:
        """Open a stored file; then select tag ``select`` or show the range ``show``."""
        def done(opened: OpenDocument):
            had_tag = self.tag is not None
            self.document = opened
            self.tag = None
            if had_tag:
                self.tag_selected.emit(None)  # the panes let go of the previous document's tag
            self.document_opened.emit(opened)
            if select is not None:
                self.select_tag(select)
            elif show is not None:
                self.range_requested.emit(*show)
        self.submit("Opening the document", lambda ctx: doc_ops.open_document(ctx.store, doc_id), done)

    def select_tag(self, tag_id: int | None) -> None:
        if self.document is None:
            return
        tag = next((t for t in self.document.tags if t.id == tag_id), None)
        if tag is not None and self.tag is not None and tag.id == self.tag.id:
            return
        self.tag = tag
        self.tag_selected.emit(tag)

    def save_review(self, tag: TagInfo, **changes) -> None:
        """Save one edit now (status, label, severity or note); the panes update when it is stored."""
        doc_id = self.document.doc.id if self.document else None

        def done(updated: TagInfo):
            current = self.document
            # the document may have been opened again meanwhile (a new object, maybe read before
            # this edit was stored): the edit goes to whichever copy of it is open
            if current is not None and current.doc.id == doc_id:
                current.tags = [updated if t.id == updated.id else t for t in current.tags]
                if self.tag is not None and self.tag.id == updated.id:
                    self.tag = updated
                self.tag_updated.emit(updated)
            self.saved.emit(", ".join(changes))
        self.submit("Saving the review", lambda ctx: doc_ops.set_review(ctx.store, tag, **changes), done)
