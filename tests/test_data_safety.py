"""The lawyer's library survives: kill -9 mid-import and mid-review, libraries of every earlier
schema, damaged files, and two ClauseLens processes writing at once.

The processes killed or run side by side are real Python processes running the core code (what
the window's worker thread runs); the library is checked afterwards as a user would find it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core import migrations, platforms, review
from app.core.library import import_file
from app.core.store import LibraryError, Store

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT / "tests" / "data" / "archive"

# What a child process runs: one mode per kind of work, each printing a line after each commit.
CHILD = r'''
import sys, time
sys.path.insert(0, sys.argv[1])
from app.core import libraryfile, review
from app.core.library import import_file
from app.core.store import Store

mode, db = sys.argv[2], sys.argv[3]
if len(sys.argv) > 5 and sys.argv[5]:
    libraryfile.BUSY_WAIT = float(sys.argv[5])
store = Store(db)

if mode == "import":  # import generated licences; with "pause", stop inside the first transaction
    folder = sys.argv[4]
    if sys.argv[6:] == ["pause"]:
        original = Store._insert_analysis
        def _insert_analysis(self, doc_id, analysis):
            original(self, doc_id, analysis)  # document, pages, blocks, clauses, tags: written, not committed
            print("inside", doc_id, flush=True)
            time.sleep(60)
        Store._insert_analysis = _insert_analysis
    i = 0
    while True:
        path = f"{folder}/generated-{i}.txt"
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"GENERATED LICENCE NUMBER {i}\n\n")
            for k in range(1, 241):
                f.write(f"{k}. Clause {k} of licence {i}: you must not use the Model to train a competing "
                        f"model, and this Licence is governed by the laws of Ireland.\n\n")
        result = import_file(path, store)
        print(result.status, i, flush=True)
        i += 1
elif mode == "review":  # edit the notes of some tags again and again
    tags, prefix, count = [int(t) for t in sys.argv[4].split(",")], sys.argv[6], int(sys.argv[7])
    for k in range(count):
        for t in tags:
            review.review_tag(store, t, status="accepted", note=f"{prefix} {k}")
        print("edited", k, flush=True)
elif mode == "hold":  # keep a write transaction open, as a long import would
    with store.db.atomic():
        store.db.execute("UPDATE documents SET title = title")
        print("holding", flush=True)
        time.sleep(float(sys.argv[4]))
    print("released", flush=True)
'''

LICENCE = b"""HERON MODEL LICENCE

1. You must not use the Model or its outputs to train or distil another language model.

2. You must not reverse engineer the Model.

3. This Licence is governed by the laws of Ireland.
"""


def child(tmp_path: Path, mode: str, db: Path, *args: str, busy_wait: str = "") -> subprocess.Popen:
    script = tmp_path / "child.py"
    if not script.exists():
        script.write_text(CHILD, encoding="utf-8")
    arg4 = args[0] if args else ""
    return subprocess.Popen([sys.executable, str(script), str(ROOT), mode, str(db), arg4, busy_wait, *args[1:]],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)


def wait_for(proc: subprocess.Popen, predicate, timeout: float = 60) -> list[str]:
    """Lines the child printed, up to the first one that satisfies ``predicate``."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"child ended early: {seen} {proc.stderr.read()}")
        seen.append(line.strip())
        if predicate(seen[-1]):
            return seen
    raise AssertionError(f"timed out; child printed {seen}")


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()


def reviewed_library(tmp_path: Path) -> tuple[Path, list[int]]:
    """A library with one analysed licence whose tags are all reviewed with a note."""
    db = tmp_path / "library.db"
    source = tmp_path / "heron.txt"
    source.write_bytes(LICENCE)
    store = Store(db)
    doc_id = import_file(source, store).document_id
    tags = [t.id for t in store.get_analysis(doc_id).tags]
    assert len(tags) >= 2
    for t in tags:
        review.review_tag(store, t, status="accepted", note=f"kept {t}")
    store.close()
    return db, tags


