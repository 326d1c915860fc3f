"""``first_chars``: the characters a regex cue's match can start with. A text without any of them
is skipped by the regex_cues component, so the set must never miss a real match's first character.

Every text here was written for these tests; none comes from a real licence.
"""

from __future__ import annotations

import random
import re

import pytest

from nlp.lexicon import compile_regex, first_chars, load_lexicon

PATTERNS = [
    "abc", "a?b", "(?:x|y?)z", "(?=q)w", r"\bfoo", "a{0,2}b", "(?>ab|c)d", "(?<!不)应当?", "[a-c]+x",
    "(?:(?:ab)?c)*d", "x|y|(?:z?)w", "[\"“]quoted[\"”]",
]
UNKNOWN = ["a*", "(?i)abc", ".x", r"\w+", "[^a]b", "(?:a|.)b", "(?i:a)b", "x?"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_match_starts_with_one_of_the_first_chars(pattern):
    compiled = re.compile(pattern)
    chars = first_chars(compiled)
    assert chars
    rng = random.Random(7)
    alphabet = "abcdwxyzq 应当不\"“”quoted"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for m in compiled.finditer(text):
            if m.end() > m.start():
                assert text[m.start()] in chars, (pattern, text)


@pytest.mark.parametrize("pattern", UNKNOWN)
def test_no_shortcut_where_a_match_can_start_anywhere(pattern):
    assert first_chars(re.compile(pattern)) is None


def test_library_regex_cues_have_first_chars_and_english_text_skips_the_chinese_ones():
    cues = [c for c in load_lexicon().cues.values() if c.regex]
    assert cues
    english = "You shall not use the Outputs to train a competing model; Provider may terminate."
    skipped = 0
    for cue in cues:
        pattern = compile_regex(cue)
        chars = first_chars(pattern)
        if chars is not None and not any(c in english for c in chars):
            skipped += 1
            assert pattern.search(english) is None
    assert skipped >= len(cues) // 2
