"""Documents on the embedded default (local folder): upload, versions, checksums, types, limits, access."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest

from balai.documents import service
from balai.documents.tables import Document, DocumentVersion
from tests.documents_support import (
    ArsipUji, Penolak, docx_bytes_libreoffice_order, exe_bytes, legacy_doc_bytes, limit_uploads, next_owner_id, odt_bytes,
    pdf_bytes, png_bytes, upload, xlsx_bytes,
)


@pytest.fixture(scope="module", autouse=True)
def arsip_plugin(app):
    host = app.state.host
    host.pm.register(ArsipUji(), name="arsip_uji")
    yield
    host.pm.unregister(name="arsip_uji")


def storage_root() -> Path:
    return service.storage().root


def stored_files() -> set[Path]:
    return {p for p in storage_root().rglob("*") if p.is_file()}


async def test_upload_then_download_gives_same_bytes_and_checksum(login):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    content = pdf_bytes("Nota dinas")
    r = await upload(c, owner, content, "nota dinas.pdf", title="Nota Dinas 12")
    assert r.status_code == 201, r.text
    version = r.json()
    assert version["sha256"] == hashlib.sha256(content).hexdigest()
    assert version["size"] == len(content)
    assert version["content_type"] == "application/pdf"
    assert version["number"] == 1
    assert "storage_key" not in version

    got = await c.get(version["download_url"])
    assert got.status_code == 200
    assert got.content == content
    assert got.headers["content-type"].startswith("application/pdf")
    assert 'filename="nota dinas.pdf"' in got.headers["content-disposition"]
    assert got.headers["x-checksum-sha256"] == version["sha256"]

    page = await c.get(f"/documents/{version['id']}/download")
    assert page.content == content

    listed = (await c.get("/api/core/documents", params={"owner_type": "arsip_uji", "owner_id": owner})).json()
    assert [d["title"] for d in listed] == ["Nota Dinas 12"]


async def test_new_version_keeps_the_old_one(login):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    first, second = pdf_bytes("Draf 1"), pdf_bytes("Draf 2")
    v1 = (await upload(c, owner, first, "telaah.pdf")).json()
    v2 = (await upload(c, owner, second, "telaah-revisi.pdf", document_id=v1["document_id"], note="perbaikan")).json()
    assert (v2["document_id"], v2["number"]) == (v1["document_id"], 2)
    assert v2["note"] == "perbaikan"

    document = (await c.get(f"/api/core/documents/{v1['document_id']}")).json()
    assert [v["number"] for v in document["versions"]] == [2, 1]
    assert document["current_version"] == v2["id"]
    assert (await c.get(f"/documents/{v1['id']}/download")).content == first
    assert (await c.get(f"/documents/{v2['id']}/download")).content == second

    page = await c.get(f"/documents/{v1['document_id']}")
    assert page.status_code == 200
    assert "telaah-revisi.pdf" in page.text and "telaah.pdf" in page.text


async def test_version_of_another_records_document_is_refused(login):
    c = await login("demo.kasubag-umum")
    theirs = (await upload(c, next_owner_id(), pdf_bytes())).json()
    r = await upload(c, next_owner_id(), pdf_bytes(), document_id=theirs["document_id"])
    assert r.status_code == 404
    assert (await DocumentVersion.count().where(DocumentVersion.document == theirs["document_id"])) == 1


async def test_ids_no_row_can_have_are_refused_with_a_reason(login):
    c = await login("demo.kasubag-umum")
    huge = 10**20
    to_nowhere = await upload(c, huge, pdf_bytes())
    assert to_nowhere.status_code == 400 and to_nowhere.json()["detail"] == "Nomor pemilik dokumen tidak sah."
    not_a_version = await upload(c, next_owner_id(), pdf_bytes(), document_id=huge)
    assert not_a_version.status_code == 400 and not_a_version.json()["detail"] == "Nomor dokumen tidak sah."


@pytest.mark.parametrize("content, name, expected", [
    (png_bytes(), "scan.pdf", "image/png"),
    (xlsx_bytes(), "rekap.bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (docx_bytes_libreoffice_order(), "surat", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (odt_bytes(), "memo.odt", "application/vnd.oasis.opendocument.text"),
    (legacy_doc_bytes(), "lama.doc", "application/msword"),
])
async def test_type_is_detected_from_content_not_name(login, content, name, expected):
    c = await login("demo.kasubag-umum")
    r = await upload(c, next_owner_id(), content, name)
    assert r.status_code == 201, r.text
    assert r.json()["content_type"] == expected


async def test_pdf_without_its_trailer_is_refused_and_nothing_stored(login):
    c = await login("demo.kasubag-umum")
    before = stored_files()
    cut = pdf_bytes("Surat terpotong").rstrip()[:-len(b"%%EOF")] + b" " * 2000
    r = await upload(c, next_owner_id(), cut, "terpotong.pdf")
    assert r.status_code == 415 and "PDF tidak utuh" in r.json()["detail"]
    assert stored_files() == before


async def test_png_named_pdf_downloads_as_png(login):
    c = await login("demo.kasubag-umum")
    version = (await upload(c, next_owner_id(), png_bytes(), "scan.pdf")).json()
    got = await c.get(version["download_url"])
    assert got.headers["content-type"] == "image/png"
    assert 'filename="scan.png"' in got.headers["content-disposition"]


@pytest.mark.parametrize("content, name", [
    (exe_bytes(), "laporan.pdf"),
    (b"#!/bin/sh\nrm -rf /\n", "catatan.pdf"),
    (b"\x00" * 1000, "kosong.docx"),
    # An HTML page with the PDF signature in a comment of its first kilobyte is not a PDF.
    (b"<html><script>alert(document.cookie)</script><!-- %PDF-1.4 -->" + b" " * 500 + b"%%EOF", "surat.pdf"),
    (b"%!junk\n" + pdf_bytes(), "x.pdf"),
])
async def test_disallowed_content_is_refused_and_nothing_stored(login, content, name):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    before = stored_files()
    r = await upload(c, owner, content, name)
    assert r.status_code == 415
    assert "Jenis berkas tidak diizinkan" in r.json()["detail"]
    assert stored_files() == before
    assert not await Document.exists().where(Document.owner_id == owner)


async def test_empty_file_is_refused(login):
    c = await login("demo.kasubag-umum")
    r = await upload(c, next_owner_id(), b"", "kosong.pdf")
    assert r.status_code == 400
    assert "Berkas kosong" in r.json()["detail"]


async def test_size_limit_aborts_stream_with_413_and_leaves_nothing(login, monkeypatch):
    limit_uploads(monkeypatch, mb=1)
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    before = stored_files()
    # under the limit plus form overhead: only counting the streamed bytes catches it
    r = await upload(c, owner, pdf_bytes(pad_to=1024 * 1024 + 300 * 1024))
    assert r.status_code == 413
    assert r.json()["detail"] == "Berkas terlalu besar. Ukuran maksimum 1 MB."
    assert stored_files() == before  # no partial file left behind
    assert not await Document.exists().where(Document.owner_id == owner)

    exactly = await upload(c, owner, pdf_bytes(pad_to=1024 * 1024))
    assert exactly.status_code == 201


async def test_size_limit_on_the_page_shows_the_panel_with_the_message(login, monkeypatch):
    limit_uploads(monkeypatch, mb=1)
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    r = await upload(c, owner, pdf_bytes(pad_to=3 * 1024 * 1024), url="/documents/upload",
                     next="/halaman/asal")
    assert r.status_code == 413
    assert "Berkas terlalu besar. Ukuran maksimum 1 MB." in r.text
    assert 'data-testid="documents-panel"' in r.text


async def test_failed_database_write_removes_stored_object(login, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(service, "_record", broken)
    before = stored_files()
    with pytest.raises(RuntimeError):
        await service.save_upload(pdf_bytes(), "a.pdf", "arsip_uji", next_owner_id(), None)
    assert stored_files() == before


async def test_reader_without_access_gets_403_and_allowed_reader_gets_file(login):
    writer = await login("demo.kasubag-umum")
    owner = next_owner_id()
    content = pdf_bytes("Rahasia")
    version = (await upload(writer, owner, content)).json()

    outsider = await login("demo.sekretaris")
    for url in (f"/documents/{version['id']}/download", version["download_url"],
                f"/api/core/documents/{version['document_id']}", f"/documents/{version['document_id']}"):
        assert (await outsider.get(url)).status_code == 403, url
    listed = await outsider.get("/api/core/documents", params={"owner_type": "arsip_uji", "owner_id": owner})
    assert listed.status_code == 403

    reader = await login("demo.staf")
    assert (await reader.get(f"/documents/{version['id']}/download")).content == content
    admin = await login("admin")
    assert (await admin.get(version["download_url"])).content == content


async def test_upload_needs_write_access(login):
    reader = await login("demo.staf")
    owner = next_owner_id()
    r = await upload(reader, owner, pdf_bytes())
    assert r.status_code == 403
    assert not await Document.exists().where(Document.owner_id == owner)
    admin = await login("admin")  # admins may read everything, not write everywhere
    assert (await upload(admin, owner, pdf_bytes())).status_code == 403


async def test_anonymous_cannot_download(client, login):
    writer = await login("demo.kasubag-umum")
    version = (await upload(writer, next_owner_id(), pdf_bytes())).json()
    r = await client.get(version["download_url"])
    assert r.status_code == 401
    page = await client.get(f"/documents/{version['id']}/download", follow_redirects=False)
    assert page.status_code in (302, 303) and page.headers["location"].startswith("/login")


async def test_upload_without_csrf_token_is_refused(login):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    del c.headers["x-csrftoken"]
    r = await upload(c, owner, pdf_bytes(), url="/documents/upload")
    assert r.status_code == 403
    r = await upload(c, owner, pdf_bytes(), url="/documents/upload", _csrf_token="palsu" * 20)
    assert r.status_code == 403
    assert not await Document.exists().where(Document.owner_id == owner)


async def test_form_without_javascript_redirects_back_with_message(login):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    token = c.headers.pop("x-csrftoken")
    r = await c.post(
        "/documents/upload",
        data={"_csrf_token": token, "owner_type": "arsip_uji", "owner_id": str(owner), "next": "/surat/7", "title": ""},
        files={"file": ("undangan.pdf", pdf_bytes(), "application/pdf")},
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/surat/7"
    assert await Document.exists().where((Document.owner_id == owner) & (Document.title == "undangan.pdf"))


async def test_htmx_upload_answers_with_the_refreshed_panel(login):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    c.headers["hx-request"] = "true"
    r = await upload(c, owner, pdf_bytes(), "sk.pdf", url="/documents/upload", next="/surat/9", title="SK Tim")
    assert r.status_code == 200
    assert "<html" not in r.text
    assert "SK Tim" in r.text and "tersimpan sebagai versi 1" in r.text
    assert 'name="next" value="/surat/9"' in r.text

    refused = await upload(c, owner, exe_bytes(), "sk.pdf", url="/documents/upload", next="/surat/9")
    assert refused.status_code == 415
    assert "Jenis berkas tidak diizinkan" in refused.text and "SK Tim" in refused.text


async def test_panel_lists_versions_and_offers_upload_only_to_writers(login):
    writer = await login("demo.kasubag-umum")
    owner = next_owner_id()
    v1 = (await upload(writer, owner, pdf_bytes("1"), "a.pdf", title="Kontrak")).json()
    await upload(writer, owner, pdf_bytes("2"), "b.pdf", document_id=v1["document_id"])
    page = await writer.get("/documents/panel", params={"owner_type": "arsip_uji", "owner_id": owner})
    assert page.status_code == 200
    assert "Kontrak" in page.text and "Versi 2" in page.text and "Versi sebelumnya (1)" in page.text
    assert 'action="/documents/upload"' in page.text

    reader = await login("demo.staf")
    page = await reader.get("/documents/panel", params={"owner_type": "arsip_uji", "owner_id": owner})
    assert "Kontrak" in page.text and 'action="/documents/upload"' not in page.text


async def test_python_api_for_plugins(demo):
    from balai.api import list_documents, open_download, save_upload

    owner = next_owner_id()
    content = pdf_bytes("Lampiran")
    version = await save_upload(io.BytesIO(content), "lampiran.pdf", "arsip_uji", owner, None, title="Lampiran")
    again = await save_upload(iter([content[:100], content[100:]]), "lampiran.pdf", "arsip_uji", owner, None,
                              document_id=version["document_id"])
    docs = await list_documents("arsip_uji", owner)
    assert [v["number"] for v in docs[0]["versions"]] == [2, 1]
    assert docs[0]["current"]["id"] == again["id"]
    download = await open_download(again["id"])
    assert await download.read() == content


async def test_hook_can_access_document(app, demo):
    """The hook decides: True from someone and no False; None means "not mine"; awaitables allowed."""
    from balai.identity.access import CurrentUser
    from balai.api import check_document_access

    staf = CurrentUser(id=1, username="demo.staf", full_name="Staf")
    kasubag = CurrentUser(id=2, username="demo.kasubag-umum", full_name="Kasubag")
    admin = CurrentUser(id=3, username="admin", full_name="Admin", is_admin=True)

    assert await check_document_access(kasubag, "arsip_uji", 1, "write")
    assert await check_document_access(staf, "arsip_uji", 1, "read")
    assert not await check_document_access(staf, "arsip_uji", 1, "write")
    assert not await check_document_access(kasubag, "jenis_lain", 1, "read")  # nobody answers: denied
    assert await check_document_access(admin, "jenis_lain", 1, "read")
    assert not await check_document_access(admin, "jenis_lain", 1, "write")
    assert not await check_document_access(None, "arsip_uji", 1, "read")

    app.state.host.pm.register(Penolak(), name="penolak")
    try:
        assert not await check_document_access(kasubag, "arsip_uji", 13, "read")
        assert await check_document_access(kasubag, "arsip_uji", 14, "read")
    finally:
        app.state.host.pm.unregister(name="penolak")


async def test_uploads_are_audited(login):
    from balai.audit.tables import AuditEntry

    c = await login("demo.kasubag-umum")
    version = (await upload(c, next_owner_id(), pdf_bytes())).json()
    await c.get(version["download_url"])
    actions = await AuditEntry.select(AuditEntry.action).where(
        (AuditEntry.object_type == "document") & (AuditEntry.object_id == str(version["document_id"]))
    )
    assert sorted(a["action"] for a in actions) == ["documents.download", "documents.upload"]


async def test_a_30_mb_upload_keeps_server_memory_flat(login, tmp_path):
    c = await login("demo.kasubag-umum")
    big = tmp_path / "pindaian.pdf"
    pdf = pdf_bytes("Pindaian")
    end = pdf.rindex(b"%%EOF")
    with open(big, "wb") as fh:
        fh.write(pdf[:end])
        block = b"\n" * (1024 * 1024)
        for _ in range(30):
            fh.write(block)
        fh.write(pdf[end:])
    size = big.stat().st_size
    with open(big, "rb") as fh:
        tracemalloc.start()
        try:
            r = await c.post("/api/core/documents", data={"owner_type": "arsip_uji", "owner_id": str(next_owner_id())},
                             files={"file": ("pindaian.pdf", fh, "application/pdf")})
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert r.status_code == 201, r.text
    assert r.json()["size"] == size
    # The client and the server share this process; together they may hold a few chunks, not the file.
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB upload"
