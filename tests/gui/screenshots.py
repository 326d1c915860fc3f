"""Screenshots of every view of the real application, for the README and for looking at it.

Not a test: run it under Xvfb (or offscreen) with

    xvfb-run -a .venv/bin/python -m tests.gui.screenshots docs/screenshots [--corpus]

It builds a fresh library (the demo library; with ``--corpus`` also ../shared/corpus), drives the
window as a user would (select a covenant, review it, open each view) and saves one PNG per view.
Set CLAUSELENS_THEME=dark for the dark palette (the file names then end in ``-dark``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.core.store import Store
from app.gui import style
from app.gui.controllers.main_window import MainWindow
from app.gui.runner import BackgroundRunner
from app.gui.settings import Settings
from app.gui.views.dialogs import ShortcutsDialog

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def wait(condition, timeout: float = 60.0, settle: bool = True) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(20 if settle else 0):
        QApplication.processEvents()
        time.sleep(0.005)


def idle(w: MainWindow) -> bool:
    return not w.session.runner.busy


def save(widget, out: Path, name: str, suffix: str) -> None:
    QApplication.processEvents()
    path = out / f"{name}{suffix}.png"
    widget.grab().save(str(path))
    print("saved", path)


def find_doc(w: MainWindow, platform: str, label: str) -> int:
    """A version of the platform's most-versioned document that has a previous version and a tag
    of this type (the diff and the detail panel then have something to say)."""
    docs = sorted((d for p in w.session.tree for d in p.documents if not platform or p.name == platform),
                  key=lambda d: -len(d.versions))
    for d in docs:
        for v in reversed(d.versions[1:]):
            w.session.open_document(v.document_id)
            wait(lambda v=v: idle(w) and w.session.document.doc.id == v.document_id)
            if any(t.label == label for t in w.session.document.tags):
                return v.document_id
    raise LookupError(platform)


def open_and_select(w: MainWindow, doc_id: int, label: str) -> None:
    w.session.open_document(doc_id)
    wait(lambda: w.session.document is not None and w.session.document.doc.id == doc_id and idle(w))
    tag = next((t for t in w.session.document.tags if t.label == label), w.session.document.tags[0])
    w.session.select_tag(tag.id)
    wait(lambda: idle(w) and w.panes["detail"].details is not None)


def dropped_pair(w: MainWindow, db: Path) -> tuple[int, int] | None:
    """(previous, version) of the first document version after which anti-distillation was dropped."""
    from app.core.compare import compare_type
    store = Store(db)
    dropped = compare_type(store, "anti_distillation").dropped
    store.close()
    for d in dropped:
        family = next((f for p in w.session.tree for f in p.documents
                       if any(v.document_id == d["removed_in"]["document_id"] for v in f.versions)), None)
        if family:
            ids = [v.document_id for v in family.versions]
            at = ids.index(d["removed_in"]["document_id"])
            return ids[at - 1], ids[at]
    return None


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    corpus = "--corpus" in argv  # for looking only: corpus text is not ours to publish in the README
    suffix = "-dark" if os.environ.get("CLAUSELENS_THEME") == "dark" else ""
    tmp = Path(tempfile.mkdtemp(prefix="clauselens-shots-"))
    app = QApplication.instance() or QApplication([])
    style.apply(app)
    db = tmp / "library.db"
    w = MainWindow(BackgroundRunner(lambda: Store(db)), Settings(QSettings(str(tmp / "s.ini"),
                                                                           QSettings.Format.IniFormat)), str(db))
    w.resize(1440, 900)
    w.show()
    w.start()
    wait(lambda: w.session.document is not None and idle(w), 120)
    if corpus:
        files = [str(p) for p in sorted(CORPUS.iterdir()) if p.suffix in (".txt", ".md", ".html", ".pdf")
                 and p.name != "README.md"]
    else:  # the project's own sample licence and test PDF
        from tests.fixtures.pdfs import make_licence_pdf
        files = [str(ROOT / "resources" / "samples" / "halyard-model-licence.md"), str(make_licence_pdf(tmp))]
    if files:
        w.import_files(files)
        wait(lambda: w.importer.busy and w.importer.results, 60, settle=False)
        save(w, out, "import-progress", suffix)
        wait(lambda: not w.importer.busy and idle(w), 600)

    # the document view: a licence with two versions, its anti-distillation clause selected
    doc_id = find_doc(w, "Meta" if corpus else "", "anti_distillation")
    open_and_select(w, doc_id, "anti_distillation")
    tag = w.session.tag
    w.session.save_review(tag, status="accepted", severity="high",
                          note="Check whether the client's evaluation pipeline counts as training.")
    wait(lambda: idle(w))
    w.review.show_tag(w.session.tag)
    w.show_tab("text")
    save(w, out, "document", suffix)
    detail = w.panes["detail"]
    detail._scroll.verticalScrollBar().setValue(detail._sections["Carve-outs and what the clause names"][0].y() - 8)
    save(w.side_splitter(), out, "detail", suffix)

    # the original page of a PDF
    pdf = next((v.document_id for p in w.session.tree for d in p.documents for v in d.versions
                if v.file_name.lower().endswith(".pdf")), None)
    if pdf is not None:
        open_and_select(w, pdf, "anti_distillation")
        w.show_tab("page")
        wait(lambda: idle(w) and not w.panes["page"].canvas().image.isNull())
        save(w, out, "page", suffix)

    w.session.open_document(doc_id)
    wait(lambda: idle(w) and w.session.document.doc.id == doc_id)
    open_and_select(w, doc_id, "anti_distillation")
    w.library_dock().hide()  # as a reader of a wide comparison would
    w.show_tab("compare")
    wait(lambda: idle(w) and w.panes["compare"].comparison is not None)
    save(w, out, "compare", suffix)

    # the diff of the version that dropped a covenant, if the library has one
    pair = dropped_pair(w, db)
    if pair:
        w.panes["diff"]._set_pair(*pair)
    w.show_tab("diff")
    w.panes["diff"].refresh()
    wait(lambda: idle(w) and w.panes["diff"].diff is not None)
    save(w, out, "diff", suffix)
    w.library_dock().show()

    w.show_tab("search")
    w.panes["search"].search("distil*")
    wait(lambda: idle(w) and w.panes["search"].result_count() > 0)
    save(w, out, "search", suffix)

    dialog = w.export()
    wait(lambda: dialog.isVisible())
    save(dialog, out, "export-dialog", suffix)
    dialog.reject()
    about = w.about()
    wait(lambda: about.isVisible())
    save(about, out, "about", suffix)
    about.reject()
    keys = ShortcutsDialog(w)
    keys.show()
    wait(lambda: keys.isVisible())
    save(keys, out, "shortcuts", suffix)
    keys.reject()
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
