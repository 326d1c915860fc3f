"""Importing files: one worker job per file, one progress bar for the batch, cancel between steps,
and one message per file that could not be imported (the others are)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.library import ImportResult
from app.gui.ops import library as lib_ops
from app.gui.runner import BULK, Cancelled, Handle
from app.gui.session import Session
from app.gui.views.progress_view import ProgressView


class ImportProgress(ProgressView):
    def __init__(self, importer: Importer, parent=None):
        super().__init__(parent)
        self.importer = importer
        importer.progress.connect(self.set_progress)
        importer.finished.connect(lambda _r: self.done())

    def _cancel_clicked(self) -> None:
        self.importer.cancel()


class Importer(QObject):
    progress = Signal(float, str)
    finished = Signal(object)  # list[ImportResult] of the batch
    imported = Signal(str)     # path of each file imported (for the recent files)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.results: list[ImportResult] = []
        self._total = 0
        self._shown = 0.0
        self._handle: Handle | None = None

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def import_files(self, paths: list[str]) -> None:
        if not paths:
            return
        if self._handle is None:
            self._handle = Handle("Importing")
            self.results, self._total, self._shown = [], 0, 0.0
        self._total += len(paths)  # all counted before any runs (a synchronous runner runs at once)
        self._report(str(paths[0]), 0.0, "queued")
        for path in paths:
            self.session.submit("Importing", lambda ctx, p=str(path): lib_ops.import_one(ctx.store, p, ctx.progress),
                                self._one_done, on_error=lambda exc, p=str(path): self._one_failed(p, exc),
                                on_progress=lambda f, m, p=str(path): self._report(p, f, m),
                                priority=BULK, handle=self._handle)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.progress.emit(self._shown, "Cancelling\u2026")

    def _fraction(self, current: float) -> float:
        return (len(self.results) + current) / max(1, self._total)

    def _report(self, path: str, fraction: float, message: str) -> None:
        n = min(len(self.results) + 1, self._total)
        self._shown = max(self._shown, self._fraction(fraction))  # the bar never goes back
        self.progress.emit(self._shown, f"Importing {Path(path).name} ({n} of {self._total}): {message}")

    def _one_done(self, result: ImportResult) -> None:
        self.results.append(result)
        if result.status == "imported":
            self.imported.emit(result.path)
        self._maybe_finish()

    def _one_failed(self, path: str, exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            self.results.append(ImportResult(path, "cancelled", None, f"{path}: not imported (cancelled)"))
        else:
            self.results.append(ImportResult(path, "refused", None, f"{path}: {exc}"))
        self._maybe_finish()

    def _maybe_finish(self) -> None:
        if len(self.results) < self._total:
            self._shown = max(self._shown, self._fraction(0.0))
            self.progress.emit(self._shown, f"Imported {len(self.results)} of {self._total} files\u2026")
            return
        results, self._handle = self.results, None
        self.finished.emit(results)


def summary(results: list[ImportResult]) -> tuple[str, list[str]]:
    """One line for the status bar, and one message per file that was not imported."""
    done = [r for r in results if r.status == "imported"]
    there = [r for r in results if r.status == "exists"]
    failed = [r for r in results if r.status == "refused"]
    cancelled = [r for r in results if r.status == "cancelled"]
    parts = [f"Imported {len(done)} of {len(results)} file{'s' if len(results) != 1 else ''}"]
    if there:
        parts.append(f"{len(there)} already in the library")
    if cancelled:
        parts.append(f"{len(cancelled)} cancelled")
    return "; ".join(parts) + ".", [r.message for r in failed]
