"""Shared test helpers: where the corpus is, and a library with the project's sample PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_files() -> list[Path]:
    manifest = CORPUS / "MANIFEST.tsv"
    rows = manifest.read_text(encoding="utf-8").splitlines()[1:]
    return [CORPUS / r.split("\t")[0] for r in rows if r.strip()]


needs_corpus = pytest.mark.skipif(
    not (CORPUS / "labels.jsonl").exists(),
    reason=f"the shared corpus is not at {CORPUS} (it lives beside the repository, not in it)")
