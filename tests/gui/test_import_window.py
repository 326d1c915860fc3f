"""Importing several files at once: dropped on the window, with progress, and cancelled."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.gui.conftest import idle, write_docs


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def _documents(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_dropping_several_files_imports_each_and_reports_the_one_that_failed(make_window, tmp_path, qtbot):
    files = write_docs(tmp_path)
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "library.db"
    w = make_window(db)
    progress = []
    w.importer.progress.connect(lambda f, m: progress.append(f))
    _drop(w, [files["northwind_v1"], empty, files["quillfeather"]])
    assert [r.status for r in w.importer.results] == ["imported", "refused", "imported"]
    assert "empty.md" in w.last_error and "northwind" not in w.last_error
    assert _documents(db) == 2
    assert progress and all(0.0 <= f <= 1.0 for f in progress) and progress == sorted(progress)
    assert w.session.document.doc.path.endswith("quillfeather.md")  # the last one imported is open
    documents = " ".join(text for depth, text in w.panes["library"].items() if depth == 1)
    assert "Northwind Model Licence" in documents and "Quillfeather API Terms" in documents


def test_a_dropped_folder_imports_the_licences_in_it(make_window, tmp_path):
    folder = tmp_path / "licences"
    folder.mkdir()
    write_docs(folder)
    (folder / "notes.xyz").write_text("not a licence", encoding="utf-8")
    w = make_window(tmp_path / "library.db")
    _drop(w, [folder])
    assert sorted(r.status for r in w.importer.results) == ["imported"] * 4


def test_cancel_stops_the_import_and_keeps_what_was_imported(make_window, tmp_path, qtbot):
    files = write_docs(tmp_path)
    db = tmp_path / "library.db"
    w = make_window(db, sync=False)
    qtbot.waitUntil(lambda: idle(w) and bool(w.session.pipeline_version), timeout=20000)
    w.import_files([str(p) for p in files.values()])
    w.importer.cancel()
    qtbot.waitUntil(lambda: not w.importer.busy, timeout=20000)
    statuses = [r.status for r in w.importer.results]
    assert "cancelled" in statuses and set(statuses) <= {"imported", "cancelled"}
    assert _documents(db) == statuses.count("imported")  # nothing half-imported
