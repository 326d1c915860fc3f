"""Tagging throughput and pipeline load time, next to a bare spacy.blank("en") tokenizer, in one run.

Run with: .venv/bin/python -m pytest -q -s tests/perf/test_tagging_perf.py
Text: the project's own example sentences (clause_library/taxonomy) joined into paragraphs and
repeated to about 100,000 words, so the measure needs nothing outside the repository.
"""

from __future__ import annotations

import subprocess
import sys
import time

import spacy

from nlp import lexicon
from nlp.api import Analyzer
from nlp.pipeline import load

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def sample_text(words: int = 100_000) -> str:
    sentences = [s for t in lexicon.load_lexicon().types.values() for s in t.positive + t.negative]
    paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    text, out = "", []
    while len(text.split()) < words:
        out.extend(paragraphs)
        text = "\n\n".join(out)
    return text


def best(fn, runs=3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def test_tagging_throughput_and_load_time():
    text = sample_text()
    words = len(text.split())
    blank = spacy.blank("en")
    blank.max_length = len(text) + 1
    blank.make_doc(text)  # warm the vocabulary as the pipeline's run below is warmed
    bare = best(lambda: blank.make_doc(text))

    load_code = ("import time; t=time.perf_counter(); from nlp.pipeline import load; nlp=load(); "
                 "print(time.perf_counter()-t)")
    import_code = "import time; t=time.perf_counter(); import spacy; print(time.perf_counter()-t)"
    load_s = min(float(subprocess.run([sys.executable, "-c", load_code], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout) for _ in range(3))
    spacy_s = min(float(subprocess.run([sys.executable, "-c", import_code], cwd=ROOT, capture_output=True,
                                       text=True, check=True).stdout) for _ in range(3))

    analyzer = Analyzer(load())
    blocks = []
    pos = 0
    for para in text.split("\n\n"):
        blocks.append((pos, pos + len(para), "paragraph"))
        pos += len(para) + 2
    analyzer.analyze(text, blocks)
    tagged = best(lambda: analyzer.analyze(text, blocks), runs=2)

    print(f"\n{words} words")
    print(f"bare spacy.blank('en') tokenizer: {words / bare:>10,.0f} words/s")
    print(f"ClauseLens pipeline (tagging):    {words / tagged:>10,.0f} words/s  "
          f"({tagged / bare:.1f}x the tokenizer's time)")
    print(f"pipeline load (fresh process): {load_s:.2f} s, of which importing spaCy {spacy_s:.2f} s")
    assert words / tagged > 10_000
