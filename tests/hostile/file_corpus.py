"""Hostile HTML, text, Markdown and DOCX files, generated here (all wording written for these tests).

Each function returns ``(name, file name, bytes)``; the file name's extension picks the importer.
"""

from __future__ import annotations

import io
import struct
import zipfile

CLAUSE = "1. The licensee must not use the Model to train another model."


# -- HTML ------------------------------------------------------------------------------------------
def _page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}<title>Terms</title></head><body>{body}</body></html>"


def html_cases() -> list[tuple[str, str, bytes]]:
    text = f"<p>{CLAUSE}</p>"
    cases = {
        "nested-divs-200k": "<div>" * 200_000 + text + "</div>" * 200_000,
        "nested-furniture-divs-15k": '<div class="menu">' * 15_000 + text * 2000 + "</div>" * 15_000,
        "nested-hidden-divs-15k": "<div hidden>" * 15_000 + text * 2000 + "</div>" * 15_000,
        "nested-lists-15k": "<ol><li>" * 15_000 + CLAUSE + "</li></ol>" * 15_000,
        "nested-tables-3k": "<table><tr><td>" * 3000 + CLAUSE + "</td></tr></table>" * 3000,
        "nested-links-50k": "<a href='#'>" * 50_000 + text + "</a>" * 50_000,
        "nested-sections-with-headers-10k": "<section><header>x</header>" * 10_000 + text + "</section>" * 10_000,
        "nested-svg-math-16k": "<svg>" * 8_000 + "<math>" * 8_000 + text,
        "unclosed-paragraphs-100k": "<p>a clause" * 100_000,
        "unclosed-comment": text + "<!-- " + "never closed " * 1000,
        "plaintext-element": "<plaintext>" + "<p>" * 1000 + CLAUSE,
        "one-word-of-4mb": f"<p>{CLAUSE} " + "x" * 4_000_000 + "</p>",
        "megabyte-attribute": f'<p title="{"a" * 1_000_000}">{CLAUSE}</p>',
        "two-hundred-thousand-br": "<p>" + "<br>" * 200_000 + CLAUSE + "</p>",
        "entity-spam": "<p>" + "&amp;&#x10FFFF;&#0;&#xD800;&bogus;" * 100_000 + CLAUSE + "</p>",
        "scripts-only": "<script>" + "var terms = 1;" * 10_000 + "</script><style>p{}</style>",
        "furniture-only": "<nav>Home Pricing Blog</nav><footer>Copyright</footer>",
        "frameset": "<frameset><frame src='http://example.invalid/terms'></frameset>",
        "no-markup-at-all": CLAUSE * 1000,
    }
    out = [(f"html-{k}", f"{k}.html", _page(v).encode("utf-8")) for k, v in cases.items()]
    clause = _page(text)
    out += [
        ("html-declares-utf16-is-utf8", "lying-utf16.html", _page(text, '<meta charset="utf-16">').encode()),
        ("html-declares-unknown-charset", "unknown-charset.html", _page(text, '<meta charset="x-nonsense-9">').encode()),
        ("html-declares-utf8-is-cp1252", "lying-utf8.html",
         _page("<p>\u201cLicensee\u201d \u2013 " + CLAUSE + "</p>", '<meta charset="utf-8">').encode("cp1252")),
        ("html-utf8-bom-then-invalid-bytes", "bom-invalid.html", b"\xef\xbb\xbf" + clause.encode() + b"\xff\xfe\xc0\x80" * 500),
        ("html-utf32", "utf32.html", clause.encode("utf-32")),
        ("html-utf16-odd-length", "odd-utf16.html", clause.encode("utf-16-le")[:-1]),
        ("html-nul-between-every-byte", "nuls.html", b"\0".join(clause.encode()[i:i + 1] for i in range(len(clause)))),
        ("html-binary", "binary.html", b"\x89PNG\r\n\x1a\n" + bytes((i * 37) % 256 for i in range(40_000))),
    ]
    return out


