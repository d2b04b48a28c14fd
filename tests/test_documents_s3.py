"""Documents on S3 (moto's S3 server on loopback), through the same code path as production.

The storage is chosen from an ``s3://`` URL exactly as ``BALAI_STORAGE_URL`` would choose it; uploads
and downloads go through the app's HTTP routes.
"""

from __future__ import annotations

import hashlib

import pytest

from balai.documents import service
from balai.documents.storage import S3Storage, storage_for
from balai.documents.tables import Document, DocumentVersion
from tests.documents_support import ArsipUji, exe_bytes, limit_uploads, next_owner_id, pdf_bytes, upload
from balai.testing import free_port

BUCKET = "balai-dokumen"
ACCESS, SECRET = "uji", "rahasia/uji+1"  # characters that must survive the URL


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    from minio import Minio

    Minio(f"127.0.0.1:{port}", access_key=ACCESS, secret_key=SECRET, secure=False,
          region="us-east-1").make_bucket(BUCKET)
    yield f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module", autouse=True)
def s3_storage(app, s3_endpoint):
    """Swap the app's storage for the S3 one for this module, then put the local one back."""
    from urllib.parse import quote

    url = f"s3://{ACCESS}:{quote(SECRET, safe='')}@{s3_endpoint}/{BUCKET}/balai?secure=false&region=us-east-1&part_mb=5"
    ctx = app.state.balai
    local = ctx.storage
    ctx.storage = storage_for(url)
    app.state.host.pm.register(ArsipUji(), name="arsip_uji_s3")
    yield ctx.storage
    app.state.host.pm.unregister(name="arsip_uji_s3")
    ctx.storage = local


def objects(storage: S3Storage) -> set[str]:
    return {o.object_name for o in storage.client.list_objects(BUCKET, recursive=True)}


def unfinished_uploads(endpoint: str) -> list:
    import boto3  # only to look behind the SDK's back: the app itself talks through minio

    s3 = boto3.client("s3", endpoint_url=f"http://{endpoint}", aws_access_key_id=ACCESS,
                      aws_secret_access_key=SECRET, region_name="us-east-1")
    return s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])


def test_storage_url_is_parsed(s3_storage):
    assert isinstance(s3_storage, S3Storage)
    assert (s3_storage.bucket, s3_storage.prefix, s3_storage.part_size) == (BUCKET, "balai", 5 * 1024 * 1024)


async def test_multipart_upload_and_streamed_download(login, s3_storage):
    c = await login("demo.kasubag-umum")
    content = pdf_bytes("Pindaian arsip", pad_to=12 * 1024 * 1024 + 123)  # three parts of 5 MiB
    r = await upload(c, next_owner_id(), content, "arsip.pdf")
    assert r.status_code == 201, r.text
    version = r.json()
    assert version["sha256"] == hashlib.sha256(content).hexdigest()
    assert version["size"] == len(content)

    key = (await DocumentVersion.select(DocumentVersion.storage_key).where(DocumentVersion.id == version["id"]).first())
    stat = s3_storage.client.stat_object(BUCKET, f"balai/{key['storage_key']}")
    assert stat.size == len(content)

    got = await c.get(f"/documents/{version['id']}/download")
    assert got.status_code == 200
    assert hashlib.sha256(got.content).hexdigest() == version["sha256"]


async def test_versions_on_s3(login):
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    first, second = pdf_bytes("Versi satu"), pdf_bytes("Versi dua")
    v1 = (await upload(c, owner, first)).json()
    v2 = (await upload(c, owner, second, document_id=v1["document_id"])).json()
    assert v2["number"] == 2
    assert (await c.get(v1["download_url"])).content == first
    assert (await c.get(v2["download_url"])).content == second


async def test_too_large_upload_is_aborted_and_leaves_no_object(login, monkeypatch, s3_storage, s3_endpoint):
    limit_uploads(monkeypatch, mb=6)
    c = await login("demo.kasubag-umum")
    owner = next_owner_id()
    before = objects(s3_storage)
    # over the limit by less than the form overhead: the streamed byte count must stop it mid-upload,
    # after the SDK has already sent a first 5 MiB part
    r = await upload(c, owner, pdf_bytes(pad_to=6 * 1024 * 1024 + 512 * 1024))
    assert r.status_code == 413
    assert "Berkas terlalu besar" in r.json()["detail"]
    assert objects(s3_storage) == before
    assert unfinished_uploads(s3_endpoint) == []
    assert not await Document.exists().where(Document.owner_id == owner)


async def test_refused_type_never_reaches_the_bucket(login, s3_storage):
    c = await login("demo.kasubag-umum")
    before = objects(s3_storage)
    r = await upload(c, next_owner_id(), exe_bytes(), "laporan.pdf")
    assert r.status_code == 415
    assert objects(s3_storage) == before


async def test_failed_database_write_removes_the_object(demo, monkeypatch, s3_storage):
    async def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(service, "_record", broken)
    before = objects(s3_storage)
    with pytest.raises(RuntimeError):
        await service.save_upload(pdf_bytes(), "a.pdf", "arsip_uji", next_owner_id(), None)
    assert objects(s3_storage) == before


async def test_outsider_cannot_download_from_s3(login):
    writer = await login("demo.kasubag-umum")
    version = (await upload(writer, next_owner_id(), pdf_bytes())).json()
    outsider = await login("demo.sekretaris")
    assert (await outsider.get(version["download_url"])).status_code == 403


async def test_a_sealed_case_document_is_encrypted_in_the_bucket(app, demo, login, s3_storage):
    from tests.sealed_support import leaks, open_report

    report = await open_report(app, demo)
    worker = await login(report["worker"])
    content = pdf_bytes("Bukti pungli Hartono", pad_to=6 * 1024 * 1024)  # two parts of 5 MiB
    r = await worker.post("/api/core/documents", data={"owner_type": "case", "owner_id": str(report["case"]["id"])},
                          files={"file": ("bukti_hartono.pdf", content, "application/pdf")})
    assert r.status_code == 201, r.text
    key = (await DocumentVersion.select(DocumentVersion.storage_key).where(DocumentVersion.id == r.json()["id"]).first())
    stored = s3_storage.client.get_object(BUCKET, f"balai/{key['storage_key']}").read()
    assert b"%PDF" not in stored and content[:4096] not in stored and content[-4096:] not in stored
    assert leaks(stored) == [] and len(stored) > len(content)
    got = await worker.get(f"/documents/{r.json()['id']}/download")
    assert got.status_code == 200 and got.content == content
    assert (await (await login("admin")).get(f"/documents/{r.json()['id']}/download")).status_code == 403
