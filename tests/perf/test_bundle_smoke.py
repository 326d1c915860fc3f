"""Smoke test of the built bundle (dist/clauselens, from ``make installer``), as IT would check it.

Not in the main run (tests/perf is excluded); ``make installer`` runs it after building, or:
``.venv/bin/python -m pytest -q -s tests/perf/test_bundle_smoke.py``. Each command runs the bundle
from a copy in a temporary folder with an empty environment: no Python on PATH, no PYTHONPATH, a
fresh HOME. Prints the bundle's size and its start-up times.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.fixtures import pdfs

ROOT = Path(__file__).resolve().parents[2]
BUILT = ROOT / "dist" / "clauselens"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
FIGURES: dict[str, str] = {}

pytestmark = pytest.mark.skipif(not (BUILT / "clauselens").exists(),
                                reason="no bundle in dist/clauselens: run 'make installer' first")


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """The bundle copied (hard links) away from the repository, a home, and an empty PATH."""
    base = tmp_path_factory.mktemp("bundle")
    bundle = base / "ClauseLens"
    try:
        shutil.copytree(BUILT, bundle, symlinks=True, copy_function=os.link)
    except OSError:  # another file system: a real copy
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.copytree(BUILT, bundle, symlinks=True)
    (base / "home").mkdir()
    (base / "empty-path").mkdir()
    yield base, bundle / "clauselens"
    print("\nbundle figures: " + "; ".join(f"{k}: {v}" for k, v in FIGURES.items()))


def evict(place) -> None:
    """Drop the bundle's files from the page cache (as after a reboot), so the next start is cold."""
    _, program = place
    for path in program.parent.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def run(place, *args: str, gui: str | None = None, prefix: tuple[str, ...] = (), timeout: float = 120):
    base, program = place
    env = {"HOME": str(base / "home"), "PATH": str(base / "empty-path"), "LANG": "C.UTF-8"}
    if gui is not None:
        env["QT_QPA_PLATFORM"] = gui
    assert shutil.which("python3", path=env["PATH"]) is None and shutil.which("python", path=env["PATH"]) is None
    start = time.perf_counter()
    out = subprocess.run([*prefix, str(program), *args], capture_output=True, text=True, env=env, cwd=base,
                         timeout=timeout)
    return out, time.perf_counter() - start


