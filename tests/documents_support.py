"""Sample files and a test plugin shared by the documents tests."""

from __future__ import annotations

import io
import itertools
import zipfile

from balai.api import hookimpl

_owner_ids = itertools.count(1000)


def next_owner_id() -> int:
    """A fresh record id per test: the documents of one test never show up in another."""
    return next(_owner_ids)


def pdf_bytes(text: str = "Surat uji", pad_to: int = 0) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    data = bytes(pdf.output())
    # Blank lines before the %%EOF marker (after the cross-reference table, whose offsets stay
    # right) give a PDF of any size that still ends like one.
    end = data.rindex(b"%%EOF")
    return data[:end] + b"\n" * max(0, pad_to - len(data)) + data[end:]


def png_bytes() -> bytes:
    import segno

    buf = io.BytesIO()
    segno.make("balai").save(buf, kind="png", scale=4)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    book.add_worksheet().write(0, 0, "Persediaan")
    book.close()
    return buf.getvalue()


def docx_bytes_libreoffice_order() -> bytes:
    """A DOCX whose ``word/`` part comes after several others, as some writers order them."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetypeless/readme.txt", "x")
        z.writestr("docProps/app.xml", "<Properties/>")
        z.writestr("docProps/core.xml", "<cp:coreProperties/>")
        z.writestr("customXml/item1.xml", "<x/>")
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def odt_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def legacy_doc_bytes() -> bytes:
    """An OLE compound file whose directory names a WordDocument stream (Word 97-2003)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry\x00".encode("utf-16-le").ljust(128, b"\x00")
    directory += "WordDocument\x00".encode("utf-16-le").ljust(128, b"\x00")
    return header + b"\x00" * 512 + directory + b"\x00" * 2048


def exe_bytes() -> bytes:
    """The start of a Windows program (MZ header pointing at a PE header)."""
    body = bytearray(b"MZ" + b"\x90" * 58 + (64).to_bytes(4, "little"))
    body += b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 4000
    return bytes(body)


class ArsipUji:
    """A plugin for the tests: documents of records ``arsip_uji`` are readable/writable by name.

    Answers through an awaitable, as plugins that look things up in the database do.
    """

    readers = {"demo.kasubag-umum", "demo.staf"}
    writers = {"demo.kasubag-umum"}

    @hookimpl
    def can_access_document(self, user, owner_type, owner_id, action):
        if owner_type != "arsip_uji":
            return None

        async def answer():
            return user.username in (self.writers if action == "write" else self.readers)

        return answer()


class Penolak:
    """A plugin that vetoes one record, whatever others say."""

    @hookimpl
    def can_access_document(self, user, owner_type, owner_id, action):
        return False if (owner_type, owner_id) == ("arsip_uji", 13) else None


async def upload(client, owner_id: int, content: bytes, filename: str = "surat.pdf", url: str = "/api/core/documents",
                 **fields):
    data = {"owner_type": "arsip_uji", "owner_id": str(owner_id), **{k: str(v) for k, v in fields.items()}}
    return await client.post(url, data=data, files={"file": (filename, content, "application/octet-stream")})


def limit_uploads(monkeypatch, mb: int) -> None:
    """The current app's upload limit is ``mb`` for one test: its configuration, as an agency sets it."""
    from dataclasses import replace

    from balai.context import current

    ctx = current()
    monkeypatch.setattr(ctx, "config", replace(ctx.config, max_upload_mb=mb))
