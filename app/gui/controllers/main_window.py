"""The main window: builds the panes around one session, wires the actions, starts the worker,
and remembers its state."""

from __future__ import annotations

from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app import __version__
from app.core.ingest import FORMATS
from app.gui.controllers.compare import ComparePane
from app.gui.controllers.covenants import CovenantList
from app.gui.controllers.detail import DetailPanel
from app.gui.controllers.diff import DiffPane
from app.gui.controllers.document import DocumentPane
from app.gui.controllers.export import ExportDialog
from app.gui.controllers.importer import Importer, ImportProgress, summary
from app.gui.controllers.library import LibraryTree
from app.gui.controllers.page import PagePane
from app.gui.controllers.review import ReviewControls
from app.gui.controllers.search import SearchPane
from app.gui.ops import library as lib_ops
from app.gui.session import Session
from app.gui.settings import Settings
from app.gui.views.dialogs import AboutDialog, ShortcutsDialog
from app.gui.views.main_window_view import MainWindowView

FILE_FILTER = ("Licences and terms (" + " ".join(f"*{s}" for s in sorted(FORMATS)) + ");;All files (*)")


def _expand(paths: list[str]) -> list[str]:
    """Dropped folders stand for the supported files directly inside them."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(str(f) for f in p.iterdir() if f.suffix.lower() in FORMATS and f.is_file())
        else:
            out.append(str(p))
    return out


class MainWindow(MainWindowView):
    ready = Signal()  # shown, and the library is on screen

    def __init__(self, runner, settings: Settings, library_path: str = "", load_demo: bool = True):
        session = Session(runner)
        importer = Importer(session)
        review = ReviewControls(session)
        panes = {"library": LibraryTree(session), "text": DocumentPane(session), "page": PagePane(session),
                 "compare": ComparePane(session), "diff": DiffPane(session), "search": SearchPane(session),
                 "covenants": CovenantList(session), "detail": DetailPanel(session, review)}
        progress = ImportProgress(importer)
        super().__init__(panes, progress)
        self.session, self.importer, self.review, self.panes = session, importer, review, panes
        self.progress_view = progress
        session.setParent(self)
        importer.setParent(self)
        self.settings = settings
        self.library_path = library_path
        self._load_demo = load_demo
        self._started = False
        self._connect()
        self._restore()
        self._set_recent(settings.recent_files())
        self._set_pipeline_status("Tagging pipeline: loading\u2026", "Loaded in the background; importing waits for it")

    # -- wiring ----------------------------------------------------------------------------------
    def _connect(self) -> None:
        a, s = self.actions, self.session
        a["import"].triggered.connect(self.choose_files)
        a["export"].triggered.connect(self.export)
        a["quit"].triggered.connect(self.close)
        a["find"].triggered.connect(self.find)
        a["accept"].triggered.connect(lambda: self.review.set_status("accepted"))
        a["reject"].triggered.connect(lambda: self.review.set_status("rejected"))
        a["clear"].triggered.connect(lambda: self.review.set_status("unreviewed"))
        for key in ("relabel", "severity", "note"):
            a[key].triggered.connect(lambda _c=False, k=key: self._focus_review(k))
        a["next"].triggered.connect(lambda: self.panes["covenants"].step(1))
        a["previous"].triggered.connect(lambda: self.panes["covenants"].step(-1))
        for key in ("text", "page", "compare", "diff"):
            a[key].triggered.connect(lambda _c=False, k=key: self.show_tab(k))
        a["search"].triggered.connect(self._search)
        a["library"].triggered.connect(lambda: (self.library_dock().show(), self.panes["library"].tree().setFocus()))
        a["covenants"].triggered.connect(lambda: self.panes["covenants"].table().setFocus())
        a["shortcuts"].triggered.connect(lambda: ShortcutsDialog(self).open())
        a["about"].triggered.connect(self.about)
        for key in ("accept", "reject", "clear", "relabel", "severity", "note"):
            a[key].setEnabled(False)
        s.tag_selected.connect(lambda tag: [a[k].setEnabled(tag is not None) for k in
                                            ("accept", "reject", "clear", "relabel", "severity", "note")])
        s.view_requested.connect(self.show_tab)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        s.saved.connect(lambda what: self.statusBar().showMessage(f"Saved ({what})", 3000))
        s.error.connect(self._error)
        s.runner.library_failed.connect(self._library_failed)
        s.pipeline_ready.connect(lambda v: self._set_pipeline_status(f"Tagging pipeline {v}",
                                                                     "The spaCy pipeline is loaded"))
        s.document_opened.connect(self._document_opened)
        self.importer.finished.connect(self._imported)
        self.importer.imported.connect(self._remember)

    def _restore(self) -> None:
        geometry, state = self.settings.geometry(), self.settings.state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        split = self.settings.splitter("side")
        if split is not None:
            self.side_splitter().restoreState(split)

    # -- start and stop ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker: first start (demo library), the tree, the last document; then the
        pipeline, in the background."""
        if self._started:
            return
        self._started = True
        self.session.runner.start()
        if self._load_demo:
            def loaded(text: str) -> None:
                self.progress_view.done()
                if text:
                    self.statusBar().showMessage(text, 8000)
            self.session.submit("Loading the demo library", lambda ctx: lib_ops.first_start(ctx.store, ctx.progress),
                                loaded, on_error=lambda _exc: self.progress_view.done(),
                                on_progress=lambda f, m: self.progress_view.set_progress(
                                    f, f"First start: loading the demo library ({m})"))
        self.session.refresh_library(then=self._open_initial)
        QTimer.singleShot(0, self.session.load_pipeline)

    def _open_initial(self) -> None:
        ids = [v.document_id for p in self.session.tree for d in p.documents for v in d.versions]
        last = self.settings.last_document()
        first = next((d.latest.document_id for p in self.session.tree for d in p.documents), None)
        target = last if last in ids else first
        if target is not None and self.session.document is None:
            self.session.open_document(target)
        self.ready.emit()

    def closeEvent(self, event) -> None:
        self.review.flush()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.save_splitter("side", self.side_splitter().saveState())
        if self.session.document is not None:
            self.settings.set_last_document(self.session.document.doc.id)
        self.settings.sync()
        self.hide()
        self.session.runner.shutdown()
        super().closeEvent(event)

    # -- actions -----------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import licences or terms", self.settings.folder("import"),
                                                FILE_FILTER)
        if paths:
            self.settings.set_folder("import", str(Path(paths[0]).parent))
            self.import_files(paths)

    def import_files(self, paths: list[str]) -> None:
        self.importer.import_files(_expand(paths))

    def _files_dropped(self, paths: list[str]) -> None:
        self.import_files(paths)

    def _recent_chosen(self, path: str) -> None:
        self.import_files([path])  # already imported: opens it

    def _recent_cleared(self) -> None:
        self.settings.clear_recent()
        self._set_recent([])

    def _remember(self, path: str) -> None:
        self.settings.add_recent(path)
        self._set_recent(self.settings.recent_files())

    def _imported(self, results) -> None:
        line, failures = summary(results)
        self.statusBar().showMessage(line, 10000)
        for r in results:
            if r.status == "exists":
                self.settings.add_recent(r.path)
        self._set_recent(self.settings.recent_files())
        opened = [r.document_id for r in results if r.status in ("imported", "exists") and r.document_id]
        self.session.refresh_library(then=lambda: opened and self.session.open_document(opened[-1]))
        if failures:
            self._error("Some files were not imported", "\n\n".join(failures), line)

    def export(self) -> ExportDialog:
        dialog = ExportDialog(self.session, self.settings, self)
        dialog.open()
        return dialog

    def find(self) -> None:
        self.show_tab("text")
        self.panes["text"].open_find()

    def _search(self) -> None:
        self.show_tab("search")
        self.panes["search"].focus_query()

    def _focus_review(self, what: str) -> None:
        self.panes["detail"].show()
        self.review.focus(what)

    def about(self) -> AboutDialog:
        dialog = AboutDialog(__version__, self.session.pipeline_version or "loading\u2026", self.library_path,
                             pyside_version, self)
        dialog.open()
        return dialog

    def _document_opened(self, opened) -> None:
        self.setWindowTitle(f"{opened.title} \u2014 ClauseLens")
        self.settings.set_last_document(opened.doc.id)

    def _tab_changed(self, key: str) -> None:
        pass

    def _error(self, title: str, message: str, summary_line: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, summary_line or title, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(message)
        box.open()
        self.last_error = message

    def _library_failed(self, message: str) -> None:
        self.statusBar().showMessage("The library could not be opened", 0)
        for key in ("import", "export"):
            self.actions[key].setEnabled(False)
        self._error("The library could not be opened", message,
                    "ClauseLens cannot open its library file. Nothing was changed in it.")
        self.ready.emit()  # the window is up, saying what is wrong

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the system switched light/dark
            self.panes["text"].refresh_highlights()
            self.panes["covenants"].model.layoutChanged.emit()
