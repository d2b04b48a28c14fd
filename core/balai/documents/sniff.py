"""What a file really is, judged from its first bytes — never from its name.

``filetype`` knows most signatures; the fall-backs below cover what it misses in practice:
OOXML/ODF packages whose parts come in another order, and legacy Word/Excel files recognised by
the names in their OLE directory. A PDF must start with its signature and end with its trailer
(:func:`pdf_complete`): a page with ``%PDF-`` hidden in a comment is not a PDF.
"""

from __future__ import annotations

import re
from types import MappingProxyType

import filetype

HEAD_BYTES = 64 * 1024

PDF = "application/pdf"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# content type -> the extension a download gets
ALLOWED = MappingProxyType({
    PDF: "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/tiff": "tif",
    DOCX: "docx",
    XLSX: "xlsx",
    PPTX: "pptx",
    ODT: "odt",
    ODS: "ods",
    DOC: "doc",
    XLS: "xls",
})

# What a browser shows in the page itself (its own PDF viewer, an <img>); the rest downloads.
VIEWABLE = frozenset({PDF, "image/jpeg", "image/png", "image/webp"})

_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_PARTS = ((b"word/", DOCX), (b"xl/", XLSX), (b"ppt/", PPTX))
_OLE_STREAMS = (("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS))
_ODF_MIMETYPE = re.compile(rb"^PK\x03\x04.{26}mimetype(application/vnd\.oasis\.opendocument\.[a-z.-]+)", re.S)


def detect(head: bytes) -> str | None:
    """The content type of a file starting with ``head`` (give at least :data:`HEAD_BYTES`)."""
    if not head:
        return None
    kind = filetype.guess(head[:8192])
    mime = kind.mime if kind else None
    if mime == PDF and not head.startswith(b"%PDF-"):
        return None  # filetype accepts "%PDF-" anywhere in the first bytes
    if mime in ALLOWED:
        return mime
    if head.startswith(_ZIP_LOCAL_HEADER):
        return _zip_document(head) or mime
    if head.startswith(_OLE_MAGIC):
        return _ole_document(head) or mime
    return mime


def _zip_document(head: bytes) -> str | None:
    odf = _ODF_MIMETYPE.match(head)
    if odf:
        return odf.group(1).decode()
    for name in _zip_names(head):
        for prefix, mime in _OOXML_PARTS:
            if name.startswith(prefix):
                return mime
    return None


def _zip_names(head: bytes):
    """File names of the ZIP local headers found in ``head``."""
    at = head.find(_ZIP_LOCAL_HEADER)
    while at != -1 and at + 30 <= len(head):
        name_len = int.from_bytes(head[at + 26:at + 28], "little")
        yield head[at + 30:at + 30 + name_len]
        at = head.find(_ZIP_LOCAL_HEADER, at + 30 + name_len)


def _ole_document(head: bytes) -> str | None:
    # An OLE file is a small file system; its directory names the streams, in UTF-16LE.
    for stream, mime in _OLE_STREAMS:
        if (stream + "\x00").encode("utf-16-le") in head:
            return mime
    return None


TAIL_BYTES = 1024  # PDF readers look for the trailer's %%EOF in the last kilobyte


def pdf_complete(tail: bytes) -> bool:
    """Whether the last :data:`TAIL_BYTES` of a file starting with ``%PDF-`` hold its ``%%EOF`` marker."""
    return b"%%EOF" in tail


def describe(content_type: str | None) -> str:
    """A short label for messages: ``PDF``, ``PNG``, ``DOCX``…"""
    if content_type in ALLOWED:
        return ALLOWED[content_type].upper()
    return content_type or "?"
