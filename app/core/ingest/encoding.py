"""Turn a text file's bytes into ``str``: byte-order marks, declared charsets, then detection.

Shared by the HTML, Markdown and plain-text extractors. Order of trust: a byte-order mark, then
a charset the file declares (``declared``), then UTF-16 without a BOM when the zero bytes say
so, then strict UTF-8, then charset-normalizer. Undeclared legacy files are usually windows-1252;
charset-normalizer cannot tell the Latin single-byte code pages apart on a short text (it
reads curly quotes and accents as windows-1257 or 1250 about as readily), so among the Latin
candidates the one that decodes to the fewest unlikely characters wins, windows-1252 on a tie.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes

from app.core.errors import ImportRefused

_BOMS = (  # UTF-32 first: its little-endian BOM begins with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers read as a superset encoding (WHATWG Encoding Standard).
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "cp819": "cp1252", "iso-8859-9": "cp1254",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "ms_kanji": "cp932",
    "windows-31j": "cp932", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs", "tis-620": "cp874",
}

_NON_ASCII = re.compile("[^\x00-\x7f]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")
_LATIN = {"cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "cp437", "cp850", "cp852", "cp858",
          "cp775", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10",
          "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman", "mac_latin2",
          "mac_iceland", "mac_turkish"}


def codec_for(label: str | None) -> str | None:
    """The Python codec for a declared charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, path: str, declared: str | None = None) -> str:
    """Decode ``data``; raise ImportRefused when it does not look like text in any encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom):].decode(codec, errors="replace"), path)
    codec = codec_for(declared)
    if codec and not codec.startswith(("utf-16", "utf-32")):  # a BOM-less UTF-16 label is a lie
        try:
            return _checked(data.decode(codec), path)
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data)  # before UTF-8: zero bytes are valid UTF-8, never real text
    if utf16:
        try:
            return _checked(data.decode(utf16), path)
        except UnicodeDecodeError:
            pass
    try:
        return _checked(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    guess = _detect(data)
    if guess is None and codec:
        guess = data.decode(codec, errors="replace")
    if guess is None:
        raise ImportRefused(path, "the file cannot be decoded as text in any known encoding")
    return _checked(guess, path)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly Latin text has a zero byte in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str | None:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    if best.encoding not in _LATIN:
        return str(best)
    candidates = ["cp1252"] + [m.encoding for m in results if m.encoding in _LATIN]
    decoded = []
    for codec in dict.fromkeys(candidates):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        decoded.append((_unlikely(text), len(decoded), text))
    return min(decoded)[2] if decoded else str(best)


def _unlikely(text: str) -> int:
    """Non-ASCII characters that are neither letters, punctuation, spaces nor currency signs."""
    counts = Counter(_NON_ASCII.findall(text))
    return sum(n for ch, n in counts.items()
               if unicodedata.category(ch)[0] not in "LPZ" and unicodedata.category(ch) != "Sc")


def _checked(text: str, path: str) -> str:
    """Refuse binary data that happened to decode: text files have almost no control characters."""
    sample = text[:100_000]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls > 0.01 * len(sample) + 2:
        raise ImportRefused(path, "the file cannot be decoded as text (it looks like binary data)")
    return text
