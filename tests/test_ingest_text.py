"""Markdown and plain-text import: the words of the licence, in order, in sensible blocks.

Every sample sentence was written for these tests; the companies named do not exist.
"""

from __future__ import annotations

import pytest

from app.core.errors import ImportRefused
from app.core.ingest import extract
from app.core.ingest.assemble import assemble
from tests.test_ingest_html import _corpus_cases, assert_quotes_found

MARKDOWN = """---
layout: legal
---
Quill Harbor AI Terms
=====================

**Effective:** 1 March 2025 ([previous version](https://quill.invalid/terms/2024))

These terms cover the *Quill* assistant and its API ("Services"). See our [Privacy Notice][privacy]
and the [Usage Rules](/legal/rules "Rules") before you start. ![Quill logo](https://quill.invalid/logo.png)

[privacy]: https://quill.invalid/privacy

## 1. Using Quill

1.  **Access.** You must be 18 or older.
2.  **Restrictions.** You must not:
    1. use Output to develop models that compete with Quill;
    2. extract model weights, including by:
        - distillation;
        - repeated sampling.
3.  **Feedback.** We may use your feedback.

Setext Section Two
------------------

> Quill Harbor Ltd.\\
> 12 Quay Street, Cork

| Plan | Monthly fee |
|------|------------:|
| Free | 0 |
| Pro \\| Team | 20 |

```
CODE_SAMPLE = "kept as text"
```

Escaped \\*stars\\* and snake_case_names stay; 5 * 3 stays; <span class="x">inline html</span> goes;
AT&amp;T &copy; entities resolve. Autolink <https://quill.invalid/help> is text.
"""


def md_blocks(source: str = MARKDOWN):
    result = extract(source.encode("utf-8"), "terms.md")
    return result, [(b.kind, b.level, b.marker, " ".join(b.text.split())) for b in result.blocks]


def md_text(source: str = MARKDOWN) -> str:
    return assemble(extract(source.encode("utf-8"), "terms.md").blocks)[0]


def test_markdown_headings_and_title():
    result, blocks = md_blocks()
    assert result.title == "Quill Harbor AI Terms"
    headings = [(b[1], b[3]) for b in blocks if b[0] == "heading"]
    assert headings == [(1, "Quill Harbor AI Terms"), (2, "1. Using Quill"), (2, "Setext Section Two")]
    assert "layout" not in md_text()  # front matter is metadata, not text


def test_markdown_lists_keep_their_numbers_and_nesting():
    _, blocks = md_blocks()
    items = [(b[1], b[3]) for b in blocks if b[0] == "list_item"]
    assert items == [
        (1, "1. Access. You must be 18 or older."),
        (1, "2. Restrictions. You must not:"),
        (2, "1. use Output to develop models that compete with Quill;"),
        (2, "2. extract model weights, including by:"),
        (3, "distillation;"),
        (3, "repeated sampling."),
        (1, "3. Feedback. We may use your feedback."),
    ]


def test_markdown_link_syntax_is_gone_and_only_link_text_and_absolute_targets_stay():
    text = md_text()
    assert "](" not in text and "[privacy]" not in text and "logo" not in text
    assert "See our Privacy Notice and the Usage Rules before you start." in text
    assert "/legal/rules" not in text and "privacy:" not in text  # relative target, reference definition
    assert "previous version (https://quill.invalid/terms/2024)" in text
    assert "Autolink https://quill.invalid/help is text." in text


def test_markdown_inline_markup_removed_and_escapes_resolved():
    text = md_text()
    assert "Effective: 1 March 2025" in text
    assert "These terms cover the Quill assistant" in text
    assert "Escaped *stars* and snake_case_names stay; 5 * 3 stays; inline html goes;" in text
    assert "AT&T \u00a9 entities resolve." in text
    assert "<span" not in text and "**" not in text


def test_markdown_quotes_tables_and_code():
    _, blocks = md_blocks()
    assert ("paragraph", 0, "", "Quill Harbor Ltd. 12 Quay Street, Cork") in blocks
    cells = [b[3] for b in blocks if b[0] == "table_cell"]
    assert cells == ["Plan", "Monthly fee", "Free", "0", "Pro | Team", "20"]
    assert ("paragraph", 0, "", 'CODE_SAMPLE = "kept as text"') in blocks


