"""Python string offsets (code points) <-> positions in a Qt text document (UTF-16 code units).

They differ after every character outside the Basic Multilingual Plane (emoji, rare CJK), which
Qt counts twice. Every highlight goes through here so it covers exactly ``text[start:end]``.
"""

from __future__ import annotations

import bisect


class OffsetMap:
    def __init__(self, text: str):
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # the Qt position just after each astral character
        self._after = [i + k + 2 for k, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_qt(self, position: int) -> int:
        return position - bisect.bisect_right(self._after, position)