def assert_consistent(db: Path, analysed: bool = True) -> Store:
    """The library opens, SQLite finds nothing wrong, and no import is half there."""
    store = Store(db)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.db.execute("INSERT INTO clauses_fts(clauses_fts) VALUES('integrity-check')")
    for doc_id, pages, declared in store.db.execute(
            "SELECT d.id, (SELECT count(*) FROM pages p WHERE p.document_id = d.id), d.page_count FROM documents d"):
        doc = store.get_document(doc_id)
        assert doc.clauses and pages == declared, doc_id
        assert not analysed or store.get_analysis(doc_id) is not None, f"document {doc_id} stored without its analysis"
    for table in ("pages", "blocks", "clauses", "analyses", "tags", "entities", "reviews"):
        orphans = store.db.execute(f"SELECT count(*) FROM {table} WHERE document_id NOT IN "
                                   "(SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0, table
    listed = sum(len(v.versions) for p in platforms.library_tree(store) for v in p.documents)
    assert listed == store.counts()["documents"]  # a file killed before its family was set is listed too
    return store


def notes(store: Store, doc_id: int = 1) -> dict[int, str]:
    return {r.tag_id: r.note for r in review.reviews(store, doc_id)}


# -- kill -9 ---------------------------------------------------------------------------------------
def test_kill_during_imports_leaves_whole_documents_and_earlier_reviews(tmp_path):
    db, tags = reviewed_library(tmp_path)
    folder = tmp_path / "incoming"
    folder.mkdir()
    # The first kill lands inside an import's transaction, with every row of the document written
    # but not committed; the second while the next document is being analysed.
    for pause, when in (("pause", lambda line: line.startswith("inside")),
                        ("", lambda line: line == "imported 1")):
        proc = child(tmp_path, "import", db, str(folder), pause)
        wait_for(proc, when)
        time.sleep(0.1)
        kill(proc)
        store = assert_consistent(db)
        done = 0 if pause else 2  # imports reported done; one more may have committed as it was killed
        assert store.counts()["documents"] - 1 in (done, done + 1)
        assert notes(store) == {t: f"kept {t}" for t in tags}
        store.close()


def test_kill_during_review_edits_keeps_a_whole_review(tmp_path):
    db, tags = reviewed_library(tmp_path)
    edited, kept = tags[:1], tags[1:]
    proc = child(tmp_path, "review", db, ",".join(map(str, edited)), "edit", "100000")
    seen = wait_for(proc, lambda line: line == "edited 40")
    time.sleep(0.05)
    kill(proc)
    store = assert_consistent(db)
    found = notes(store)
    last = int(seen[-1].split()[1])
    word, number = found[edited[0]].split()
    assert word == "edit" and int(number) >= last  # the last edit committed, or a later one
    assert {t: found[t] for t in kept} == {t: f"kept {t}" for t in kept}
    assert all(r.status == "accepted" for r in review.reviews(store, 1))
    store.close()


# -- two processes on one library ------------------------------------------------------------------
def test_two_processes_writing_reviews_at_once_both_finish_and_nothing_is_lost(tmp_path):
    db, tags = reviewed_library(tmp_path)
    first, second = tags[0::2], tags[1::2]
    procs = [child(tmp_path, "review", db, ",".join(map(str, ids)), name, "60")
             for ids, name in ((first, "first"), (second, "second"))]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.split("\n")[-2] == "edited 59"
    store = assert_consistent(db)
    assert notes(store) == {**{t: "first 59" for t in first}, **{t: "second 59" for t in second}}
    store.close()


def test_the_second_process_waits_for_a_long_write_and_says_so(tmp_path):
    db, tags = reviewed_library(tmp_path)
    holder = child(tmp_path, "hold", db, "2")
    wait_for(holder, lambda line: line == "holding")
    waiter = child(tmp_path, "review", db, str(tags[0]), "waited", "1")
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0, err
    assert "is being written by another ClauseLens process; waiting" in err
    holder.communicate(timeout=30)
    store = Store(db)
    assert notes(store)[tags[0]] == "waited 0"
    store.close()


def test_a_write_that_waits_too_long_gives_up_with_one_line(tmp_path):
    db, tags = reviewed_library(tmp_path)
    holder = child(tmp_path, "hold", db, "4")
    wait_for(holder, lambda line: line == "holding")
    waiter = child(tmp_path, "review", db, str(tags[0]), "late", "1", busy_wait="1.5")
    _, err = waiter.communicate(timeout=60)
    assert waiter.returncode != 0
    assert "LibraryError" in err and "another ClauseLens process has been writing to the library for 2 s" in err  # 1.5, rounded
    holder.communicate(timeout=30)
    store = Store(db)
    assert notes(store)[tags[0]] == f"kept {tags[0]}"
    store.close()


def test_the_command_line_reports_a_busy_library_in_one_line(tmp_path):
    db, tags = reviewed_library(tmp_path)
    holder = child(tmp_path, "hold", db, "40")
    try:
        wait_for(holder, lambda line: line == "holding")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        code = ("import sys; from app.core import libraryfile; libraryfile.BUSY_WAIT = 1.5; "
                "from app.cli import main; sys.exit(main(sys.argv[1:]))")
        out = subprocess.run([sys.executable, "-c", code, "review", str(tags[0]), "--accept", "--db", str(db)],
                             capture_output=True, text=True, env=env, timeout=60)
    finally:
        kill(holder)
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert out.returncode == 3, out.stderr
    assert "Traceback" not in out.stderr
    assert lines[-1].startswith(f"error: {db}: another ClauseLens process has been writing")


# -- archived libraries of every schema --------------------------------------------------------------
ARCHIVED = sorted(ARCHIVE.glob("schema_*.db"))


def test_there_is_an_archived_library_for_every_schema_version():
    versions = {int(p.stem.split("_")[1]) for p in ARCHIVED}
    assert set(range(1, migrations.latest_version() + 1)) <= versions, (
        "a migration was added: run tests/data/archive/make_archive.py and commit the new schema_N.db")


@pytest.mark.parametrize("archived", ARCHIVED, ids=[p.stem for p in ARCHIVED])
def test_an_archived_library_opens_migrates_and_keeps_everything(tmp_path, archived):
    db = tmp_path / "library.db"
    shutil.copy(archived, db)
    old_version = sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0]
    store = Store(db)
    assert migrations.schema_version(store.db) == migrations.latest_version()
    backups = list(tmp_path.glob("library.db.bak-*"))
    if old_version < migrations.latest_version():
        assert [b.name.split("-")[1] for b in backups] == [f"v{old_version}"]
        kept = sqlite3.connect(backups[0])
        assert kept.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert kept.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        kept.close()
    else:
        assert backups == []
    docs = store.list_documents()
    assert [d.title for d in docs] == ["QUILLFEATHER MODEL LICENCE"] * 2
    first = store.get_document(docs[0].id)
    assert "must not use the Model or its Outputs to train, distil" in first.text
    assert [first.text[c.start:c.end] for c in first.clauses if c.number == "3.2"] == [
        "3.2 You must not reverse engineer the Model or attempt to extract its training data."]
    # the two versions are one document of one platform, whatever the schema had
    [family] = [d for p in platforms.library_tree(store) for d in p.documents]
    assert len(family.versions) == 2
    if old_version >= 2:
        assert any(t.label == "anti_distillation" for t in store.get_analysis(first.id).tags)
    if old_version >= 4:
        tagged, detached = review.reviewed_tags(store, first.id)
        [kept_review] = [rt for rt in tagged if rt.review is not None]
        assert kept_review.status == "accepted" and kept_review.note.startswith("Archived review")
        assert not detached and len(review.annotations(store, first.id)) == 1
    source = tmp_path / "heron.txt"
    source.write_bytes(LICENCE)
    assert import_file(source, store, analyze=False).status == "imported"
    store.close()
    assert_consistent(db, analysed=False).close()


