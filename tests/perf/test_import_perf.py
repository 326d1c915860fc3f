"""Import speed and memory on large generated PDFs (not part of the normal test run).

Run: .venv/bin/python -m pytest -q -s tests/perf

Each measurement runs in its own Python process, so its peak RSS (VmHWM) is its own; the
modules it needs are imported before the clock starts. Times are the best of a few runs, because
other work on a 2-core machine makes single runs noisy.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.fixtures import pdfs

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(tempfile.gettempdir()) / "clauselens-perf"
MAX_RATIO = 4.0  # our extract()+assemble() against a bare PDFium text loop
MAX_PEAK_MB = 300

# Every script sets ``run`` (a function of the path) and the runner times it.
SCRIPTS = {
    "pypdfium2 get_text_range": """
import pypdfium2 as pdfium
def run(path):
    pdf = pdfium.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
""",
    "pdfplumber extract_text": """
import pdfplumber
def run(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
""",
    "ClauseLens extract+assemble": """
from pathlib import Path
from app.core.ingest.assemble import assemble
from app.core.ingest.pdf import extract
import pdfplumber  # imported on first ruled page; keep the import out of the clock
def run(path):
    extraction = extract(Path(path).read_bytes(), path)
    assemble(extraction.blocks, extraction.page_count)
""",
    "full import, stored (no tagging)": """
import tempfile, os
from app.core.library import import_file
from app.core.store import Store
import pdfplumber
def run(path):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(os.path.join(folder, "library.sqlite"))
        result = import_file(path, store, analyze=False)
        store.close()
        assert result.status == "imported", result.message
""",
    "full import, stored and tagged": """
import tempfile, os
from app.core.library import import_file
from app.core.store import Store
import pdfplumber
def run(path):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(os.path.join(folder, "library.sqlite"))
        result = import_file(path, store)
        store.close()
        assert result.status == "imported", result.message
""",
}

RUNNER = """
import json, resource, sys, time
{script}
path, repeats = sys.argv[1], int(sys.argv[2])
best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    run(path)
    best = min(best, time.perf_counter() - start)
# ru_maxrss survives exec (it starts at the parent's size); VmHWM is the new process's own peak.
try:
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": best, "peak_mb": peak_kb / 1024}}))
"""


def _available(name: str) -> bool:
    if not name.startswith("full import"):
        return True
    try:
        from app.core.library import import_file  # noqa: F401
        from app.core.store import Store  # noqa: F401
    except ImportError:
        return False
    return True


def _measure(name: str, path: Path, repeats: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", RUNNER.format(script=SCRIPTS[name]), str(path), str(repeats)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if proc.returncode:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:80]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def documents():
    CACHE.mkdir(exist_ok=True)
    out = {}
    for pages in (100, 500):
        path = CACHE / f"generated-{pages}.pdf"
        if not path.exists():
            pdfs.make_large_pdf(path, pages)
        out[pages] = path
    return out


def test_import_speed_and_memory(documents):
    plan = [
        # (name, pages, repeats); pdfplumber takes about 0.1 s a page: once is enough
        ("pypdfium2 get_text_range", 100, 5), ("pypdfium2 get_text_range", 500, 5),
        ("pdfplumber extract_text", 100, 1), ("pdfplumber extract_text", 500, 1),
        ("ClauseLens extract+assemble", 100, 5), ("ClauseLens extract+assemble", 500, 5),
        ("full import, stored (no tagging)", 100, 1), ("full import, stored (no tagging)", 500, 1),
        ("full import, stored and tagged", 100, 1),
    ]
    results = {}
    for name, pages, repeats in plan:
        if _available(name):
            results[name, pages] = _measure(name, documents[pages], repeats)
    print()
    print(f"{'measurement':36} {'pages':>5} {'seconds':>8} {'x pdfium':>8} {'peak MB':>8}")
    for (name, pages), r in results.items():
        if "error" in r:
            print(f"{name:36} {pages:>5}  error: {r['error']}")
            continue
        base = results.get(("pypdfium2 get_text_range", pages), {}).get("seconds")
        ratio = f"{r['seconds'] / base:8.1f}" if base else f"{'':>8}"
        print(f"{name:36} {pages:>5} {r['seconds']:8.2f} {ratio} {r['peak_mb']:8.0f}")
    for pages in (100, 500):
        ours = results["ClauseLens extract+assemble", pages]
        base = results["pypdfium2 get_text_range", pages]
        assert ours["seconds"] <= MAX_RATIO * base["seconds"], f"{pages} pages: slower than {MAX_RATIO}x PDFium"
        assert ours["peak_mb"] < MAX_PEAK_MB
