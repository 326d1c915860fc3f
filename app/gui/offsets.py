"""Python string offsets (code points) <-> positions in a Qt text document (UTF-16 code units).

They differ after every character outside the Basic Multilingual Plane (emoji, rare CJK), which
Qt counts twice. Every highlight goes through here so it covers exactly ``text[start:end]``.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # the Qt position just after each astral character
        self._after = [i + k + 2 for k, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        return position - bisect.bisect_right(self._after, position)
