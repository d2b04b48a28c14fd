"""Personal data (issue 11, part 4; UU 27/2022): declarations, the access log, retention, a person's export.

The test plugin declares "ujisop.pengadu": a complainant's NIK and address in the data of
"ujisop.aduan" cases and the scan of their KTP (documents of kind "ujisop.ktp"), kept 30 days after
the complaint is closed. Documents are real files in the run's document store.
"""

from __future__ import annotations

import asyncio
import io
import json
import types
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from balai.api import (
    DocumentError, PersonalData, TaskState, act, case_tasks, open_case, record_export, record_view, save_upload,
)
from balai.audit.tables import AuditEntry
from balai.documents.service import storage
from balai.documents.tables import Document, DocumentVersion
from balai.jobs import scheduler as jobs
from balai.jobs.tables import JobLease
from balai.personaldata import service
from balai.personaldata.tables import PersonalDataAccess, PersonalDataTombstone
from balai.testing import csrf_from
from balai.workflow.definition import DefinitionError
from balai.workflow.tables import Case
from tests.documents_support import pdf_bytes, png_bytes
from tests.workflow_support import new_unit, person

NIK = "6471011203900001"
JOB = "core.personaldata:retensi_data_pribadi"


@pytest.fixture
async def office(app, demo, make_user):
    unit = await new_unit(demo["umum"])
    pemeriksa = await person(app, ("ujisop_pemeriksa", unit), name="Pemeriksa Aduan")
    officer = await make_user(roles=[("pejabat_pdp", "sekretariat")])
    return {"unit": unit, "pemeriksa": pemeriksa, "officer": officer}


async def _complaint(unit: int, nik: str = NIK, subject: str = "Aduan layanan perizinan") -> dict:
    return await open_case("ujisop.aduan", subject, user=None, unit_id=unit, complete_first="kirim",
                           data={"nama": "Siti Aminah", "nik": nik, "alamat": "Jl. Juanda 12, Samarinda"})


async def _ktp(case_id: int, data: bytes | None = None) -> dict:
    return await save_upload(data or png_bytes(), "ktp-siti.png", "case", case_id, None, title="Pindaian KTP",
                             kind="ujisop.ktp")


def test_hook_personal_data_declarations_are_checked(app):
    declared = service.declarations()
    assert declared["ujisop.pengadu"].document_kinds == ("ujisop.ktp",) and "core.akun" in declared

    def load(*items, owner="ujisop"):
        host = types.SimpleNamespace(per_plugin=lambda hook: [(owner, list(items))])
        return service.load_declarations(types.SimpleNamespace(host=host, sops=app.state.balai.sops))

    good = PersonalData("ujisop.lain", "Lain", fields=("nik",), document_kinds=("ujisop.kk",), retention_days=10,
                        sops=("ujisop.aduan",), nik_field="nik")
    assert list(load(good)) == ["ujisop.lain"]
    for broken in ([PersonalData("persuratan.x", "X")], [good, good],
                   [PersonalData("ujisop.x", "X", document_kinds=("KTP scan",))],
                   [PersonalData("ujisop.x", "X", retention_days=0)],
                   [PersonalData("ujisop.x", "X", sops=("ujisop.tidak_ada",))],
                   [PersonalData("ujisop.x", "X", fields=("nama",), nik_field="nik")]):
        with pytest.raises(DefinitionError, match="Data pribadi"):
            load(*broken)


async def test_a_document_kind_must_be_well_formed(office):
    case = await _complaint(office["unit"])
    with pytest.raises(DocumentError):
        await save_upload(png_bytes(), "ktp.png", "case", case["id"], None, kind="KTP Siti")