def test_a_library_of_a_newer_clauselens_is_refused_untouched(tmp_path):
    db = tmp_path / "library.db"
    shutil.copy(ARCHIVE / "schema_4.db", db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(LibraryError) as caught:
        Store(db)
    assert "written by a newer ClauseLens (schema 99" in str(caught.value) and "\n" not in str(caught.value)
    assert db.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


# -- damaged library files -------------------------------------------------------------------------
def _damaged(data: bytes) -> dict[str, bytes]:
    page = 4096
    return {
        "not-sqlite": b"ClauseLens? no: a text file saved with the wrong name\n" * 50,
        "header-overwritten": b"\0" * 100 + data[100:],
        "truncated-half": data[: len(data) // 2],
        "pages-overwritten": data[: 5 * page] + bytes(range(256)) * 16 * 3 + data[8 * page:],
        "pages-zeroed": data[: 5 * page] + bytes(5 * page) + data[10 * page:],
    }


@pytest.mark.parametrize("kind", list(_damaged(b"x" * 50000)))
def test_a_damaged_library_is_reported_in_one_line_and_left_as_it_is(tmp_path, kind):
    data = _damaged((ARCHIVE / "schema_4.db").read_bytes())[kind]
    db = tmp_path / "library.db"
    db.write_bytes(data)
    with pytest.raises(LibraryError) as caught:
        Store(db)
    message = str(caught.value)
    assert message.startswith(f"{db}: cannot open the library") and "\n" not in message
    assert db.read_bytes() == data


def test_the_command_line_reports_a_damaged_library_in_one_line(tmp_path):
    db = tmp_path / "library.db"
    db.write_bytes(_damaged((ARCHIVE / "schema_4.db").read_bytes())["pages-zeroed"])
    out = subprocess.run([sys.executable, "-m", "app.cli", "library", "list", "--db", str(db)],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 3
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"error: {db}: cannot open the library")
