"""Nothing is sent anywhere: import, analysis, comparison, diff and memo export run with every way of
reaching the network blocked at the Python level, and any attempt fails the test (even one the
code caught and ignored). The files imported point at remote resources on purpose.

Two runs: in this process (after the modules are imported), and a fresh process where the block is
in place before anything of ClauseLens, spaCy or Qt-free dependencies is imported, running the
command line a user would run.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import zipfile

import pytest

from app.core import compare, diff, platforms, search
from app.core.demo import load_demo
from app.core.library import import_file
from app.core.memo import MemoOptions, export_memo
from app.core.store import Store
from tests.conftest import ROOT
from tests.fixtures import docx_docs, pdfs

BLOCK = '''
import socket

ATTEMPTS = []


def refuse(*args, **kwargs):
    ATTEMPTS.append(repr(args[:2])[:200])
    raise OSError("ClauseLens must not use the network")


for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, refuse)
for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
             "getnameinfo"):
    setattr(socket, name, refuse)
'''

REMOTE_PAGE = """<!doctype html><html><head><title>Remote-laden terms</title>
<link rel="stylesheet" href="https://cdn.example.invalid/site.css">
<script src="https://tracker.example.invalid/t.js"></script>
<base href="http://example.invalid/"></head><body><main>
<h1>Skylark API Terms</h1><img src="http://images.example.invalid/logo.png">
<iframe src="https://example.invalid/frame"></iframe>
<p>1. You must not use the outputs of the Skylark API to train a model that competes with Skylark.</p>
<p>2. These terms are governed by the laws of Scotland. See <a href="https://example.invalid/policy">the policy</a>.</p>
</main></body></html>
"""

REMOTE_MD = """# Wren Model Licence

1. You must not distil the Wren model into another model. ![badge](https://img.example.invalid/b.svg)

2. The acceptable use policy at <https://example.invalid/aup> forms part of this licence.
"""


def _docx_with_remote_parts() -> bytes:
    """The test licence DOCX plus an external hyperlink, an external image and a remote template."""
    source = zipfile.ZipFile(io.BytesIO(docx_docs.licence_docx()))
    external = (b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/hyperlink" Target="https://example.invalid/terms" TargetMode="External"/>'
                b'<Relationship Id="rIdX2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/image" Target="http://example.invalid/logo.png" TargetMode="External"/>')
    template = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                b'package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/attachedTemplate" Target="https://example.invalid/t.dotm" '
                b'TargetMode="External"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", external + b"</Relationships>")
            if item.filename != "word/_rels/settings.xml.rels":
                target.writestr(item, body)
        target.writestr("word/_rels/settings.xml.rels", template)
    return buffer.getvalue()


@pytest.fixture
def network_blocked(monkeypatch):
    """Every socket path refuses and is recorded; yields the list of attempts."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2])[:200])
        raise OSError("ClauseLens must not use the network")

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                 "getnameinfo"):
        monkeypatch.setattr(socket, name, refuse)
    yield attempts


def test_the_block_catches_a_connection_attempt(network_blocked):
    with pytest.raises(OSError, match="must not use the network"):
        socket.create_connection(("example.invalid", 80), timeout=1)
    with pytest.raises(OSError):
        socket.socket().connect(("127.0.0.1", 9))
    assert len(network_blocked) == 2
    network_blocked.clear()


def test_import_analysis_comparison_diff_and_memo_run_offline(tmp_path, network_blocked):
    files = {
        "terms.html": REMOTE_PAGE.encode("utf-8"),
        "wren.md": REMOTE_MD.encode("utf-8"),
        "orchid.docx": _docx_with_remote_parts(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    pdf = pdfs.make_licence_pdf(tmp_path)
    store = Store(tmp_path / "library.db")
    demo = load_demo(store)
    assert all(r.status in ("imported", "exists") for r in demo)
    ids = []
    for path in [pdf, *(tmp_path / name for name in files)]:
        result = import_file(path, store)
        assert result.status == "imported", result.message
        assert store.get_analysis(result.document_id).tags
        ids.append(result.document_id)
    comparison = compare.compare_type(store, "anti_distillation")
    assert len(comparison.platforms) >= 3
    pairs = [d for p in platforms.library_tree(store) for d in p.documents if len(d.versions) > 1]
    changes = diff.diff_documents(store, pairs[0].versions[0].document_id, pairs[0].versions[1].document_id)
    assert changes.changes
    assert search.search(store, "distil")
    for fmt in ("pdf", "docx"):
        out = export_memo(store, ids, tmp_path / f"memo.{fmt}", fmt, MemoOptions(matter="Offline check"))
        assert out.stat().st_size > 5000
    store.close()
    assert network_blocked == []


def test_the_command_line_runs_offline_with_the_block_in_place_before_any_import(tmp_path):
    pdf = pdfs.make_licence_pdf(tmp_path)
    page = tmp_path / "terms.html"
    page.write_text(REMOTE_PAGE, encoding="utf-8")
    db = tmp_path / "library.db"
    commands = [
        ["library", "demo"],
        ["analyze", str(pdf), str(page)],
        ["compare", "--type", "anti_distillation"],
        ["diff", "1", "2"],
        ["search", "distil"],
        ["memo", "14", "15", "--out", str(tmp_path / "memo.pdf")],
        ["memo", "14", "--out", str(tmp_path / "memo.docx")],
    ]
    script = BLOCK + f'''
import sys
sys.path.insert(0, {str(ROOT)!r})
from app.cli import main
codes = [main(args + ["--db", {str(db)!r}]) for args in {commands!r}]
print("codes", codes, file=sys.stderr)
print("attempts", ATTEMPTS, file=sys.stderr)
sys.exit(1 if ATTEMPTS or any(codes) else 0)
'''
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "attempts []" in run.stderr
    assert (tmp_path / "memo.pdf").stat().st_size > 5000 and (tmp_path / "memo.docx").stat().st_size > 5000