WRAPPED = """\
                     ORCHID MIND MODEL LICENCE
                           Version 2.0

1. DEFINITIONS

1.1 "Model" means the Petal-3 weights and any non-
exclusive copy of them made by the Licensee under
this Licence.
1.2 "Output" means text the Model produces.
(a) Outputs may be published.
(b) Outputs must not be used to train a competing
model, as Section 4 of this Licence explains.

- Bullet one of the
  licence list
- Bullet two

Section 4: Use Restrictions
The Licensee shall not distil the Model.
"""

UNWRAPPED = """\
Quill Harbor Community Licence

Prohibited Uses
You agree not to use the Quill models to build a system that generates unsolicited bulk messages for any third party whatsoever, or to help anyone else do so at any time during the term of this Licence,
including after the Licence has been terminated for any reason.
1.2
Outputs may not be used to train other models.
"""


def txt_blocks(source: str, encoding: str = "utf-8"):
    result = extract(source.encode(encoding), "licence.txt")
    return result, [(b.kind, b.level, " ".join(b.text.split())) for b in result.blocks]


def test_wrapped_text_joins_lines_and_splits_at_numbers():
    result, blocks = txt_blocks(WRAPPED)
    assert result.title == "ORCHID MIND MODEL LICENCE"
    assert blocks == [
        ("heading", 1, "ORCHID MIND MODEL LICENCE"),
        ("heading", 1, "Version 2.0"),
        ("heading", 1, "1. DEFINITIONS"),
        ("paragraph", 0, '1.1 "Model" means the Petal-3 weights and any non-exclusive copy of them made by '
                         "the Licensee under this Licence."),
        ("paragraph", 0, '1.2 "Output" means text the Model produces.'),
        ("paragraph", 0, "(a) Outputs may be published."),
        ("paragraph", 0, "(b) Outputs must not be used to train a competing model, as Section 4 of this "
                         "Licence explains."),
        ("list_item", 1, "Bullet one of the licence list"),
        ("list_item", 1, "Bullet two"),
        ("paragraph", 0, "Section 4: Use Restrictions"),
        ("paragraph", 0, "The Licensee shall not distil the Model."),
    ]


def test_unwrapped_text_keeps_one_block_per_line():
    _, blocks = txt_blocks(UNWRAPPED)
    assert [b[0] for b in blocks] == ["heading", "heading", "paragraph", "paragraph"]
    assert blocks[2][2].endswith("term of this Licence, including after the Licence has been terminated for any reason.")
    assert blocks[3][2] == "1.2 Outputs may not be used to train other models."


def test_caps_disclaimer_wrapped_over_lines_is_not_a_heading():
    source = ("THE MODEL IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
              "IMPLIED, AND ORCHID MIND SHALL NOT BE LIABLE FOR ANY CLAIM.\n")
    _, blocks = txt_blocks(source)
    assert [b[0] for b in blocks] == ["paragraph"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"])
def test_text_encodings(encoding):
    sample = "Licence of Orchid Mind \u2013 \u201cOutput\u201d means r\u00e9sum\u00e9s the Model writes.\n"
    _, blocks = txt_blocks(sample, encoding)
    assert blocks == [("paragraph", 0, sample.strip())]


def test_references_at_a_line_start_do_not_split_a_wrapped_sentence():
    source = ("The Licensee shall process personal data in line with Regulation\n"
              "(EU) 2016/679 and with the duties set out in the Schedule, and as\n"
              "Section 5(a) of this Licence requires for every transfer abroad.\n")
    _, blocks = txt_blocks(source)
    assert len(blocks) == 1


@pytest.mark.parametrize("name, data", [("rules.md", b"----\n\n* * *\n"), ("rules.txt", b"-- -- --\n")])
def test_files_without_words_are_refused(name, data):
    with pytest.raises(ImportRefused, match="no readable text"):
        extract(data, name)


def test_binary_file_is_refused():
    with pytest.raises(ImportRefused, match="cannot be decoded as text"):
        extract(bytes(range(256)) * 64, "weights.txt")


@pytest.mark.parametrize("name, quotes", _corpus_cases((".md", ".txt")))
def test_corpus_quotes_are_found(name, quotes):
    assert_quotes_found(name, quotes)