def test_size_and_contents():
    size = sum(p.stat().st_size for p in BUILT.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    FIGURES["size"] = f"{size:.0f} MB"
    inside = BUILT / "_internal"
    assert (inside / "resources" / "pipeline" / "meta.json").exists()
    assert (inside / "clause_library" / "taxonomy" / "anti_distillation.toml").exists()
    assert (inside / "resources" / "fonts" / "DejaVuSans.ttf").exists()
    assert [p.name for p in (inside / "spacy_lookups_data" / "data").glob("*.json*")] == ["en_lemma_lookup.json.gz"]
    assert not (inside / "pycountry" / "locales").exists() and not (inside / "spacy" / "tests").exists()
    assert size < 400


def test_version_is_the_one_in_pyproject(place):
    evict(place)
    out, cold = run(place, "--version")
    out, warm = run(place, "--version")
    FIGURES["--version"] = f"{cold:.2f} s cold, {warm:.2f} s warm"
    assert out.returncode == 0 and out.stdout.strip() == f"clauselens {VERSION}"


def test_analyze_a_pdf(place):
    base, _ = place
    sample = pdfs.make_licence_pdf(base)
    evict(place)
    out, seconds = run(place, "analyze", str(sample), "--db", str(base / "library.db"))
    FIGURES["analyze a 6-page PDF (cold start, pipeline load included)"] = f"{seconds:.2f} s"
    assert out.returncode == 0, out.stderr
    assert "# Fictional Labs Model Licence  [id 1, pdf, 6 page(s)]" in out.stdout
    assert re.search(r">> \w+ +\(\w+ severity, confidence", out.stdout)


def test_analyze_with_no_network_at_all(place):
    base, _ = place
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to cut the network off")
    page = base / "terms.html"
    page.write_text("<html><head><link rel=stylesheet href='https://example.invalid/a.css'></head><body>"
                    "<p>1. You must not use the outputs to train a competing model.</p></body></html>")
    out, _ = run(place, "analyze", str(page), "--db", str(base / "offline.db"),
                 prefix=(shutil.which("unshare"), "--net"))
    assert out.returncode == 0, out.stderr


def test_demo_library_compare_and_memos(place):
    base, _ = place
    db = str(base / "demo.db")
    out, seconds = run(place, "library", "demo", "--db", db)
    FIGURES["library demo (13 documents)"] = f"{seconds:.1f} s"
    assert out.returncode == 0 and "13 document(s) imported" in out.stdout, out.stderr
    out, _ = run(place, "compare", "--type", "anti_distillation", "--db", db)
    assert out.returncode == 0 and "platforms in the library" in out.stdout
    for name in ("memo.pdf", "memo.docx"):
        out, _ = run(place, "memo", "1", "2", "--out", str(base / name), "--db", db)
        assert out.returncode == 0, out.stderr
    assert (base / "memo.pdf").read_bytes()[:5] == b"%PDF-"
    assert "word/document.xml" in zipfile.ZipFile(base / "memo.docx").namelist()


def test_a_broken_file_gets_one_line_and_exit_3(place):
    base, _ = place
    broken = base / "broken.pdf"
    broken.write_bytes(pdfs.make_licence_pdf(base, "whole.pdf").read_bytes()[:3000])
    out, _ = run(place, "analyze", str(broken), "--db", str(base / "library.db"))
    assert out.returncode == 3
    assert out.stderr.strip() == f"error: {broken}: is truncated or damaged (the end of the file is missing); " \
                                 "download or export it again"


def test_the_default_library_is_created_in_the_users_data_folder(place):
    base, _ = place
    out, _ = run(place, "library", "list")
    assert out.returncode == 0 and "The library is empty" in out.stdout
    assert (base / "home" / ".local" / "share" / "ClauseLens" / "library.db").exists()


def test_the_window_starts_offscreen(place):
    base, _ = place
    evict(place)
    out, seconds = run(place, "gui", "--smoke-test", "--no-demo", "--db", str(base / "gui.db"), gui="offscreen")
    assert out.returncode == 0, out.stderr
    ready = re.search(r"window ready in ([\d.]+) s", out.stdout + out.stderr)
    assert ready, out.stdout + out.stderr
    FIGURES["window ready (cold start, offscreen, empty library)"] = f"{ready.group(1)} s ({seconds:.2f} s to exit)"


def test_without_a_display_the_window_says_so(place):
    out, _ = run(place)
    assert out.returncode == 2
    assert "no display is available" in out.stderr and "clauselens analyze FILE" in out.stderr


def test_the_linux_archive_installs_for_a_user(tmp_path):
    archives = sorted((ROOT / "dist").glob(f"ClauseLens-{VERSION}-linux-*.tar.gz"))
    if not archives or not shutil.which("sh"):
        pytest.skip("no Linux archive in dist/")
    import tarfile
    with tarfile.open(archives[-1]) as tar:
        tar.extractall(tmp_path, filter="tar")
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    out = subprocess.run(["sh", str(folder / "install.sh")], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"ClauseLens {VERSION} installed" in out.stdout
    desktop = (home / ".local" / "share" / "applications" / "clauselens.desktop").read_text()
    program = home / ".local" / "opt" / "clauselens" / "clauselens"
    assert f"Exec={program} gui %F" in desktop and "@BUNDLE@" not in desktop
    assert (home / ".local" / "share" / "icons" / "hicolor" / "scalable" / "apps" / "clauselens.svg").exists()
    version = subprocess.run([str(home / ".local" / "bin" / "clauselens"), "--version"], capture_output=True,
                             text=True, env={"HOME": str(home), "PATH": str(tmp_path)}, timeout=60)
    assert version.stdout.strip() == f"clauselens {VERSION}"
    out = subprocess.run(["sh", str(folder / "install.sh"), "--uninstall"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and not program.exists()
