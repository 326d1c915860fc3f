"""The export dialog: writes the memo on the worker, with progress and cancel, then opens it."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.gui.ops import views as view_ops
from app.gui.runner import Cancelled
from app.gui.session import Session
from app.gui.settings import Settings
from app.gui.views.export_view import ExportView


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "memo"


class ExportDialog(ExportView):
    def __init__(self, session: Session, settings: Settings, parent=None, open_when_done: bool = True):
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.written: Path | None = None
        self._handle = None
        current = session.document.doc.id if session.document else None
        for platform in session.tree:
            for d in platform.documents:
                for v in reversed(d.versions):
                    label = f", version {v.label}" if v.label and v.label != v.date else ""
                    label += f" ({v.date})" if v.date else ""
                    self._add_document(f"{platform.display_name}: {d.name}{label}", v.document_id,
                                       v.document_id == current)
        title = session.document.title if session.document else "memo"
        self._set_path(str(Path(settings.folder("export")) / f"{_slug(title)}-memo.pdf"))
        self._open.setChecked(open_when_done)
        self._reviewer.setText(settings.value("export/reviewer"))
        self._pdf.setChecked(settings.value("export/format", "pdf") != "docx")
        self._docx.setChecked(not self._pdf.isChecked())

    def _format_changed(self) -> None:
        path = self._values()["path"]
        if path:
            self._set_path(str(Path(path).with_suffix("." + self._format())))

    def _browse_clicked(self) -> None:
        fmt = self._format()
        path, _ = QFileDialog.getSaveFileName(self, "Save the memo as", self._values()["path"],
                                              f"{fmt.upper()} files (*.{fmt})")
        if path:
            self._set_path(path)

    def _export_clicked(self) -> None:
        docs, values, fmt = self._checked_documents(), self._values(), self._format()
        if not docs:
            self._set_message("Tick at least one document for the memo.")
            return
        if not values["path"]:
            self._set_message("Choose where to save the memo.")
            return
        out = Path(values["path"]).expanduser()
        if out.suffix.lower() != "." + fmt:
            out = out.with_suffix("." + fmt)
        self.settings.set_folder("export", str(out.parent))
        self.settings.set_value("export/reviewer", values["reviewer"])
        self.settings.set_value("export/format", fmt)
        self._busy(True)
        self._set_progress(0.0, "Building the memo\u2026")
        self._handle = self.session.submit(
            "Exporting the memo",
            lambda ctx: view_ops.export(ctx.store, docs, str(out), fmt, values["matter"], values["reviewer"],
                                        values["compare"], ctx.progress),
            lambda path: self._done(Path(path), values["open"]),
            on_error=self._failed, on_progress=self._set_progress)

    def _done(self, path: Path, open_it: bool) -> None:
        self._handle = None
        self.written = path
        self._busy(False)
        self._set_message(f"Memo written to {path}")
        self.session.message.emit(f"Memo written to {path}")
        if open_it:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._handle = None
        self._busy(False)
        self._set_message("Export cancelled." if isinstance(exc, Cancelled) else f"The memo could not be written: {exc}")

    def _cancel_clicked(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._set_message("Cancelling\u2026")
        else:
            self.reject()
