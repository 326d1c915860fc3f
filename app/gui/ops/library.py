"""The library as a whole: its tree, first start, importing files, the pipeline."""

from __future__ import annotations

from pathlib import Path

from app.core import analysis, platforms
from app.core.library import ImportResult, import_file
from app.core.paths import resources_dir
from app.core.store import Store
from app.gui.ops.optional import core_module


def tree(store: Store) -> list[platforms.PlatformInfo]:
    """Platform > document > version."""
    return platforms.library_tree(store)


def first_start(store: Store, progress=None) -> str:
    """Fill an empty library with the demo documents; returns what was done ("" if nothing)."""
    if store.counts()["documents"]:
        return ""
    ensure = getattr(core_module("demo"), "ensure_demo", None)
    if ensure is not None:
        loaded = [r for r in ensure(store, progress) if r.status == "imported"]
        return f"Loaded the demo library ({len(loaded)} documents)"
    # this build has no demo library: the bundled sample licence stands in for it
    samples = sorted((resources_dir() / "samples").glob("*.md"))
    for i, path in enumerate(samples):
        import_file(path, store, progress=(lambda f, m, i=i: progress((i + f) / len(samples), m))
                    if progress else None)
    return f"Loaded {len(samples)} sample document{'s' if len(samples) != 1 else ''}"


TAGGING_FROM = 0.4  # share of the progress bar for reading the file; tagging takes the rest


def import_one(store: Store, path: str | Path, progress=None) -> ImportResult:
    """One file through the whole import; a refusal comes back as ``status == "refused"``.

    The core reports reading and then tagging, each from 0 to 1; here they become one rise."""
    span = [0.0, TAGGING_FROM]

    def report(fraction: float, message: str) -> None:
        if message.startswith("tagging"):
            span[:] = [TAGGING_FROM, 1.0]
        progress(span[0] + (span[1] - span[0]) * fraction, message)
    return import_file(path, store, progress=report if progress else None)


def load_pipeline() -> str:
    """Load the tagging pipeline (about a second); returns its version."""
    return analysis.pipeline_version()