# -- plain text and Markdown -----------------------------------------------------------------------
def text_cases() -> list[tuple[str, str, bytes]]:
    return [
        ("text-binary", "binary.txt", b"\x89PNG\r\n\x1a\n" + bytes((i * 37) % 256 for i in range(40_000))),
        ("text-zip-named-txt", "archive.txt", _zip({"a.xml": b"<a/>" * 100})),
        ("text-utf16-no-bom", "utf16.txt", (CLAUSE + "\n") .encode("utf-16-le") * 50),
        ("text-utf16-odd-length", "odd-utf16.txt", ((CLAUSE + "\n") * 50).encode("utf-16-le")[:-1]),
        ("text-utf32-bom", "utf32.txt", ((CLAUSE + "\n") * 50).encode("utf-32")),
        ("text-shift-jis-undeclared", "sjis.txt", "第1条 利用者は本モデルを他のモデルの訓練に使用してはならない。\n".encode("cp932") * 20),
        ("text-utf8-and-cp1252-mixed", "mixed.txt", (CLAUSE + " \u201cOutputs\u201d\n").encode() * 20
         + "\u201cLicensee\u201d means you.\n".encode("cp1252") * 20),
        ("text-cesu-surrogates", "cesu.txt", CLAUSE.encode() + b" \xed\xa0\x80\xed\xb0\x80 " * 200),
        ("text-utf8-bom-invalid-bytes", "bom-invalid.txt", b"\xef\xbb\xbf" + CLAUSE.encode() + b"\xff\xc0\x80" * 300),
        ("text-million-blank-lines", "blank-lines.txt", b"\n" * 1_000_000 + CLAUSE.encode()),
        ("text-ten-mb-line", "one-line.txt", b"x" * 10_000_000 + b" " + CLAUSE.encode()),
        ("text-200k-numbered-lines", "numbers.txt", b"1.\n" * 200_000 + CLAUSE.encode()),
        ("text-bidi-controls", "bidi.txt", ("\u202e" + CLAUSE + "\u202c\u2066\u2069\n").encode() * 200),
        ("text-combining-marks", "zalgo.txt", ("a" + "\u0301" * 50_000 + " " + CLAUSE).encode()),
        ("text-nul-separated", "nuls.txt", b"\0".join([CLAUSE.encode()] * 200)),
        ("text-whitespace-only", "blank.txt", b" \t\r\n" * 10_000),
        ("text-punctuation-only", "punct.txt", b".,;:-!?" * 10_000),
        ("text-carriage-returns-only", "cr.txt", (CLAUSE + "\r").encode() * 500),
        ("text-form-feeds", "ff.txt", (CLAUSE + "\f").encode() * 500),
        ("md-open-brackets", "brackets.md", b"[" * 50_000 + CLAUSE.encode()),
        ("md-link-openers", "links.md", b"](" * 50_000 + b"\n\n" + CLAUSE.encode()),
        ("md-image-openers", "images.md", b"![a" * 30_000 + b"\n\n" + CLAUSE.encode()),
        ("md-backticks", "ticks.md", b"`" * 50_000 + b" " + CLAUSE.encode()),
        ("md-stars", "stars.md", b"*a" * 100_000 + b"\n\n" + CLAUSE.encode()),
        ("md-tag-openers", "tags.md", b"<a " * 50_000 + b"\n\n" + CLAUSE.encode()),
        ("md-nested-quotes", "quotes.md", b">" * 20_000 + b" " + CLAUSE.encode()),
        ("md-nested-lists", "lists.md", b"".join(b" " * (2 * i) + b"- item\n" for i in range(3000)) + CLAUSE.encode()),
        ("md-unclosed-fence", "fence.md", b"```\n" + (CLAUSE + "\n").encode() * 1000),
        ("md-table-of-200k-cells", "table.md", b"|a" * 200_000 + b"|\n|" + b"-|" * 200_000 + b"\n" + CLAUSE.encode()),
    ]


# -- DOCX ------------------------------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                 b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
                 b'application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                 b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def _zip(entries: dict[str, bytes], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX: content types, the package relationship and ``word/document.xml``."""
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document_xml,
                 **(extra or {})})


