"""The documents service's small parts: type detection, storage URLs, file names."""

from __future__ import annotations

import asyncio

import pytest

from balai.documents.plugin import content_disposition
from balai.documents import sniff
from balai.documents.service import clean_filename, download_name
from balai.documents.storage import LocalStorage, S3Storage, _ChunkReader, storage_for
from tests.documents_support import exe_bytes, legacy_doc_bytes, odt_bytes, pdf_bytes, png_bytes, xlsx_bytes


@pytest.mark.parametrize("content, expected", [
    (pdf_bytes(), sniff.PDF),
    (png_bytes(), "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100, "image/jpeg"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 100, "image/webp"),
    (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 100, "image/tiff"),
    (xlsx_bytes(), sniff.XLSX),
    (odt_bytes(), sniff.ODT),
    (legacy_doc_bytes(), sniff.DOC),
])
def test_allowed_types_are_recognised(content, expected):
    assert sniff.detect(content[:sniff.HEAD_BYTES]) == expected
    assert expected in sniff.ALLOWED


@pytest.mark.parametrize("content", [
    exe_bytes(),
    b"GIF89a" + b"\x00" * 100,  # an image type outside the list
    b"PK\x03\x04" + b"\x00" * 26 + b"payload.exe",  # a plain ZIP
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,  # OLE without Word/Excel streams (e.g. an .msi)
    "Surat biasa dalam teks.".encode(),
    b"",
])
def test_other_content_is_not_allowed(content):
    assert sniff.detect(content) not in sniff.ALLOWED


def test_storage_url_chooses_backend(tmp_path):
    local = storage_for(f"file://{tmp_path}/dokumen")
    assert isinstance(local, LocalStorage) and local.root == tmp_path / "dokumen"
    s3 = storage_for("s3://KUNCI:ra%2Fhasia@minio.opd.local:9000/arsip/balai?secure=false&region=id-kaltim&part_mb=16")
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix, s3.part_size) == ("arsip", "balai", 16 * 1024 * 1024)
    assert s3.client._base_url.is_https is False
    assert s3.client._provider.retrieve().secret_key == "ra/hasia"
    for bad in ("ftp://x/y", "file://relatif/path", "s3://k:s@host:9000/"):
        with pytest.raises(ValueError):
            storage_for(bad)


async def test_local_storage_refuses_keys_outside_its_folder(tmp_path):
    storage = LocalStorage(tmp_path / "dokumen")

    async def chunks():
        yield b"x"

    with pytest.raises(ValueError):
        await storage.save("../../etc/passwd", chunks())


async def test_local_storage_leaves_nothing_when_the_stream_fails(tmp_path):
    storage = LocalStorage(tmp_path)

    async def failing():
        yield b"a" * 1000
        raise RuntimeError("koneksi terputus")

    with pytest.raises(RuntimeError):
        await storage.save("2026/11/abc", failing())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


async def test_chunk_reader_gives_the_sdk_whole_parts():
    async def chunks():
        for i in range(10):
            yield bytes([i]) * 7

    reader = _ChunkReader(chunks(), asyncio.get_running_loop())

    def read_all():
        parts = []
        while part := reader.read(10):
            parts.append(part)
        return parts

    parts = await asyncio.to_thread(read_all)
    assert [len(p) for p in parts] == [10] * 7
    assert b"".join(parts) == b"".join(bytes([i]) * 7 for i in range(10))


@pytest.mark.parametrize("raw, clean", [
    ("C:\\Users\\staf\\Surat Tugas.pdf", "Surat Tugas.pdf"),
    ("../../etc/passwd", "passwd"),
    ("laporan\x00\n.pdf", "laporan.pdf"),
    ("", "dokumen"),
    ("...", "dokumen"),
])
def test_file_names_are_cleaned(raw, clean):
    assert clean_filename(raw) == clean


def test_download_name_follows_the_content():
    assert download_name("scan.pdf", "image/png") == "scan.png"
    assert download_name("foto.JPEG", "image/jpeg") == "foto.JPEG"
    assert download_name("surat", sniff.PDF) == "surat.pdf"


def test_content_disposition_survives_any_name():
    header = content_disposition('Surat "Undangan"; Rapat – Kadis.pdf')
    assert header.startswith('attachment; filename="Surat _Undangan__ Rapat _ Kadis.pdf"')
    assert "filename*=UTF-8''Surat%20%22Undangan%22%3B%20Rapat%20%E2%80%93%20Kadis.pdf" in header
