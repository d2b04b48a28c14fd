"""Just enough PDF reading to check what fpdf2 and WeasyPrint wrote (uncompressed output, Type0
fonts with a ToUnicode map, or core fonts; literal and hex strings): the text of every text block,
in drawing order."""

from __future__ import annotations

import re

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)
# In a text block, in drawing order: a font choice, a literal string (...) or a hex string <...>
# (not a dictionary's <<), and the operators that show them.
_OPS = re.compile(rb"/(?P<font>[A-Za-z0-9]+) [\d.]+ Tf|(?P<string>\((?:\\.|[^\\)])*\)|(?<!<)<[0-9A-Fa-f\s]*>(?!>))"
                  rb"|(?P<show>\b(?:Tj|TJ)\b|'|\")", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\":
            nxt = raw[i + 1:i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
        else:
            out += c
            i += 1
    return bytes(out)


def _cmap(stream: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + n)
    return mapping


def extract_text(pdf: bytes) -> list[str]:
    """Text blocks (BT ... ET) of an uncompressed PDF, whitespace normalised."""
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), "not a complete PDF"
    objects = {int(n): body for n, body in _OBJ.findall(pdf)}
    maps: dict[bytes, dict[int, str] | None] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/([A-Za-z0-9]+) (\d+) 0 R", body):
            font = objects.get(int(ref), b"")
            if not re.search(rb"/Type\s*/Font\b", font) or name in maps:
                continue
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
            maps[name] = _cmap(objects[int(to_unicode.group(1))]) if to_unicode else None
    blocks = []
    for body in objects.values():
        if b"stream" not in body or b"BT" not in body:
            continue
        font = None
        for block in re.findall(rb"BT(.*?)ET", body, re.S):
            text = ""
            # Fonts may change inside a block (WeasyPrint); each show operator is a piece of a
            # line, and separate pieces are separate words (a line break, a justified gap).
            for op in _OPS.finditer(block):
                if op.group("font"):
                    font = op.group("font")
                    continue
                if op.group("show"):
                    text += " "
                    continue
                raw = op.group("string")
                mapping = maps.get(font) if font else None
                if raw.startswith(b"<"):
                    digits = re.sub(rb"\s", b"", raw[1:-1])
                    data = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
                else:
                    data = _unescape(raw[1:-1])
                if mapping is None:
                    text += data.decode("latin-1")
                else:
                    text += "".join(mapping.get(int.from_bytes(data[i:i + 2], "big"), "?")
                                    for i in range(0, len(data) - 1, 2))
            if text.strip():
                blocks.append(" ".join(text.split()))
    return blocks
