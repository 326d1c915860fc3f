"""Review edits made with the window's controls are in the library at once and are still there
when the window is closed and opened again on the same file."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from app.core import review
from app.core.store import Store


def _select(w, label: str):
    tag = next(t for t in w.session.document.tags if t.label == label)
    w.session.select_tag(tag.id)
    return tag


def _saved_reviews(db) -> dict[tuple[str, int], tuple]:
    """What another process reading the file sees, by (label, start)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT label, start, status, new_label, severity, note FROM reviews").fetchall()
    return {(label, start): tuple(rest) for label, start, *rest in rows}


def test_accept_reject_relabel_severity_and_note_survive_reopening(make_window, library, qtbot):
    db, doc_id = library["db"], library["ids"]["northwind_v2"]
    w = make_window(db)
    w.session.open_document(doc_id)
    controls = w.review

    accepted = _select(w, "anti_distillation")
    qtbot.mouseClick(controls._accept, Qt.MouseButton.LeftButton)
    controls._severity.setCurrentIndex(controls._severity.findData("medium"))
    controls._severity.activated.emit(controls._severity.currentIndex())
    qtbot.keyClicks(controls._note, "Ask the client whether evaluation runs count as training.")
    # saved once typing pauses, without any save button
    qtbot.waitUntil(lambda: _saved_reviews(db).get(("anti_distillation", accepted.start), (None,) * 4)[3]
                    == "Ask the client whether evaluation runs count as training.", timeout=3000)

    rejected = _select(w, "attribution")
    qtbot.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Alt+R rejects
    relabelled = _select(w, "output_scope")
    controls._label.setCurrentIndex(controls._label.findData("data_use_training"))
    controls._label.activated.emit(controls._label.currentIndex())
    noted = _select(w, "governing_law")
    qtbot.keyClicks(controls._note, "Californian law now.")
    _select(w, "venue_jurisdiction")  # moving on saves the note at once

    saved = _saved_reviews(db)  # in the file before the window closes: a kill now loses nothing
    assert saved[("anti_distillation", accepted.start)] == (
        "accepted", "", "medium", "Ask the client whether evaluation runs count as training.")
    assert saved[("attribution", rejected.start)][0] == "rejected"
    assert saved[("output_scope", relabelled.start)][:2] == ("accepted", "data_use_training")
    assert saved[("governing_law", noted.start)][3] == "Californian law now."
    w.close()

    again = make_window(db)
    again.session.open_document(doc_id)
    tags = {t.id: t for t in again.session.document.tags}
    assert tags[accepted.id].status == "accepted" and tags[accepted.id].severity == "medium"
    assert tags[rejected.id].status == "rejected"
    assert tags[relabelled.id].label == "data_use_training"
    assert tags[noted.id].note == "Californian law now."
    shown = {t.id: t.status for t in again.panes["covenants"].shown_tags()}
    assert shown[accepted.id] == "accepted" and shown[rejected.id] == "rejected"
    again.session.select_tag(accepted.id)
    assert again.review._accept.isChecked()
    assert again.review._note.toPlainText() == "Ask the client whether evaluation runs count as training."
    assert again.review._severity.currentData() == "medium"
    # the rejected tag is still shown, dotted, so the decision can be undone
    spans = {tag_id for *_, tag_id in again.panes["text"].highlighted_spans()}
    assert rejected.id in spans

    store = Store(db)
    tagged, _ = review.reviewed_tags(store, doc_id)
    store.close()
    assert {rt.tag.id: rt.status for rt in tagged}[rejected.id] == "rejected"


def test_window_state_and_recent_files_are_remembered(make_window, library, qtbot):
    w = make_window(library["db"])
    w.library_dock().hide()  # the user closed the library pane
    w.import_files([str(library["tmp"] / "northwind_v1.md")])  # already in the library: opens it
    assert w.session.document.doc.id == library["ids"]["northwind_v1"]
    w.close()
    again = make_window(library["db"])
    assert not again.library_dock().isVisible() and again.settings.geometry() is not None
    assert again.session.document.doc.id == library["ids"]["northwind_v1"]  # the last document open
    assert str(library["tmp"] / "northwind_v1.md") in again.settings.recent_files()
    assert [a.text() for a in again._recent.actions()][0] == "northwind_v1.md"


KILLED_APP = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from app.core.store import Store
from app.gui.controllers.main_window import MainWindow
from app.gui.runner import BackgroundRunner
from app.gui.settings import Settings

db, doc, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
app = QApplication([])
w = MainWindow(BackgroundRunner(lambda: Store(db)),
               Settings(QSettings(folder + "/killed.ini", QSettings.Format.IniFormat)), db, load_demo=False)

done = []

def opened(d):
    if d.doc.id == doc and not done:
        done.append(d)
        w.session.select_tag(next(t for t in d.tags if t.label == "anti_distillation").id)
        w.review._reject.click()
        w.review._note.setPlainText("Rejected: this clause only restates the acceptable use policy.")

w.session.document_opened.connect(opened)
w.session.saved.connect(lambda what: print("saved", what, flush=True))
w.show()
w.start()
w.session.open_document(doc)
app.exec()
"""


def test_edits_are_in_the_library_when_the_app_is_killed(library, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import threading

    from tests.conftest import ROOT
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", KILLED_APP, str(library["db"]),
                             str(library["ids"]["northwind_v2"]), str(tmp_path)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    watchdog = threading.Timer(60, proc.kill)  # never hang the test run
    watchdog.start()
    try:
        saved = []
        for line in proc.stdout:
            saved.append(line.split()[1])
            if {"status", "note"} <= set(saved):
                break
        proc.send_signal(signal.SIGKILL)  # no closing, no flushing: as a crash or a power cut
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait(timeout=30)
    assert sorted(saved) == ["note", "status"]
    rows = _saved_reviews(library["db"])
    assert [v for (label, _), v in rows.items() if label == "anti_distillation"] == [
        ("rejected", "", "", "Rejected: this clause only restates the acceptable use policy.")]
