"""Review controls: every edit is saved as it is made (a note once typing pauses)."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QTimer

from app.gui.ops.document import TagInfo, covenant_types
from app.gui.session import Session
from app.gui.views.review_view import ReviewView

NOTE_PAUSE_MS = 500


class ReviewControls(ReviewView):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self._tag: TagInfo | None = None
        self._dirty = False  # the note was typed into and not saved yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        types = sorted(covenant_types().values(), key=lambda t: t.name.lower())
        self._set_labels([(t.name, t.id) for t in types])
        session.tag_selected.connect(self.show_tag)
        session.tag_updated.connect(self._tag_updated)
        self.setEnabled(False)

    def show_tag(self, tag: TagInfo | None) -> None:
        self.flush()
        self._tag = tag
        self.setEnabled(tag is not None)
        self._set_saved("")
        if tag is not None:
            self._show(tag.status, tag.label, tag.severity, tag.note)

    def _tag_updated(self, tag: TagInfo) -> None:
        if self._tag is not None and tag.id == self._tag.id:
            self._tag = tag
            # a note being typed stays as typed; otherwise show the note as saved
            self._show(tag.status, tag.label, tag.severity, self._note_text() if self._dirty else tag.note)
            self._set_saved(f"Saved at {time.strftime('%H:%M:%S')}" if not self._dirty else "Editing\u2026")

    def flush(self) -> None:
        """Save a note still waiting for the typing pause (on switching tags, on closing)."""
        self._timer.stop()
        if self._dirty and self._tag is not None:
            self._dirty = False
            if self._note_text() != self._tag.note:
                self._tag = replace(self._tag, note=self._note_text())
                self.session.save_review(self._tag, note=self._note_text())

    # -- callbacks -----------------------------------------------------------------------------
    def _status_chosen(self, status: str) -> None:
        if self._tag is not None:
            self.session.save_review(self._tag, status=status)

    def _label_chosen(self, label: str) -> None:
        if self._tag is not None and label and label != self._tag.label:
            self.session.save_review(self._tag, label=label)

    def _severity_chosen(self, severity: str) -> None:
        if self._tag is not None and severity != self._tag.severity:
            self.session.save_review(self._tag, severity=severity)

    def _note_edited(self) -> None:
        self._dirty = True
        self._set_saved("Editing\u2026")
        self._timer.start()

    # -- actions of the window -----------------------------------------------------------------
    def set_status(self, status: str) -> None:
        self._status_chosen(status)