async def test_a_personal_data_view_is_logged_and_only_the_officer_reads_the_log(office, login):
    case = await _complaint(office["unit"])
    ktp = await _ktp(case["id"])
    plain = await save_upload(pdf_bytes("Surat pengantar"), "pengantar.pdf", "case", case["id"], None)
    record = f"case:{case['id']}"
    pemeriksa = await login(office["pemeriksa"].username)

    assert (await pemeriksa.get(f"/documents/{ktp['id']}/download")).status_code == 200
    assert (await pemeriksa.get(f"/api/core/documents/versions/{ktp['id']}/content")).status_code == 200
    assert (await pemeriksa.get(f"/documents/{plain['id']}/download")).status_code == 200  # not personal data
    rows = await PersonalDataAccess.select().where(PersonalDataAccess.record == record).order_by(PersonalDataAccess.id) \
        .output(load_json=True)
    assert [(r["action"], r["kind"], r["actor"], r["detail"]["document_id"]) for r in rows] == [
        ("unduh", "ujisop.pengadu", office["pemeriksa"].id, ktp["document_id"])] * 2

    # A plugin's own page showing the NIK records it through the API.
    await record_view(office["pemeriksa"], "ujisop.pengadu", ("case", case["id"]), fields=("nik", "alamat"), ip="10.0.0.9")
    last = await PersonalDataAccess.select().order_by(PersonalDataAccess.id, ascending=False).output(load_json=True).first()
    assert (last["action"], last["record"], last["detail"]["fields"], last["ip"]) == ("lihat", record, ["nik", "alamat"],
                                                                                     "10.0.0.9")
    with pytest.raises(ValueError):
        await record_view(office["pemeriksa"], "ujisop.tidak_dideklarasikan", ("case", case["id"]))

    assert (await pemeriksa.get("/admin/personal-data")).status_code == 403
    assert (await pemeriksa.get("/api/core/personal-data/log")).status_code == 403
    officer = await login(office["officer"])
    page = await officer.get("/admin/personal-data", params={"record": record})
    assert page.status_code == 200 and page.text.count('data-testid="pdp-entry"') == 3
    assert office["pemeriksa"].username in page.text and "Identitas pengadu uji" in page.text
    api = (await officer.get("/api/core/personal-data/log", params={"record": record, "action": "unduh"})).json()
    assert api["total"] == 2 and {e["actor"] for e in api["entries"]} == {office["pemeriksa"].id}
    assert (await officer.get("/api/core/personal-data/log", params={"record": record, "actor": "orang.lain"})).json()[
        "total"] == 0


async def _age(case_id: int | None, document_id: int, days: int) -> None:
    """Move a document's upload (and its case's closing) ``days`` into the past."""
    past = datetime.now(timezone.utc) - timedelta(days=days)
    await Document.update({Document.created_at: past}).where(Document.id == document_id)
    if case_id is not None:
        await Case.update({Case.closed_at: past}).where((Case.id == case_id) & Case.closed_at.is_not_null())


async def _close(case_id: int, user) -> None:
    [task] = [t for t in await case_tasks(case_id) if t["state"] in TaskState.OPEN]
    await act(task["id"], "selesai", user=user)


async def _run_job_in_two_workers(app) -> list[list[str]]:
    [job] = [j for j in jobs.collect_jobs(app.state.host) if j.name == JOB]
    first, second = jobs.Scheduler([job], worker="pdp-a"), jobs.Scheduler([job], worker="pdp-b")
    await first.ensure_leases()
    await JobLease.update({JobLease.run_at: datetime.now(timezone.utc) - timedelta(seconds=1)}).where(JobLease.name == JOB)
    return await asyncio.gather(first.run_due(), second.run_due())


async def test_a_retention_run_deletes_an_expired_ktp_copy_and_leaves_the_record(office, app, login):
    closed = await _complaint(office["unit"], subject="Aduan yang sudah selesai")
    expired = await _ktp(closed["id"])
    letter = await save_upload(pdf_bytes(), "surat.pdf", "case", closed["id"], None)  # no kind: kept
    await _close(closed["id"], office["pemeriksa"])
    running = await _complaint(office["unit"], subject="Aduan yang masih berjalan")
    kept = await _ktp(running["id"])
    await _age(closed["id"], expired["document_id"], 40)
    await _age(None, kept["document_id"], 40)  # uploaded long ago, but its case is still running
    assert await storage().exists(expired["storage_key"])

    # The officer's retention period is data: at 60 days nothing of 40 days is due.
    await service.set_retention(await office["officer"].current(), "ujisop.pengadu", 60)
    assert expired["document_id"] not in [d["id"] for d, _k, _n in await service.expired_documents()]
    await service.set_retention(await office["officer"].current(), "ujisop.pengadu", None)  # the declared 30

    ran = await _run_job_in_two_workers(app)
    assert sorted(len(r) for r in ran) == [0, 1]  # one worker ran it

    assert not await storage().exists(expired["storage_key"])
    assert await Document.count().where(Document.id == expired["document_id"]) == 0
    assert await DocumentVersion.count().where(DocumentVersion.document == expired["document_id"]) == 0
    assert await storage().exists(kept["storage_key"]) and await storage().exists(letter["storage_key"])
    [stone] = await PersonalDataTombstone.select().where(PersonalDataTombstone.document_id == expired["document_id"])
    assert (stone["kind"], stone["document_kind"], stone["owner_type"], stone["owner_id"], stone["versions"]) == (
        "ujisop.pengadu", "ujisop.ktp", "case", closed["id"], 1)
    assert "30 hari" in stone["reason"] and stone["uploaded_at"] < stone["deleted_at"]
    assert await AuditEntry.count().where((AuditEntry.action == "personaldata.retention_delete")
                                          & (AuditEntry.object_id == str(expired["document_id"]))) == 1
    page = await (await login(office["officer"])).get("/admin/personal-data/retention")
    assert f'href="/cases/{closed["id"]}"' in page.text and stone["reason"] in page.text


