"""Property-based tests (hypothesis) of the HTML, plain-text and Markdown readers and the clause
segmenter: whatever the input, a reader returns blocks or refuses in one line, the text it returns
is made of the input's words in the input's order, and clauses partition the blocks exactly.
"""

from __future__ import annotations

import os
import time
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import ImportRefused
from app.core.ingest import extract
from app.core.ingest.assemble import assemble
from app.core.model import BLOCK_KINDS, BlockDraft
from app.core.segment import segment

# A fixed set of examples in the normal run (the same every time); set CLAUSELENS_HYPOTHESIS_EXAMPLES
# to search further and at random (1,500 per test found nothing more when these were written).
EXAMPLES = int(os.environ.get("CLAUSELENS_HYPOTHESIS_EXAMPLES", "0"))
SETTINGS = settings(max_examples=EXAMPLES or 100, deadline=5000, derandomize=not EXAMPLES, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
LIMIT = 2.0  # seconds for one generated input (they are at most a few kilobytes)


def read(data: bytes, name: str):
    """The reader's answer: (text, blocks) or the refusal; any other exception fails the test."""
    start = time.perf_counter()
    try:
        extraction = extract(data, name)
    except ImportRefused as refused:
        message = str(refused)
        assert message.startswith(f"{name}: ") and "\n" not in message
        return None
    finally:
        assert time.perf_counter() - start < LIMIT
    text, pages, blocks = assemble(extraction.blocks, extraction.page_count)
    for b in blocks:
        assert 0 <= b.start < b.end <= len(text) and text[b.start:b.end].strip() == text[b.start:b.end]
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)
    return text, blocks


def letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(ch in it for ch in part)


# -- any bytes at all --------------------------------------------------------------------------------
@SETTINGS
@given(st.binary(max_size=4000), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_bytes_are_read_or_refused(data, name):
    read(data, name)


@SETTINGS
@given(st.text(max_size=3000), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "shift_jis"]),
       st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_text_in_any_encoding_is_read_or_refused(text, encoding, name):
    read(text.encode(encoding, errors="replace"), name)


# -- plain text keeps every letter and digit, in order ---------------------------------------------
_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\u2028\u2029\x85")
LINES = st.lists(st.one_of(
    st.text(_PRINTABLE, max_size=120),
    st.sampled_from(["", "1.", "2.3", "(a)", "(iv)", "- ", "* ", "Section 4", "§ 2", "ARTICLE IV", "non-", "\t"]),
    st.builds(lambda n, w: f"{n} {w}", st.sampled_from(["1.", "1.1", "(b)", "ii.", "Article 2", "-", "•"]),
              st.text(_PRINTABLE, min_size=1, max_size=80)),
), max_size=60)


@SETTINGS
@given(LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_plain_text_keeps_every_letter_and_digit_in_order(lines, newline):
    source = newline.join(lines)
    result = read(source.encode("utf-8"), "licence.txt")
    if result is None:
        assert not any(ch.isalnum() for ch in source)  # refused only when there is no word at all
        return
    text, _ = result
    assert letters(text) == letters(source)


@SETTINGS
@given(LINES)
def test_markdown_invents_nothing(lines):
    source = "\n".join(lines)
    result = read(source.encode("utf-8"), "licence.md")
    if result is not None:
        assert is_subsequence(letters(result[0]), letters(source))


# -- HTML: generated trees ---------------------------------------------------------------------------
WORDS = st.sampled_from(["licensee", "shall", "not", "distil", "the", "Model", "Outputs", "1.", "2.1", "(a)",
                         "Section", "3", "governed", "by", "Ireland", "weights", "train", "compete"])
SECRET = "zzsecretzz"  # only ever inside <script>, <style> or <template>
CONTAINERS = ["div", "p", "span", "section", "article", "main", "ul", "ol", "li", "table", "tr", "td", "th",
              "h1", "h2", "h3", "a", "b", "i", "em", "nav", "header", "footer", "aside", "form", "blockquote"]


def _element(children):
    return st.builds(lambda tag, attrs, kids: f"<{tag}{attrs}>{''.join(kids)}</{tag}>",
                     st.sampled_from(CONTAINERS),
                     st.sampled_from(["", ' class="menu"', ' hidden', ' role="main"', ' id="content"',
                                      ' style="display:none"', ' aria-hidden="true"']),
                     st.lists(children, max_size=5))


TEXT_NODE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
INVISIBLE = st.sampled_from([f"<script>var {SECRET} = 1;</script>", f"<style>.{SECRET}{{}}</style>",
                             f"<template><p>{SECRET}</p></template>", "<br>", "<img src='x.png'>", "<hr>"])
TREES = st.recursive(st.one_of(TEXT_NODE, INVISIBLE), _element, max_leaves=40)


@SETTINGS
@given(st.lists(TREES, min_size=1, max_size=4).map("".join))
def test_html_shows_only_visible_words_in_page_order(body):
    page = f"<!doctype html><html><head><title>Terms</title></head><body>{body}</body></html>"
    result = read(page.encode("utf-8"), "terms.html")
    if result is None:
        return
    text, _ = result
    assert SECRET not in text
    visible = body
    for invisible in (f"<script>var {SECRET} = 1;</script>", f"<style>.{SECRET}{{}}</style>",
                      f"<template><p>{SECRET}</p></template>"):
        visible = visible.replace(invisible, "")
    assert is_subsequence(letters(text), letters(visible))


# -- the segmenter -----------------------------------------------------------------------------------
NUMBERS = st.sampled_from(["", "1. ", "2. ", "1.1 ", "1.2.3 ", "(a) ", "(b) ", "(i) ", "(ii) ", "(iv) ", "(A) ",
                           "a. ", "IV. ", "Section 4 ", "Article 2. ", "§ 3 ", "10) ", "2024 ", "100 "])
DRAFTS = st.lists(st.builds(
    lambda kind, number, words, page, level, marker: BlockDraft(kind, number + words, page, level, marker=marker),
    st.sampled_from(BLOCK_KINDS), NUMBERS,
    st.one_of(st.lists(WORDS, min_size=1, max_size=30).map(" ".join), st.just("word " * 500)),
    st.integers(1, 5), st.integers(0, 7), st.sampled_from(["", "", "1.", "(a)", "iv.", "3.2", "•"])),
    max_size=80).map(lambda drafts: sorted(drafts, key=lambda d: d.page))


@SETTINGS
@given(DRAFTS)
def test_clauses_partition_the_blocks_in_order(drafts):
    text, pages, blocks = assemble(drafts, max((d.page for d in drafts), default=1))
    start = time.perf_counter()
    clauses = segment(text, blocks)
    assert time.perf_counter() - start < LIMIT
    block_starts = {b.start: b for b in blocks}
    block_ends = {b.end for b in blocks}
    covered = []
    for c in clauses:
        assert c.start in block_starts and c.end in block_ends and c.start < c.end
        assert c.page == block_starts[c.start].page
        assert isinstance(c.number, str) and isinstance(c.path, str) and len(c.heading) <= 80
        covered += [b for b in blocks if c.start <= b.start and b.end <= c.end]
    assert covered == blocks  # every block in exactly one clause, clauses in reading order