def _document(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W}"><w:body>{body}'
            "</w:body></w:document>").encode()


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _lying_sizes(data: bytes, entry: str, size: int) -> bytes:
    """Rewrite the sizes the archive states for ``entry`` (local header and central directory)."""
    data = bytearray(data)
    name = entry.encode()
    local = data.index(b"PK\x03\x04")
    while True:
        n_len, x_len = struct.unpack_from("<HH", data, local + 26)
        if data[local + 30: local + 30 + n_len] == name:
            struct.pack_into("<I", data, local + 22, size)
            break
        comp = struct.unpack_from("<I", data, local + 18)[0]
        local = local + 30 + n_len + x_len + comp
    central = data.index(b"PK\x01\x02")
    while data[central:central + 4] == b"PK\x01\x02":
        n_len, x_len, c_len = struct.unpack_from("<HHH", data, central + 28)
        if data[central + 46: central + 46 + n_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central += 46 + n_len + x_len + c_len
    return bytes(data)


def docx_cases() -> list[tuple[str, str, bytes]]:
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    billion = _document(_para("&l9;"), f'<!DOCTYPE w:document [<!ENTITY l0 "lol">{laughs}]>')
    quadratic = _document(_para("&big;" * 50_000), f'<!DOCTYPE w:document [<!ENTITY big "{"x" * 50_000}">]>')
    xxe_file = _document(_para("&secret;") + _para(CLAUSE),
                         '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>')
    xxe_net = _document(_para("&remote;") + _para(CLAUSE),
                        '<!DOCTYPE w:document [<!ENTITY remote SYSTEM "http://example.invalid/x">]>')
    external_dtd = _document(_para(CLAUSE), '<!DOCTYPE w:document SYSTEM "http://example.invalid/evil.dtd">')
    deep = _document("<w:sdt><w:sdtContent>" * 100_000 + _para(CLAUSE) + "</w:sdtContent></w:sdt>" * 100_000)
    deep_tables = _document("<w:tbl><w:tr><w:tc>" * 200 + _para(CLAUSE) + "</w:tc></w:tr></w:tbl>" * 200)
    zeros = bytes(60 * 2**20)
    big_text = _document(_para(CLAUSE) * 2000)
    encrypted = bytearray(docx(_document(_para(CLAUSE))))
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag on every entry
        at = encrypted.find(sig)
        while at != -1:
            flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
            struct.pack_into("<H", encrypted, flag_at, struct.unpack_from("<H", encrypted, flag_at)[0] | 1)
            at = encrypted.find(sig, at + 4)
    styles = (f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="A"><w:name w:val="a"/>'
              '<w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:name w:val="b"/>'
              '<w:basedOn w:val="A"/></w:style></w:styles>').encode()
    many_entries = {f"word/media/{i}.bin": b"" for i in range(30_000)}
    return [
        ("docx-zip-bomb-one-entry", "bomb.docx", docx(big_text, {"word/media/zeros.bin": zeros})),
        ("docx-zip-bomb-lying-sizes", "liar.docx", _lying_sizes(docx(big_text, {"word/media/zeros.bin": zeros}),
                                                                "word/media/zeros.bin", 1000)),
        ("docx-document-part-lying-size", "liar-document.docx",
         _lying_sizes(docx(_document(_para(CLAUSE) + "<!--" + " " * 100_000_000 + "-->"), {}),
                      "word/document.xml", 2000)),
        ("docx-xml-billion-laughs", "laughs.docx", docx(billion)),
        ("docx-xml-quadratic-blowup", "quadratic.docx", docx(quadratic)),
        ("docx-xxe-local-file", "xxe-file.docx", docx(xxe_file)),
        ("docx-xxe-network", "xxe-net.docx", docx(xxe_net)),
        ("docx-external-dtd", "dtd.docx", docx(external_dtd)),
        ("docx-xml-nested-100k", "deep.docx", docx(deep)),
        ("docx-nested-tables-200", "deep-tables.docx", docx(deep_tables)),
        ("docx-style-cycle", "styles.docx", docx(_document(
            '<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>' + CLAUSE + "</w:t></w:r></w:p>"),
            {"word/styles.xml": styles})),
        ("docx-encrypted-entries", "encrypted.docx", bytes(encrypted)),
        ("docx-thirty-thousand-entries", "entries.docx", docx(_document(_para(CLAUSE)), many_entries)),
        ("docx-document-not-xml", "not-xml.docx", docx(b"\x00\x01 this is not XML")),
        ("docx-ole-word-97", "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8000)),
        ("docx-empty-zip", "empty.docx", _zip({})),
    ]
