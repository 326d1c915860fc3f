"""Shared by the hostile-input tests: the generated files, and a hard time limit per file."""

from __future__ import annotations

import signal
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from tests.fixtures import pdfs
from tests.hostile import file_corpus, pdf_corpus

# Hypothesis caches Unicode tables on disk: in the temporary folder, not as .hypothesis/ in the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "clauselens-hypothesis")


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Fail (instead of hanging the run) when the block takes longer than ``seconds``."""
    def expired(signum, frame):
        raise TookTooLong(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def licence_pdf(tmp_path_factory) -> bytes:
    return pdfs.make_licence_pdf(tmp_path_factory.mktemp("licence")).read_bytes()


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory, licence_pdf) -> dict[str, Path]:
    """Every hostile file, written once per run: case name -> path (its extension picks the reader)."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    pdf_cases = pdf_corpus.corpus(licence_pdf) + pdf_corpus.truncations(licence_pdf)
    for name, data in pdf_cases:
        files[name] = folder / f"{name}.pdf"
        files[name].write_bytes(data)
    for name, file_name, data in file_corpus.html_cases() + file_corpus.text_cases() + file_corpus.docx_cases():
        files[name] = folder / f"{name}{Path(file_name).suffix}"
        files[name].write_bytes(data)
    return files


def elapsed(start: float) -> float:
    return time.perf_counter() - start
