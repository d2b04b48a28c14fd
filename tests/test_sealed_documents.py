"""Documents of a sealed case: encrypted before the storage sees them, opened only for its readers."""

from __future__ import annotations

import hashlib

import pytest

from balai.audit.tables import AuditEntry
from balai.documents import service
from balai.documents.service import DocumentError
from balai.documents.tables import Document, DocumentVersion
from tests.documents_support import pdf_bytes
from tests.sealed_support import leaks, open_report

FILENAME = "bukti_pungli_hartono.pdf"
TITLE = "Rekaman percakapan Hartono"


async def sealed_upload(client, case_id: int, content: bytes, **fields):
    data = {"owner_type": "case", "owner_id": str(case_id), **fields}
    return await client.post("/api/core/documents", data=data, files={"file": (FILENAME, content, "application/pdf")})


@pytest.fixture
async def filed(app, demo, login):
    """A sealed report with one document, uploaded by the worker, and the bytes stored for it."""
    report = await open_report(app, demo)
    worker = await login(report["worker"])
    content = pdf_bytes("Saksi melihat Hartono menerima uang", pad_to=200_000)
    answer = await sealed_upload(worker, report["case"]["id"], content, title=TITLE, note="dari pelapor Wulandari")
    assert answer.status_code == 201, answer.text
    version = answer.json()
    row = await DocumentVersion.select().where(DocumentVersion.id == version["id"]).first()
    stored = (app.state.balai.storage.root / row["storage_key"]).read_bytes()
    return {**report, "worker_client": worker, "content": content, "version": version, "stored": stored, "row": row}


async def test_the_stored_file_and_its_rows_hold_no_plaintext(filed):
    content, stored = filed["content"], filed["stored"]
    assert b"%PDF" not in stored and content[:256] not in stored and content[-256:] not in stored
    assert stored != content and len(stored) > len(content)
    plain_sha = hashlib.sha256(content).hexdigest()
    rows = [await DocumentVersion.raw("SELECT * FROM core_document_version WHERE id = {}", filed["version"]["id"]),
            await Document.raw("SELECT * FROM core_document WHERE id = {}", filed["version"]["document_id"])]
    assert leaks(rows) == [] and "rekaman" not in str(rows).lower() and plain_sha not in str(rows)
    assert filed["row"]["sha256"] == hashlib.sha256(stored).hexdigest()  # what is stored, checkable at rest
    assert filed["version"]["filename"] == "dokumen.pdf"
    audit = await AuditEntry.select().where((AuditEntry.action == "documents.upload")
                                            & (AuditEntry.object_id == str(filed["version"]["document_id"]))).output(load_json=True)
    assert audit and leaks(audit) == [] and plain_sha not in str(audit) and audit[0]["detail"]["sealed"] is True


async def test_its_readers_download_the_real_file(filed, login):
    got = await filed["worker_client"].get(f"/documents/{filed['version']['id']}/download")
    assert got.status_code == 200 and got.content == filed["content"]
    assert got.headers["x-checksum-sha256"] == hashlib.sha256(filed["content"]).hexdigest()
    assert FILENAME in got.headers["content-disposition"]
    listed = (await filed["worker_client"].get("/api/core/documents",
                                               params={"owner_type": "case", "owner_id": filed["case"]["id"]})).json()
    assert listed[0]["title"] == TITLE and listed[0]["versions"][0]["filename"] == FILENAME
    assert "sealed" not in listed[0]["versions"][0]  # the envelope never leaves the server
    page = await filed["worker_client"].get(f"/cases/{filed['case']['id']}")
    assert TITLE in page.text and f"/documents/{filed['version']['id']}/download" in page.text

    telaah = await login(filed["telaah"])
    assert (await telaah.get(f"/documents/{filed['version']['id']}/download")).content == filed["content"]


async def test_an_administrator_cannot_open_it(filed, login):
    admin = await login("admin")
    assert (await admin.get(f"/documents/{filed['version']['id']}/download")).status_code == 403
    assert (await admin.get(f"/api/core/documents/versions/{filed['version']['id']}/content")).status_code == 403
    assert (await admin.get(f"/documents/{filed['version']['document_id']}")).status_code == 403
    assert (await admin.get("/api/core/documents",
                            params={"owner_type": "case", "owner_id": filed["case"]["id"]})).status_code == 403
    page = await admin.get(f"/cases/{filed['case']['id']}")
    assert page.status_code == 200 and leaks(page.text) == [] and TITLE not in page.text
    assert 'data-testid="sealed-document"' in page.text
    assert f"/documents/{filed['version']['id']}/download" not in page.text


async def test_a_new_version_is_sealed_too(filed):
    second = pdf_bytes("Versi kedua: Hartono")
    answer = await sealed_upload(filed["worker_client"], filed["case"]["id"], second,
                                 document_id=str(filed["version"]["document_id"]))
    assert answer.status_code == 201, answer.text
    got = await filed["worker_client"].get(f"/documents/{answer.json()['id']}/download")
    assert got.content == second
    document = (await filed["worker_client"].get(f"/api/core/documents/{filed['version']['document_id']}")).json()
    assert document["title"] == TITLE and [v["number"] for v in document["versions"]] == [2, 1]


async def test_plaintext_never_joins_a_sealed_case(filed):
    staged = await service.stage_upload(pdf_bytes(), "lampiran.pdf")  # staged without sealing
    try:
        with pytest.raises(DocumentError):
            await service.record_staged(staged, "case", filed["case"]["id"], None)
    finally:
        await service.discard_staged([staged])
    sealed = await service.stage_upload(pdf_bytes(), "lampiran.pdf", sealed=True)
    try:
        with pytest.raises(DocumentError):  # nor sealed bytes a record nobody could open
            await service.record_staged(sealed, "case", filed["first"]["case"] + 100_000, None)
    finally:
        await service.discard_staged([sealed])


async def test_a_plugins_own_record_of_a_sealed_case_keeps_its_documents_sealed(filed, app):
    from balai.sealed import documents as sealed_documents

    content = pdf_bytes("Lampiran laporan milik plugin: Hartono")
    version = await service.save_upload(content, FILENAME, "laporan_uji", 7, None, sealed_case=filed["case"]["id"])
    stored = (app.state.balai.storage.root / version["storage_key"]).read_bytes()
    assert b"%PDF" not in stored and content[:256] not in stored and version["filename"] == "dokumen.pdf"
    download = await service.open_download(version["id"])
    assert await download.read() == content and download.download_name == FILENAME
    assert await sealed_documents.may_read(filed["worker"], version)
    shown = await sealed_documents.reveal(None, await service.list_documents("laporan_uji", 7))
    assert shown[0]["title"] == "Dokumen dirahasiakan" and shown[0]["readable"] is False
    shown = await sealed_documents.reveal(None, await service.list_documents("laporan_uji", 7), readable=True)
    assert shown[0]["current"]["filename"] == FILENAME  # a page that checked its visitor itself (a tracking code)