async def test_the_retention_form_keeps_a_bad_number(office, login):
    c = await login(office["officer"])
    page = await c.get("/admin/personal-data/retention")
    assert 'data-kind="ujisop.pengadu"' in page.text
    refused = await c.post("/admin/personal-data/retention",
                           data={"_csrf_token": csrf_from(page.text), "kind": "ujisop.pengadu", "hari": "tiga puluh"})
    assert refused.status_code == 400 and "Masa retensi harus 1 sampai 36500 hari." in refused.text
    assert 'value="tiga puluh"' in refused.text
    assert (await service.retention())["ujisop.pengadu"] == 30


async def test_an_export_is_recorded(office, login):
    nik = "6471011203900002"
    case = await _complaint(office["unit"], nik=nik, subject="Aduan untuk diekspor")
    other = await _complaint(office["unit"], nik="6471011203900003", subject="Aduan orang lain")
    scan = png_bytes()
    await _ktp(case["id"], scan)
    c = await login(office["officer"])
    form = await c.get("/admin/personal-data/export")
    token = csrf_from(form.text)
    before = await PersonalDataAccess.count()

    refused = await c.post("/admin/personal-data/export", data={"_csrf_token": token, "dasar": "Surat 12/2026"})
    assert refused.status_code == 400 and "Sebutkan subjek data" in refused.text and "Surat 12/2026" in refused.text
    bad = await c.post("/admin/personal-data/export", data={"_csrf_token": token, "nik": "12345", "dasar": "x"})
    assert bad.status_code == 400 and "NIK terdiri atas 16 angka." in bad.text and 'value="12345"' in bad.text
    assert await PersonalDataAccess.count() == before

    answer = await c.post("/admin/personal-data/export",
                          data={"_csrf_token": token, "nik": nik, "dasar": "Surat permohonan 12/2026"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    data = json.loads(archive.read("data.json"))
    assert [x["reference"] for x in data["cases"]] == [case["reference"]]
    assert other["reference"] not in archive.read("data.json").decode()
    assert data["cases"][0]["data"]["nik"] == nik and data["basis"] == "Surat permohonan 12/2026"
    [document] = data["documents"]
    assert archive.read(document["file"]) == scan
    [entry] = await PersonalDataAccess.select().where(PersonalDataAccess.id > 0).order_by(
        PersonalDataAccess.id, ascending=False).limit(1).output(load_json=True)
    assert (entry["action"], entry["record"], entry["actor"], entry["detail"]["documents"]) == (
        "ekspor", f"nik:{nik}", office["officer"].id, 1)

    # The API: a user's own account, recorded too; refusals say why.
    api = await c.post("/api/core/personal-data/export", json={"user_id": office["pemeriksa"].id, "reason": "Surat 13"})
    assert api.status_code == 200 and api.json()["account"]["username"] == office["pemeriksa"].username
    assert await PersonalDataAccess.count().where(
        PersonalDataAccess.record == f"user:{office['pemeriksa'].id}") == 1
    assert (await c.post("/api/core/personal-data/export", json={"reason": "x"})).status_code == 400
    assert (await c.post("/api/core/personal-data/export", json={"nik": nik})).status_code == 400  # no basis
    assert (await c.post("/api/core/personal-data/export", json={"user_id": 2_000_000_000, "reason": "x"})).status_code == 404
    pemeriksa = await login(office["pemeriksa"].username)
    assert (await pemeriksa.post("/api/core/personal-data/export", json={"nik": nik, "reason": "x"})).status_code == 403


async def test_a_plugins_own_export_is_recorded(office):
    case = await _complaint(office["unit"])
    await record_export(office["pemeriksa"], "ujisop.pengadu", records=[("case", case["id"])], detail={"format": "xlsx"})
    last = await PersonalDataAccess.select().order_by(PersonalDataAccess.id, ascending=False).output(load_json=True).first()
    assert (last["action"], last["kind"], last["record"], last["detail"]["count"], last["detail"]["format"]) == (
        "ekspor", "ujisop.pengadu", f"case:{case['id']}", 1, "xlsx")


async def test_a_declarations_own_records_go_into_the_export(office, app, monkeypatch):
    asked = []

    async def own_records(subject):
        asked.append(subject)
        return [{"register": "buku tamu", "nik": subject.nik}]

    extra = PersonalData("ujisop.tamu", "Tamu uji", fields=("nik",), export=own_records)
    monkeypatch.setitem(app.state.balai.extra, service.EXTRA,
                        types.MappingProxyType({**service.declarations(), extra.kind: extra}))
    data = await service.export_subject(await office["officer"].current(), nik=NIK, reason="Surat 14")
    assert asked == [service.DataSubject(user_id=None, nik=NIK)]
    assert data["records"]["ujisop.tamu"] == [{"register": "buku tamu", "nik": NIK}]
    last = await PersonalDataAccess.select().order_by(PersonalDataAccess.id, ascending=False).output(load_json=True).first()
    assert last["record"] == f"nik:{NIK}" and "ujisop.tamu" in last["detail"]["kinds"]
