"""Text helpers of document templates: numbers in words, and a typed body split into blocks."""

from __future__ import annotations

import re

_ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_FIELD_LINE = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s*(.*)$")


def terbilang(n: int) -> str:
    """``1250`` -> ``seribu dua ratus lima puluh``: amounts on receipts, counts of attachments."""
    n = int(n)
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu"), (100, "ratus")):
        if n >= size:
            head, rest = divmod(n, size)
            lead = ("se" + word) if head == 1 and size in (100, 1000) else f"{terbilang(head)} {word}"
            return lead + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError("unreachable")


def blocks(body: str) -> list[dict]:
    """A typed body as blocks: paragraphs separated by blank lines; a paragraph whose every line
    reads ``label : value`` becomes a table of fields (the date, time and place of an invitation),
    so that its colons line up as Tata Naskah Dinas writes them."""
    result = []
    for chunk in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").strip()):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        fields = [_FIELD_LINE.match(line) for line in lines]
        if len(lines) > 1 and all(fields):
            result.append({"fields": [(m[1], m[2]) for m in fields], "lines": []})
        else:
            result.append({"fields": [], "lines": [" ".join(line.split()) for line in lines]})
    return result
