"""The demo library: sample licences and terms of fictional platforms, written for this project.

``resources/demo/manifest.toml`` lists each file with its platform, kind, version and date (what a
user would give with ``--platform`` etc.). They are imported (and tagged) into an empty library on
first start, so a new user has something to compare and diff before importing anything; and by
``clauselens library demo``. A file whose ``pdf`` key is true is a text turned into a PDF at load
time (reportlab), written beside the library so its pages can be shown.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from app.core.library import ImportResult, Overrides, import_file
from app.core.paths import resources_dir
from app.core.store import Store


@dataclass(frozen=True)
class DemoFile:
    file: str
    platform: str
    vendor: str
    kind: str
    version: str
    date: str
    family: str = ""
    pdf: bool = False


def demo_dir() -> Path:
    return resources_dir() / "demo"


def manifest() -> list[DemoFile]:
    with open(demo_dir() / "manifest.toml", "rb") as f:
        data = tomllib.load(f)
    return [DemoFile(d["file"], d["platform"], d.get("vendor", ""), d["kind"], str(d.get("version", "")),
                     str(d.get("date", "")), d.get("family", ""), bool(d.get("pdf", False)))
            for d in data["document"]]


def _as_pdf(source: Path, target: Path, title: str) -> Path:
    """A plain, paginated PDF of a text file: a heading paragraph per line that stands alone."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for block in source.read_text(encoding="utf-8").split("\n\n"):
        text = " ".join(block.split())
        if not text:
            continue
        heading = len(text) < 70 and not text.endswith(".")
        story.append(Paragraph(escape(text), styles["Heading2" if heading else "BodyText"]))
        story.append(Spacer(1, 4))
    target.parent.mkdir(parents=True, exist_ok=True)
    # invariant: the same bytes every time, so loading the demo again finds the file already there
    SimpleDocTemplate(str(target), pagesize=A4, title=title, author="ClauseLens demo", invariant=True).build(story)
    return target


def load_demo(store: Store, progress=None) -> list[ImportResult]:
    """Import every demo file into ``store`` (files already there are left as they are)."""
    files = manifest()
    results = []
    for n, f in enumerate(files):
        if progress:
            progress(n / len(files), f"importing {f.file}")
        path = demo_dir() / f.file
        if f.pdf:
            title = path.read_text(encoding="utf-8").strip().splitlines()[0].strip().title()
            path = _as_pdf(path, store.path.parent / "demo" / (Path(f.file).stem + ".pdf"), title)
        result = import_file(path, store, Overrides(platform=f.platform, kind=f.kind, version=f.version,
                                                    date=f.date, family=f.family))
        if result.document_id is not None and f.vendor:
            store.db.execute("UPDATE platforms SET vendor = ? WHERE name = ?", [f.vendor, f.platform])
            store.db.conn.commit()
        results.append(result)
    if progress:
        progress(1.0, "demo library loaded")
    return results


def ensure_demo(store: Store, progress=None) -> list[ImportResult]:
    """Load the demo when the library is empty (first start); otherwise do nothing."""
    if store.db.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
        return []
    return load_demo(store, progress)


def platform_count() -> int:
    return len({f.platform for f in manifest()})

